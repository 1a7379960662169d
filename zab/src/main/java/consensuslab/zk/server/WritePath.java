package consensuslab.zk.server;

import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Op;
import java.util.List;

/**
 * How a server's writes get ordered. A standalone server orders them itself, at once
 * ({@link ZnodeServer#LOCAL}). In an ensemble the proposal goes to ZAB, and every server calls
 * {@link ZnodeServer#committed} for every delivered transaction, in zxid order, with the proposal
 * as it was made (its tag only means something to the server that made it).
 */
@FunctionalInterface
public interface WritePath {

    /** A write to be ordered: its tag at the proposing server, its time, session, identities and op. */
    record Proposal(long tag, long time, long sessionId, List<Id> auth, Op op) {
        public Proposal {
            auth = List.copyOf(auth);
        }
    }

    /** Called on the server's processor thread; must not block. */
    void propose(ZnodeServer server, Proposal p);
}
