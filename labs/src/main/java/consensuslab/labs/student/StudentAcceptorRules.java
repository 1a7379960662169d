package consensuslab.labs.student;

import consensuslab.paxos.Ballot;
import consensuslab.paxos.basic.Acceptor.AcceptorRecord;
import consensuslab.paxos.basic.AcceptorRules;

/**
 * Lab 3's exercise: the acceptor's promise and accept rules. Fill in both methods, then run
 * {@code bin/lab grade paxos-acceptor}.
 *
 * <p>{@code state} is what the acceptor has on disk: {@code promised()}, {@code acceptedBallot()}
 * and {@code acceptedValue()} ({@link Ballot#ZERO} and null before anything). Return
 * {@code Decision.ignore(state)} to stay silent, or {@code Decision.reply(next)} to answer with
 * {@code next} as the new state (saved and synced before the reply goes out). Ballots compare
 * with {@code compareTo}.
 */
public final class StudentAcceptorRules implements AcceptorRules {

    @Override
    public Decision onPrepare(AcceptorRecord state, Ballot ballot) {
        throw new UnsupportedOperationException("not written yet: fill in StudentAcceptorRules.onPrepare");
    }

    @Override
    public Decision onAccept(AcceptorRecord state, Ballot ballot, String value) {
        throw new UnsupportedOperationException("not written yet: fill in StudentAcceptorRules.onAccept");
    }
}
