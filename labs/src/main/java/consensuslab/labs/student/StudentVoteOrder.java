package consensuslab.labs.student;

import consensuslab.zab.exercise.VoteOrder;
/**
 * Lab 5's exercise, yours to fill in: see {@link VoteOrder}, then run
 * {@code bin/lab grade fle-vote}.
 *
 * <p>Hints: a vote names (epoch, zxid, sid). Which of the three says most about whether the
 * candidate holds every committed write? What breaks a tie so that all servers agree?
 */
public final class StudentVoteOrder implements VoteOrder {

    @Override
    public boolean beats(Candidate received, Candidate proposed) {
        throw new UnsupportedOperationException("not written yet: fill in StudentVoteOrder.beats");
    }
}
