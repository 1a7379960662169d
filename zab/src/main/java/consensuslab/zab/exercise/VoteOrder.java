package consensuslab.zab.exercise;

/**
 * Exercise of lab 5: fast leader election's vote comparison, ZooKeeper's
 * {@code FastLeaderElection.totalOrderPredicate}.
 *
 * <p>Every LOOKING server proposes a leader and sends that vote to all voters. When a vote
 * arrives, the server asks this order whether the vote it received is better than the one it
 * proposes now; if so it switches to it and tells everyone. All servers must use the same
 * <em>total</em> order, so that they end up proposing the same server, and that server must hold
 * every committed transaction (no committed write may be lost by electing it).
 */
@FunctionalInterface
public interface VoteOrder {

    /**
     * A vote for server {@code sid}, as it travels in a notification.
     *
     * @param sid   the proposed leader's server id (myid)
     * @param zxid  the proposed leader's last logged zxid (epoch in the high 32 bits)
     * @param epoch the proposed leader's current epoch (peerEpoch)
     */
    record Candidate(long sid, long zxid, long epoch) {
    }

    /** Does {@code received} beat {@code proposed}, the vote this server proposes now? */
    boolean beats(Candidate received, Candidate proposed);
}
