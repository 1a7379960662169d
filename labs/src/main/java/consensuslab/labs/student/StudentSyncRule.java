package consensuslab.labs.student;

import consensuslab.zab.exercise.SyncChoice;
import consensuslab.zab.exercise.SyncRule;
/**
 * Lab 6's exercise, yours to fill in: see {@link SyncRule} and {@link SyncChoice}, then run
 * {@code bin/lab grade zab-sync}.
 *
 * <p>Hints: compare peerLastZxid with minCommittedLog and maxCommittedLog first. Inside the range,
 * is peerLastZxid one of the leader's own proposals? What is the last zxid the learner and the leader share?
 * {@code Zxid.epoch(z)} and {@code Zxid.counter(z)} split a zxid.
 */
public final class StudentSyncRule implements SyncRule {

    @Override
    public SyncChoice choose(SyncFacts facts) {
        throw new UnsupportedOperationException("not written yet: fill in StudentSyncRule.choose");
    }
}
