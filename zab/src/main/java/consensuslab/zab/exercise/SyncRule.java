package consensuslab.zab.exercise;

import java.util.List;

/**
 * Exercise of lab 6: the leader's choice of how to synchronize a learner, ZooKeeper's
 * {@code LearnerHandler.syncFollower}.
 *
 * <p>After the election every learner reports the last zxid it logged (peerLastZxid). The leader
 * keeps its most recent committed proposals in memory, from minCommittedLog to maxCommittedLog,
 * and picks one of four ways to make the learner's log a prefix-equal copy of its own:
 * {@link SyncChoice.Diff}, {@link SyncChoice.Trunc}, {@link SyncChoice.TruncDiff} or
 * {@link SyncChoice.Snap}. The leader then sends what the choice implies; a wrong choice leaves
 * the learner with a history that differs from the leader's.
 */
@FunctionalInterface
public interface SyncRule {

    /**
     * What the leader knows when it chooses.
     *
     * @param peerLastZxid    the learner's last logged zxid
     * @param minCommittedLog the oldest committed proposal the leader keeps in memory
     * @param maxCommittedLog the newest committed proposal (the leader's last committed zxid)
     * @param committedLog    the zxids of the proposals kept in memory, ascending, from
     *                        minCommittedLog to maxCommittedLog (empty when the leader keeps none;
     *                        then minCommittedLog == maxCommittedLog == its last committed zxid)
     */
    record SyncFacts(long peerLastZxid, long minCommittedLog, long maxCommittedLog, List<Long> committedLog) {
        public SyncFacts {
            committedLog = List.copyOf(committedLog);
        }
    }

    SyncChoice choose(SyncFacts facts);
}
