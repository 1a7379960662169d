package consensuslab.twopc;

/**
 * The failure-free cost of one transaction with N participants, as this implementation counts it
 * (see docs/twopc.md, which sets it beside Gray and Lamport's 3N-1 messages, 4 message delays and
 * N+1 forced writes). Counted by {@link TxnCounter}: every message carrying the transaction's id,
 * the client's Submit and Outcome included; delays are causal depth starting with the Submit.
 */
public final class CostModel {

    /**
     * @param messages         all messages about the transaction
     * @param delaysToDecision message delays until the last participant decides
     * @param delaysToClient   message delays until the client has the outcome
     * @param forcedWrites     forced (synced) log writes, all nodes together
     */
    public record Cost(int messages, int delaysToDecision, int delaysToClient, int forcedWrites) {
    }

    private CostModel() {
    }

    /**
     * 2PC commit: Submit + N Prepare + N Vote + N Commit (3N+1, the decision is everywhere after 4
     * delays) + N Ack + Outcome = 4N+2. Forced: N PREPARED + the coordinator's COMMIT (N+1 before
     * the decision is out) + N participant COMMITs (presumed abort's acks need them) = 2N+1.
     */
    public static Cost twoPcCommit(int n) {
        return new Cost(4 * n + 2, 4, 4, 2 * n + 1);
    }

    /**
     * Abort decided at the first no vote, with {@code yes} participants having voted yes (forced
     * their PREPARED): Submit + N Prepare + N Vote + (N-1) Abort + Outcome = 3N+1; nothing else is
     * forced (presumed abort); the last decision is at delay 4, or 2 if everyone voted no.
     * The same for 2PC and 3PC (CanCommit instead of Prepare).
     */
    public static Cost abort(int n, int yes) {
        return new Cost(3 * n + 1, yes > 0 ? 4 : 2, 4, yes);
    }

    /**
     * 3PC commit: Submit + N CanCommit + N Vote + N PreCommit + N Ack + N DoCommit + Outcome =
     * 5N+2, decided after 6 delays. Forced: N PREPARED + coordinator PRECOMMIT + N PRECOMMIT +
     * coordinator COMMIT = 2N+2 (the participants' COMMIT records are lazy).
     */
    public static Cost threePcCommit(int n) {
        return new Cost(5 * n + 2, 6, 6, 2 * n + 2);
    }
}
