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
     * The whole state as a value, for the peer's state key in the exhaustive search
     * ({@code Node.stateKey}), or null (the default) if the state machine offers none; then its
     * peer offers none either.
     */
    default Object stateKey() {
        return null;
    }

    /**
     * A read served by this replica without a transaction, as ZooKeeper serves getData/exists: the
     * answer, or null if {@code op} is a write (the default: every op is a write).
     */
    default String read(com.fasterxml.jackson.databind.JsonNode op) {
        return null;
    }

    /**
     * A transaction's op in a few words, for the inspector's log entries: {@code "put k1=v3"} for the
     * key-value map; a workload with other ops names them its own way.
     */
    default String describe(com.fasterxml.jackson.databind.JsonNode op) {
        String v = op.path("value").asText("");
        return (op.path("f").asText("") + " " + op.path("key").asText("") + (v.isEmpty() ? "" : "=" + v)).trim();
    }

    // ---- sessions and watches (the znode workload; the key-value map has neither) ----------------

    /** A message for a client that no request asked for (a watch event); sent with cxid -1, as ZooKeeper's xid -1. */
    record Notice(String client, String value) {
    }

    /** Notices produced by the transactions applied since the last call. */
    default java.util.List<Notice> takeNotices() {
        return java.util.List.of();
    }

    /**
     * Is {@code op} a keep-alive (a ping)? If so, the session it names was heard from at {@code now}:
     * the server answers it without a transaction, and a learner passes it on to the leader, who
     * decides expiry.
     */
    default boolean touch(com.fasterxml.jackson.databind.JsonNode op, long now) {
        return false;
    }

    /** This server now leads: every known session counts as heard from at {@code now}. */
    default void leading(long now) {
    }

    /** Leader only, every tick: the writes that close sessions that expired by {@code now}. */
    default java.util.List<com.fasterxml.jackson.databind.JsonNode> expired(long now) {
        return java.util.List.of();
    }
}
