package consensuslab.zk.znode;

import java.util.List;

/**
 * One transaction of the replicated state machine: the zxid and wall-clock time chosen by the
 * leader, the session that asked (0 for the server itself) with its authenticated identities
 * (for ACL checks), and the write.
 */
public record ZnodeTxn(long zxid, long time, long sessionId, List<Id> auth, Op op) {
    public ZnodeTxn {
        auth = auth == null ? List.of() : List.copyOf(auth);
    }
}
