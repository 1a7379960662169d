package consensuslab.labs.student;

import consensuslab.twopc.LogRecord;
import consensuslab.twopc.two.ParticipantRecovery;
import java.util.List;

/**
 * Lab 1's exercise: a 2PC participant restarts and rebuilds itself from its durable log.
 * Fill in {@link #recover}, then run {@code bin/lab grade 2pc-recovery}.
 *
 * <p>The log holds, oldest first: {@code PREPARED txn} (forced before voting yes; {@code r.body()}
 * is the transaction, {@code r.body().writesAt(me)} its writes here), {@code COMMIT txn} and
 * {@code ABORT txn}. Return every transaction's state (READY if it voted yes and no decision is
 * logged, COMMITTED, ABORTED) and the store rebuilt from the committed writes, in log order.
 * The participant then re-takes the locks of the READY ones and asks what was decided.
 */
public final class StudentRecovery implements ParticipantRecovery {

    @Override
    public Recovered recover(List<LogRecord> log, String me) {
        throw new UnsupportedOperationException("not written yet: fill in StudentRecovery.recover");
    }
}
