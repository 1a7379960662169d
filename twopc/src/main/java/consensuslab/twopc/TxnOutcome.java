package consensuslab.twopc;

/** Implemented by each protocol's outcome message to a client. */
public interface TxnOutcome {
    String txn();

    /** True for commit. */
    boolean commit();
}
