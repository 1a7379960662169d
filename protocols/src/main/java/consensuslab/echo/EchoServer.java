package consensuslab.echo;

import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import java.util.List;

/**
 * Echoes pings and counts them durably: the count is written and synced before the pong goes out,
 * so a pong's number never goes backwards across a crash. With {@code bug=nosync} it skips the
 * sync: a planted bug that the property runner must find and shrink to one crash and restart.
 * With {@code tokens=K} each server also starts K tokens hopping between random servers.
 */
public final class EchoServer implements Node<EchoMessage> {

    private static final String FILE = "served.json";

    private final Context<EchoMessage> ctx;
    private final boolean syncBeforeReply;
    private final List<NodeId> peers;
    private long served;
    private long tokensSeen;

    public EchoServer(Context<EchoMessage> ctx) {
        this.ctx = ctx;
        this.syncBeforeReply = !"nosync".equals(ctx.params().get("bug", ""));
        this.peers = ctx.servers().stream().filter(n -> !n.equals(ctx.id())).toList();
    }

    @Override
    public void onStart() {
        Long stored = ctx.storage().readJson(FILE, Long.class);
        served = stored == null ? 0 : stored;
        publish();
        int tokens = ctx.params().getInt("tokens", 0);
        for (int i = 0; i < tokens && !peers.isEmpty(); i++) {
            ctx.send(randomPeer(), new EchoMessage.Token(0));
        }
    }

    @Override
    public void onMessage(NodeId from, EchoMessage m) {
        if (m instanceof EchoMessage.Ping p) {
            served++;
            ctx.storage().writeJson(FILE, served);
            if (syncBeforeReply) {
                ctx.storage().sync();
            }
            ctx.send(from, new EchoMessage.Pong(p.seq(), served));
            publish();
        } else if (m instanceof EchoMessage.Token t) {
            tokensSeen++;
            ctx.send(randomPeer(), new EchoMessage.Token(t.hops() + 1));
        }
    }

    @Override
    public void onTimer(Timer timer) {
        // The server sets no timers.
    }

    private NodeId randomPeer() {
        return peers.get(ctx.random().nextInt(peers.size()));
    }

    private void publish() {
        ctx.publish(new EchoState("server", served, "served " + served));
    }
}
