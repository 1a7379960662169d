package consensuslab.zab.solution;

import consensuslab.zab.Zxid;
import consensuslab.zab.exercise.SyncChoice;
import consensuslab.zab.exercise.SyncRule;
import java.util.List;

/**
 * The reference answer to lab 6's exercise: ZooKeeper's LearnerHandler.syncFollower over the
 * committed log in memory.
 * <ul>
 *   <li>peerLastZxid == maxCommittedLog: nothing to send, an empty DIFF;</li>
 *   <li>peerLastZxid beyond maxCommittedLog: the learner logged proposals that were never
 *       committed: TRUNC back to maxCommittedLog (unless peerLastZxid is the bare start of an
 *       epoch, which holds no proposal);</li>
 *   <li>peerLastZxid inside [minCommittedLog, maxCommittedLog] and one of our proposals (or the
 *       start of an epoch): DIFF;</li>
 *   <li>inside the range but not one of ours: the learner holds a proposal we never had (it led
 *       an earlier epoch and was cut off): TRUNC to our previous proposal, then DIFF (TRUNC+DIFF),
 *       as the book describes it. ZooKeeper 3.9 sends a SNAP instead when the truncation would
 *       cross an epoch boundary, because its log files cannot be cut there; this log can;</li>
 *   <li>anything else (below minCommittedLog): SNAP.</li>
 * </ul>
 */
public final class ReferenceSyncRule implements SyncRule {

    @Override
    public SyncChoice choose(SyncFacts f) {
        long peer = f.peerLastZxid();
        boolean epochStart = Zxid.counter(peer) == 0;
        if (peer == f.maxCommittedLog()) {
            return new SyncChoice.Diff();
        }
        if (peer > f.maxCommittedLog()) {
            return epochStart ? new SyncChoice.Snap() : new SyncChoice.Trunc(f.maxCommittedLog());
        }
        if (peer < f.minCommittedLog()) {
            return new SyncChoice.Snap();
        }
        List<Long> log = f.committedLog();
        if (epochStart || log.contains(peer)) {
            return new SyncChoice.Diff();
        }
        long prev = -1;
        for (long z : log) {
            if (z < peer) {
                prev = z;
            }
        }
        if (prev < 0) {
            return new SyncChoice.Snap();
        }
        return new SyncChoice.TruncDiff(prev);
    }
}
