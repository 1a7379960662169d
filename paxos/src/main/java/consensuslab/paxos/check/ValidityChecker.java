package consensuslab.paxos.check;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.paxos.LogEntry;
import consensuslab.paxos.multi.Command;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validity: only a proposed value is ever chosen. Proposed values are the {@code input} that
 * single-decree proposers publish, and the operations clients invoke (rendered as commands);
 * a Multi-Paxos leader may also choose {@code noop} to fill a gap.
 */
public final class ValidityChecker implements Checker {

    private Set<String> proposed = new HashSet<>();
    /** True while {@code proposed} is shared with a {@link #copy} (each side copies it before a change). */
    private boolean shared;
    private final List<Violation> violations = new ArrayList<>();

    @Override
    public String name() {
        return "validity";
    }

    @Override
    public void onEvent(TraceEvent e) {
        if (!violations.isEmpty() || e.node() == null) {
            return;
        }
        if (e.type() == EventType.INVOKE) {
            propose(Command.fromInvoke(e.node(), e.id(), TraceEvent.json(e.op())).render());
        } else if (e.type() == EventType.STATE && e.node().startsWith("n")) {
            String input = StateView.input(e.state());
            if (input != null) {
                propose(input);
            }
            for (LogEntry entry : StateView.log(e.state())) {
                String v = entry.command();
                if (entry.chosen() && !Command.NOOP.equals(v) && !proposed.contains(v)) {
                    violations.add(new Violation(name(), e.node() + " learned '" + v + "' in slot " + entry.slot()
                            + ", which nobody proposed", e.seq()));
                    return;
                }
            }
        }
    }

    private void propose(String value) {
        if (!proposed.contains(value)) {
            if (shared) {
                proposed = new HashSet<>(proposed);
                shared = false;
            }
            proposed.add(value);
        }
    }

    @Override
    public ValidityChecker copy() {
        ValidityChecker c = new ValidityChecker();
        c.proposed = proposed;
        c.shared = true;
        shared = true;
        c.violations.addAll(violations);
        return c;
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
