package consensuslab.twopc.two;

import consensuslab.core.Message;
import consensuslab.twopc.Txn;
import consensuslab.twopc.TxnOutcome;

/** Two-phase commit's messages (Gray and Lamport's names where they have one). */
public sealed interface TwoPcMessage extends Message permits TwoPcMessage.Submit, TwoPcMessage.Prepare,
        TwoPcMessage.Vote, TwoPcMessage.Commit, TwoPcMessage.Abort, TwoPcMessage.Ack, TwoPcMessage.DecisionRequest,
        TwoPcMessage.PeerDecision, TwoPcMessage.Query, TwoPcMessage.Outcome {

    /** The transaction this message is about (every message has one, for per-transaction counting). */
    String txn();

    /** Client to coordinator: please commit this transaction. */
    record Submit(String txn, Txn body) implements TwoPcMessage {
    }

    /** Coordinator to participant: phase 1, prepare (vote). */
    record Prepare(String txn, Txn body) implements TwoPcMessage {
    }

    /** Participant to coordinator: yes ("prepared", after forcing the prepared record) or no. */
    record Vote(String txn, boolean yes) implements TwoPcMessage {
    }

    /** Coordinator to participant: phase 2, the decision is commit (forced in the coordinator's log first). */
    record Commit(String txn) implements TwoPcMessage {
    }

    /** Coordinator to participant: the decision is abort (not logged: presumed abort). */
    record Abort(String txn) implements TwoPcMessage {
    }

    /** Participant to coordinator: commit record forced; the coordinator may forget the transaction. */
    record Ack(String txn) implements TwoPcMessage {
    }

    /** In-doubt participant to coordinator and peers: what was decided? (recovery, cooperative termination) */
    record DecisionRequest(String txn) implements TwoPcMessage {
    }

    /** Participant to an in-doubt peer: the decision it knows, or abort when it never voted yes. */
    record PeerDecision(String txn, boolean commit) implements TwoPcMessage {
    }

    /** Client to coordinator: the outcome is late, what is it? */
    record Query(String txn) implements TwoPcMessage {
    }

    /** Coordinator to client: the outcome. */
    record Outcome(String txn, boolean commit) implements TwoPcMessage, TxnOutcome {
    }
}
