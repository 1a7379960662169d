package consensuslab.twopc;

import consensuslab.check.Checker;
import consensuslab.core.Context;
import consensuslab.core.Json;
import consensuslab.core.LinkKind;
import consensuslab.core.Message;
import consensuslab.core.Node;
import consensuslab.core.NodeFactory;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import java.util.List;

/**
 * What 2PC and 3PC share as registered protocols: n1 is the coordinator, n2..nN the participants,
 * c1..cM clients submitting transactions; datagram links (every wait ends in a timeout that
 * resends); the atomicity, blocking-time and termination checkers.
 *
 * <p>Params: txns, keys, writes, think, clientTimeout (client); retry, voteTimeout (coordinator);
 * timeout, noVoteRate (participant); settle (termination checker). Keep
 * {@code timeout > voteTimeout + 2 * max latency}.
 */
public abstract class CommitProtocol<M extends Message> implements Protocol<M> {

    private final Class<M> messageType;
    private final Termination.Mode termination;

    protected CommitProtocol(Class<M> messageType, Termination.Mode termination) {
        this.messageType = messageType;
        this.termination = termination;
        Json.registerSealed(messageType);
    }

    /** How a client submits a transaction and asks about it, in this protocol's messages. */
    protected abstract TxnClient.Wire<M> wire();

    protected abstract Node<M> coordinator(Context<M> ctx);

    protected abstract Node<M> participant(Context<M> ctx);

    @Override
    public final Class<M> messageType() {
        return messageType;
    }

    @Override
    public final LinkKind linkKind() {
        return LinkKind.DATAGRAM;
    }

    @Override
    public int defaultNodes() {
        return 4;
    }

    @Override
    public int defaultClients() {
        return 2;
    }

    @Override
    public long defaultUntil() {
        return 5_000;
    }

    @Override
    public final NodeFactory<M> factory(Params params) {
        Settings.validate(params);
        TxnClient.Wire<M> wire = wire();
        return ctx -> {
            if (ctx.id().isClient()) {
                return new TxnClient<>(ctx, wire);
            }
            return ctx.id().index() == 1 ? coordinator(ctx) : participant(ctx);
        };
    }

    @Override
    public final List<Checker> checkers(Params params, int servers, int clients) {
        return List.of(new Atomicity(), new BlockingTime(params), new Termination(termination, servers, params));
    }
}
