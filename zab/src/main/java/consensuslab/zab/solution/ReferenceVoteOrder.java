package consensuslab.zab.solution;

import consensuslab.zab.exercise.VoteOrder;

/**
 * The reference answer to lab 5's exercise: ZooKeeper's totalOrderPredicate. A later epoch wins;
 * in the same epoch the longer history (higher zxid) wins; with equal histories the higher server
 * id breaks the tie, so that every server ends up with the same choice.
 */
public final class ReferenceVoteOrder implements VoteOrder {

    @Override
    public boolean beats(Candidate received, Candidate proposed) {
        if (received.epoch() != proposed.epoch()) {
            return received.epoch() > proposed.epoch();
        }
        if (received.zxid() != proposed.zxid()) {
            return received.zxid() > proposed.zxid();
        }
        return received.sid() > proposed.sid();
    }
}
