package consensuslab.zk.server;

import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Op;
import java.util.List;

/**
 * How a server's writes get ordered. A standalone server orders them itself, at once
 * ({@link ZnodeServer#LOCAL}). In an ensemble the proposal goes to the local ZAB peer, whose
 * replica applies every delivered transaction, in zxid order, to the server's tree and calls
 * {@link ZnodeServer#applied} (the tag only means something to the server that proposed it).
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
