package consensuslab.zab;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One transaction: what the leader proposes and every server delivers, in zxid order.
 *
 * @param zxid   its place in the total order (epoch &lt;&lt; 32 | counter), chosen by the leader
 * @param server the server the client sent the write to; it answers the client on delivery
 * @param client the client (c1..cM)
 * @param cxid   the client's number for the write, unique per client
 * @param op     the write itself, opaque to Zab: the state machine interprets it
 */
public record Txn(long zxid, String server, String client, long cxid, JsonNode op) {

    /** The transaction's identity in checkers and traces: "c1:4". */
    public String id() {
        return client + ":" + cxid;
    }

    public Txn withZxid(long z) {
        return new Txn(z, server, client, cxid, op);
    }
}
