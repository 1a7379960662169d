package consensuslab.paxos.basic;

import consensuslab.paxos.Ballot;
import consensuslab.paxos.basic.Acceptor.AcceptorRecord;

/**
 * The acceptor's two rules, when to promise and when to accept: lab 3's graded exercise
 * ({@code bin/lab grade paxos-acceptor}). The {@link Acceptor} asks them about every Prepare and
 * Accept, saves (and syncs) the state they return if it changed, and replies when they say so: a
 * Promise reports the new state's accepted ballot and value. The protocol's own answer is
 * {@link consensuslab.paxos.reference.ReferenceAcceptorRules}.
 */
public interface AcceptorRules {

    /** Reply or stay silent, and the acceptor's state from now on. */
    record Decision(boolean reply, AcceptorRecord next) {
        public static Decision ignore(AcceptorRecord unchanged) {
            return new Decision(false, unchanged);
        }

        public static Decision reply(AcceptorRecord next) {
            return new Decision(true, next);
        }
    }

    /** Phase 1b: {@code Prepare(ballot)} reached an acceptor in state {@code state}. */
    Decision onPrepare(AcceptorRecord state, Ballot ballot);

    /** Phase 2b: {@code Accept(ballot, value)} reached an acceptor in state {@code state}. */
    Decision onAccept(AcceptorRecord state, Ballot ballot, String value);
}
