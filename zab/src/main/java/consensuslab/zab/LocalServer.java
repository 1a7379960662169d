package consensuslab.zab;

import java.util.List;

/**
 * The server that shares a process (and the event loop) with a peer, as ZooKeeper's request
 * processors share a JVM with its QuorumPeer: it hands writes to {@link QuorumPeer#submit}, asks
 * {@link QuorumPeer#sync} and reports sessions with {@link QuorumPeer#sessionsAlive}; the engine
 * answers through this interface, on the peer's event loop. Committed transactions reach it
 * through the state machine. The engine knows nothing else of it.
 */
public interface LocalServer {

    /** The leader had logged up to {@code zxid} when it answered the sync {@code id}. */
    void syncPoint(long id, long zxid);

    /** Leader only: a learner's server reports these sessions alive. */
    void sessionsAlive(List<Long> sessions);

    /** No local server (simulated runs). */
    LocalServer NONE = new LocalServer() {
        @Override
        public void syncPoint(long id, long zxid) {
        }

        @Override
        public void sessionsAlive(List<Long> sessions) {
        }
    };
}
