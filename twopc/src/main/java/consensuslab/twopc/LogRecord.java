package consensuslab.twopc;

/**
 * One record of a coordinator's or participant's durable log ({@code txn.log}, JSON lines).
 *
 * @param kind BEGIN, PREPARED, PRECOMMIT, COMMIT, ABORT or END
 * @param txn  the transaction id
 * @param body the whole transaction where recovery needs it (PREPARED, BEGIN, COMMIT), else null
 */
public record LogRecord(String kind, String txn, Txn body) {

    public static final String FILE = "txn.log";

    public String render() {
        return kind + " " + txn;
    }
}
