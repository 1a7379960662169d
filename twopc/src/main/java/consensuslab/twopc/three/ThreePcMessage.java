package consensuslab.twopc.three;

import consensuslab.core.Message;
import consensuslab.twopc.Txn;
import consensuslab.twopc.TxnOutcome;

/** Three-phase commit's messages (Skeen's names: CanCommit, PreCommit, DoCommit). */
public sealed interface ThreePcMessage extends Message permits ThreePcMessage.Submit, ThreePcMessage.CanCommit,
        ThreePcMessage.Vote, ThreePcMessage.PreCommit, ThreePcMessage.Ack, ThreePcMessage.DoCommit,
        ThreePcMessage.Abort, ThreePcMessage.StateReq, ThreePcMessage.StateReport, ThreePcMessage.Query,
        ThreePcMessage.Outcome {

    /** The transaction this message is about. */
    String txn();

    /** Client to coordinator: please commit this transaction. */
    record Submit(String txn, Txn body) implements ThreePcMessage {
    }

    /** Coordinator to participant: phase 1, can you commit? */
    record CanCommit(String txn, Txn body) implements ThreePcMessage {
    }

    /** Participant to coordinator: yes (prepared record forced first) or no. */
    record Vote(String txn, boolean yes) implements ThreePcMessage {
    }

    /** Coordinator (or a backup coordinator) to participant: phase 2, everyone voted yes. */
    record PreCommit(String txn) implements ThreePcMessage {
    }

    /** Participant to whoever sent PreCommit: I am pre-committed (record forced). */
    record Ack(String txn) implements ThreePcMessage {
    }

    /** Coordinator (or backup) to participant: phase 3, commit. */
    record DoCommit(String txn) implements ThreePcMessage {
    }

    /** Coordinator (or backup) to participant: abort. */
    record Abort(String txn) implements ThreePcMessage {
    }

    /** Termination and recovery: a participant asks every other site for its state. */
    record StateReq(String txn, int round) implements ThreePcMessage {
    }

    /**
     * The answer: {@code state} is INIT, READY, PRECOMMIT, COMMITTED or ABORTED (the coordinator
     * answers PRECOMMIT when its log has a PRECOMMIT record and no decision); {@code recovered} is
     * true when the site crashed since it voted and so cannot vouch for what it missed.
     */
    record StateReport(String txn, int round, String state, boolean recovered) implements ThreePcMessage {
    }

    /** Client to any server: the outcome is late, what is it? */
    record Query(String txn) implements ThreePcMessage {
    }

    /** To the client: the outcome. */
    record Outcome(String txn, boolean commit) implements ThreePcMessage, TxnOutcome {
    }
}
