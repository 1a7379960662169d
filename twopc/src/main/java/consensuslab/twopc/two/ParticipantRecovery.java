package consensuslab.twopc.two;

import consensuslab.twopc.LogRecord;
import consensuslab.twopc.TxnState;
import java.util.List;
import java.util.Map;

/**
 * How a 2PC participant rebuilds itself from its durable log after a restart: lab 1's graded
 * exercise ({@code bin/lab grade 2pc-recovery}). The participant calls it once, in
 * {@code onStart}, and then re-takes the locks of every transaction left READY and asks about it.
 * The protocol's own answer is {@link consensuslab.twopc.reference.ReferenceRecovery}.
 */
public interface ParticipantRecovery {

    /**
     * What the log says.
     *
     * @param states every transaction the log mentions, to its state: READY (voted yes, no decision
     *               logged), COMMITTED or ABORTED
     * @param store  the key-value store rebuilt from the committed transactions' writes, in log order
     */
    record Recovered(Map<String, TxnState> states, Map<String, String> store) {
    }

    /**
     * @param log the records that survived, oldest first: {@code PREPARED} (with the transaction,
     *            whose {@code writesAt(me)} are this participant's writes), {@code COMMIT} and {@code ABORT}
     * @param me  this participant's name ("n2")
     */
    Recovered recover(List<LogRecord> log, String me);
}
