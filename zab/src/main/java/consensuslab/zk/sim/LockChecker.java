package consensuslab.zk.sim;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The lock and master-election recipes ({@code workload=recipes}): never two clients that own at
 * once (a client that crashed owns nothing). Reads the clients' published {@code owns} and the
 * crash events. Liveness (every waiter eventually owns) is checked by the graded runs, which know
 * when a run should have finished.
 */
public final class LockChecker implements Checker {

    private final List<Violation> violations = new ArrayList<>();
    private final TreeSet<String> owners = new TreeSet<>();

    @Override
    public String name() {
        return "lock-exclusive";
    }

    @Override
    public void onEvent(TraceEvent e) {
        if (e.node() == null || !e.node().startsWith("c") || !violations.isEmpty()) {
            return;
        }
        if (e.type() == EventType.CRASH) {
            owners.remove(e.node());
        } else if (e.type() == EventType.STATE) {
            JsonNode s = TraceEvent.json(e.state());
            if (!s.has("owns")) {
                return;
            }
            if (s.path("owns").asBoolean()) {
                if (owners.add(e.node()) && owners.size() > 1) {
                    violations.add(new Violation(name(), "at " + e.time() + " ms " + owners + " own the " + s.path("recipe").asText()
                            + " at once", e.seq()));
                }
            } else {
                owners.remove(e.node());
            }
        }
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
