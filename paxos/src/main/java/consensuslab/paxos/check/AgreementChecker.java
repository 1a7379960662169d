package consensuslab.paxos.check;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.paxos.LogEntry;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement: no two learners ever learn different values for the same slot (nor does one learner
 * change its mind). Reads the {@code log} of published server states: entries with
 * {@code chosen = true}.
 */
public final class AgreementChecker implements Checker {

    private Map<Long, String> chosen = new HashMap<>();
    private Map<Long, String> where = new HashMap<>();
    /** True while {@code chosen} and {@code where} are shared with a {@link #copy} (each side copies them before a change). */
    private boolean shared;
    private final List<Violation> violations = new ArrayList<>();

    @Override
    public String name() {
        return "agreement";
    }

    @Override
    public void onEvent(TraceEvent e) {
        if (e.type() != EventType.STATE || e.node() == null || !e.node().startsWith("n") || !violations.isEmpty()) {
            return;
        }
        for (LogEntry entry : StateView.log(e.state())) {
            if (!entry.chosen()) {
                continue;
            }
            long slot = entry.slot();
            String value = entry.command();
            String before = chosen.get(slot);
            if (before == null) {
                own();
                chosen.put(slot, value);
                where.put(slot, e.node());
            } else if (!before.equals(value)) {
                violations.add(new Violation(name(), "slot " + slot + ": " + where.get(slot) + " learned '" + before + "' but "
                        + e.node() + " learned '" + value + "'", e.seq()));
                return;
            }
        }
    }

    @Override
    public AgreementChecker copy() {
        AgreementChecker c = new AgreementChecker();
        c.chosen = chosen;
        c.where = where;
        c.shared = true;
        shared = true;
        c.violations.addAll(violations);
        return c;
    }

    private void own() {
        if (shared) {
            chosen = new HashMap<>(chosen);
            where = new HashMap<>(where);
            shared = false;
        }
    }

    /** Slot → value learned so far (for tests). */
    public Map<Long, String> chosen() {
        return chosen;
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
