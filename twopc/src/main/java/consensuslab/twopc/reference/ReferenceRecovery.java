package consensuslab.twopc.reference;

import consensuslab.twopc.LogRecord;
import consensuslab.twopc.Txn;
import consensuslab.twopc.TxnState;
import consensuslab.twopc.two.ParticipantRecovery;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The reference solution of lab 1's exercise: replay the log, oldest record first. */
public final class ReferenceRecovery implements ParticipantRecovery {

    @Override
    public Recovered recover(List<LogRecord> log, String me) {
        Map<String, TxnState> states = new LinkedHashMap<>();
        Map<String, Txn> prepared = new HashMap<>();
        Map<String, String> store = new TreeMap<>();
        for (LogRecord r : log) {
            switch (r.kind()) {
                case "PREPARED" -> {
                    prepared.put(r.txn(), r.body());
                    states.put(r.txn(), TxnState.READY); // voted yes; in doubt until a decision is logged
                }
                case "COMMIT" -> {
                    Txn t = prepared.get(r.txn());
                    if (t != null) {
                        states.put(r.txn(), TxnState.COMMITTED);
                        store.putAll(t.writesAt(me)); // redo the writes
                    }
                }
                case "ABORT" -> states.put(r.txn(), TxnState.ABORTED);
                default -> { }
            }
        }
        return new Recovered(states, store);
    }
}
