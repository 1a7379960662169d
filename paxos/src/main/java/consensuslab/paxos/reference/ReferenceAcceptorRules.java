package consensuslab.paxos.reference;

import consensuslab.paxos.Ballot;
import consensuslab.paxos.basic.Acceptor.AcceptorRecord;
import consensuslab.paxos.basic.AcceptorRules;

/** The reference solution of lab 3's exercise: Paxos Made Simple's P1a and P2. */
public final class ReferenceAcceptorRules implements AcceptorRules {

    @Override
    public Decision onPrepare(AcceptorRecord s, Ballot ballot) {
        if (ballot.compareTo(s.promised()) < 0) {
            return Decision.ignore(s); // below our promise: we promised not to listen
        }
        return Decision.reply(new AcceptorRecord(ballot, s.acceptedBallot(), s.acceptedValue()));
    }

    @Override
    public Decision onAccept(AcceptorRecord s, Ballot ballot, String value) {
        if (ballot.compareTo(s.promised()) < 0) {
            return Decision.ignore(s);
        }
        return Decision.reply(new AcceptorRecord(ballot, ballot, value)); // accepting also promises this ballot
    }
}
