package consensuslab.zk.server;

import java.util.List;

/**
 * What a znode server that is one member of a ZAB ensemble asks of its peer (null for a standalone
 * server). Implemented by {@code consensuslab.zk.ensemble.LocalPeer}. Every method is called on the
 * peer's event loop, where the server's processing runs, and must not block; answers come back
 * through {@link ZnodeServer#touched}, {@link ZnodeServer#syncPoint} and {@link ZnodeServer#notServing}.
 */
public interface EnsembleLink {

    /** "leader", "follower" or "observer" while the peer serves; null while it looks for a leader. */
    String mode();

    /** Whether the peer has a role and is in sync with its leader, so that clients may be served. */
    default boolean serving() {
        return mode() != null;
    }

    /** A follower reports the sessions that are alive here to the leader, which alone decides expiry. */
    void touch(List<Long> sessions);

    /**
     * A sync: ask the leader for the last zxid it has proposed; the answer arrives as
     * {@link ZnodeServer#syncPoint(long, long)} with the same id.
     */
    void sync(long id);

    /** Housekeeping, about every 50 ms: a write not committed in time disconnects the clients. */
    default void tick(long now) {
    }

    /** ZooKeeper's zk_peer_state, e.g. "leading - broadcast"; null for none. */
    default String peerState() {
        return null;
    }

    /** On a leader, the ids of the learners that completed their sync (followers and observers); empty elsewhere. */
    default java.util.List<Integer> syncedLearners() {
        return java.util.List.of();
    }

    /** Sizes in bytes of the transactions this replica applied as last/min/max, or null before the first. */
    default long[] proposalSizes() {
        return null;
    }

    /** Called off the loop about every 50 ms: stops the process if the peer died. */
    default void checkAlive() {
    }
}
