package consensuslab.twopc;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Atomic commitment's safety: no transaction is COMMITTED at one participant and ABORTED at
 * another (by the participants' published states), and no client is told an outcome that some
 * participant contradicts. One violation per transaction.
 */
public final class Atomicity implements Checker {

    private final Map<String, TreeSet<String>> committedAt = new HashMap<>();
    private final Map<String, TreeSet<String>> abortedAt = new HashMap<>();
    private final Map<String, String> told = new HashMap<>();
    private final Map<String, String> opTxn = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private final List<Violation> violations = new ArrayList<>();

    @Override
    public String name() {
        return "atomicity";
    }

    @Override
    public void onEvent(TraceEvent e) {
        if (e.type() == EventType.INVOKE) {
            String t = Views.invokedTxn(e);
            if (t != null) {
                opTxn.put(e.node() + "/" + e.id(), t);
            }
            return;
        }
        if (e.type() == EventType.RETURN) {
            String t = opTxn.get(e.node() + "/" + e.id());
            String o = Views.outcome(e);
            if (t != null && o != null) {
                told.put(t, o);
                check(t, e.seq());
            }
            return;
        }
        Map<String, String> txns = Views.participantTxns(e);
        if (txns == null) {
            return;
        }
        for (Map.Entry<String, String> x : txns.entrySet()) {
            if (x.getValue().equals("COMMITTED")) {
                if (committedAt.computeIfAbsent(x.getKey(), k -> new TreeSet<>()).add(e.node())) {
                    check(x.getKey(), e.seq());
                }
            } else if (x.getValue().equals("ABORTED")) {
                if (abortedAt.computeIfAbsent(x.getKey(), k -> new TreeSet<>()).add(e.node())) {
                    check(x.getKey(), e.seq());
                }
            }
        }
    }

    private void check(String txn, long seq) {
        if (reported.contains(txn)) {
            return;
        }
        TreeSet<String> c = committedAt.get(txn);
        TreeSet<String> a = abortedAt.get(txn);
        String msg = null;
        if (c != null && a != null) {
            msg = txn + " committed at " + String.join(",", c) + " but aborted at " + String.join(",", a);
        } else if ("COMMITTED".equals(told.get(txn)) && a != null) {
            msg = txn + ": client told COMMITTED but aborted at " + String.join(",", a);
        } else if ("ABORTED".equals(told.get(txn)) && c != null) {
            msg = txn + ": client told ABORTED but committed at " + String.join(",", c);
        }
        if (msg != null) {
            reported.add(txn);
            violations.add(new Violation(name(), msg, seq));
        }
    }

    @Override
    public Atomicity copy() {
        Atomicity c = new Atomicity();
        committedAt.forEach((t, at) -> c.committedAt.put(t, new TreeSet<>(at)));
        abortedAt.forEach((t, at) -> c.abortedAt.put(t, new TreeSet<>(at)));
        c.told.putAll(told);
        c.opTxn.putAll(opTxn);
        c.reported.addAll(reported);
        c.violations.addAll(violations);
        return c;
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
