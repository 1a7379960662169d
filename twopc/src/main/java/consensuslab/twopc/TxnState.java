package consensuslab.twopc;

/** A participant's state for one transaction, as published and traced. */
public enum TxnState {
    /** The request to prepare has arrived; the participant has not voted yet. */
    INIT,
    /** Voted yes: the prepared record is forced; the participant is in doubt and holds its locks. */
    READY,
    /** 3PC only: the participant knows everyone voted yes (committable); still holds its locks. */
    PRECOMMIT,
    COMMITTED,
    ABORTED;

    public boolean inDoubt() {
        return this == READY || this == PRECOMMIT;
    }

    public boolean decided() {
        return this == COMMITTED || this == ABORTED;
    }
}
