package consensuslab.visualizer.model;

import consensuslab.check.KvOp;
import consensuslab.echo.EchoClient;
import consensuslab.echo.EchoMessage;
import consensuslab.paxos.multi.Command;
import consensuslab.paxos.multi.MultiPaxosMessage;
import consensuslab.zab.ZabMessage;

/**
 * What a client request a user sends from the Request form means to the checkers: the operation
 * the client would have recorded with {@code ctx.invoke} before sending it. The visualizer records
 * it too (trace event {@code invoke} at the client), so that an injected request counts as
 * proposed for every checker that reads client operations (validity, linearizability, the znode
 * sessions), exactly as one the client made itself.
 */
public final class ClientRequests {

    private ClientRequests() {
    }

    /** A client operation: its id at the client, and the operation as the client records it. */
    public record Invoke(String client, long opId, Object op) {
    }

    /** The invoke a message from {@code from} stands for, or null when it is not a client request. */
    public static Invoke of(String from, Object msg) {
        if (from == null || !from.startsWith("c")) {
            return null;
        }
        if (msg instanceof MultiPaxosMessage.Request r && r.command() != null && !r.command().isNoop()) {
            Command c = r.command();
            String client = c.client() == null ? from : c.client();
            return new Invoke(client, c.seq(), new KvOp(c.f(), c.key(), c.value(), c.expected()));
        }
        if (msg instanceof ZabMessage.ClientRequest r && r.op() != null) {
            Object znodeOp = ZnodeRequests.clientOp(r.op()); // the znode workload's wire request, as its client records it
            return new Invoke(from, r.cxid(), znodeOp != null ? znodeOp : r.op());
        }
        if (msg instanceof EchoMessage.Ping p) {
            return new Invoke(from, p.seq(), new EchoClient.EchoOp("ping", p.seq()));
        }
        return null;
    }
}
