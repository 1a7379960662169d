package consensuslab.paxos;

import consensuslab.core.Context;
import consensuslab.core.Message;
import consensuslab.core.NodeId;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;

/**
 * The roles one server plays (proposer, acceptor, learner) talk to each other through this, at
 * once and in order, instead of over the network; messages for other servers go out through the
 * context. The node drains the local queue at the end of each handler.
 */
public final class Colocated<M extends Message> {

    private final Context<M> ctx;
    private final ArrayDeque<M> local = new ArrayDeque<>();

    public Colocated(Context<M> ctx) {
        this.ctx = ctx;
    }

    public void send(NodeId to, M m) {
        if (to.equals(ctx.id())) {
            local.add(m);
        } else {
            ctx.send(to, m);
        }
    }

    /** To every acceptor: this server's own first, then the others. */
    public void sendToAcceptors(M m) {
        send(ctx.id(), m);
        for (NodeId n : ctx.servers()) {
            if (!n.equals(ctx.id())) {
                send(n, m);
            }
        }
    }

    public int majority() {
        return ctx.servers().size() / 2 + 1;
    }

    /** Hands every locally sent message, in order, to {@code dispatch} (which may send more). */
    public void drain(BiConsumer<NodeId, M> dispatch) {
        while (!local.isEmpty()) {
            dispatch.accept(ctx.id(), local.poll());
        }
    }
}
