package consensuslab.zab;

/**
 * The replicated state machine that Zab feeds: committed transactions arrive in zxid order through
 * {@link #apply}. A key-value map ({@link KvStateMachine}) for now; the znode data tree plugs in by
 * implementing this interface (its ops travel in {@link Txn#op()} as JSON).
 */
public interface ZabStateMachine {

    /** Applies one committed transaction; returns the result for the client (may be null). */
    String apply(Txn txn);

    /** The whole state, for a snapshot file or a SNAP sync. */
    byte[] snapshot();

    /** Replaces the state with a snapshot taken by {@link #snapshot()}. */
    void restore(byte[] snapshot);

    /** An immutable view for the published node state (the inspector shows it). */
    Object view();

    /**
     * A read served by this replica without a transaction, as ZooKeeper serves getData/exists: the
     * answer, or null if {@code op} is a write (the default: every op is a write).
     */
    default String read(com.fasterxml.jackson.databind.JsonNode op) {
        return null;
    }
}
