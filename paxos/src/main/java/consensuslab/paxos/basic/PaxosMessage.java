package consensuslab.paxos.basic;

import consensuslab.core.Message;
import consensuslab.paxos.Ballot;

/** Single-decree Paxos messages, named as in Lamport's "Paxos Made Simple". */
public sealed interface PaxosMessage extends Message permits PaxosMessage.Prepare, PaxosMessage.Promise,
        PaxosMessage.Accept, PaxosMessage.Accepted, PaxosMessage.Chosen, PaxosMessage.AskChosen {

    /** Phase 1a, proposer to acceptors: promise not to accept anything below {@code ballot}. */
    record Prepare(Ballot ballot) implements PaxosMessage {
    }

    /**
     * Phase 1b, acceptor to proposer: the promise, carrying the highest-ballot proposal this acceptor
     * has accepted ({@code acceptedBallot} = ZERO and {@code acceptedValue} = null when none).
     */
    record Promise(Ballot ballot, Ballot acceptedBallot, String acceptedValue) implements PaxosMessage {
    }

    /** Phase 2a, proposer to acceptors: accept {@code value} in {@code ballot}. */
    record Accept(Ballot ballot, String value) implements PaxosMessage {
    }

    /** Phase 2b, acceptor to the proposer's learner: accepted. */
    record Accepted(Ballot ballot, String value) implements PaxosMessage {
    }

    /** Phase 3, the learner that saw a majority to the other learners: {@code value} is chosen. */
    record Chosen(String value) implements PaxosMessage {
    }

    /** A learner that has not learned yet asks its peers what was chosen (after a crash or a loss). */
    record AskChosen() implements PaxosMessage {
    }
}
