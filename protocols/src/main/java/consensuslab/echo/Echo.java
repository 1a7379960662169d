package consensuslab.echo;

import consensuslab.check.Checker;
import consensuslab.core.LinkKind;
import consensuslab.core.NodeFactory;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import java.util.List;

/** The demo protocol that exercises the whole layer: registered as {@code echo}. */
public final class Echo implements Protocol<EchoMessage> {

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String summary() {
        return "demo: clients ping servers, servers count pings durably (params: ops, retry, tokens, bug=nosync)";
    }

    @Override
    public Class<EchoMessage> messageType() {
        return EchoMessage.class;
    }

    @Override
    public LinkKind linkKind() {
        return LinkKind.DATAGRAM;
    }

    @Override
    public int defaultClients() {
        return 2;
    }

    @Override
    public NodeFactory<EchoMessage> factory(Params params) {
        return ctx -> ctx.id().isClient() ? new EchoClient(ctx) : new EchoServer(ctx);
    }

    @Override
    public List<Checker> checkers(Params params, int servers, int clients) {
        return List.of(new ServedNeverDecreases());
    }
}
