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
 * once (a client that crashed owns nothing). Reads the clients' published {@code recipes/NAME/owns} and the
 * crash events. Liveness (every waiter eventually owns) is checked by the graded runs, which know
 * when a run should have finished.
 */
public final class LockChecker implements Checker {

    private final List<Violation> violations = new ArrayList<>();
    /** Per recipe (lock, herd, election): the clients that own it now. */
    private final java.util.Map<String, TreeSet<String>> owners = new java.util.TreeMap<>();

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
            owners.values().forEach(o -> o.remove(e.node()));
        } else if (e.type() == EventType.STATE) {
            JsonNode recipes = TraceEvent.json(e.state()).path("recipes");
            for (String name : List.of("lock", "herd", "election")) {
                if (!recipes.has(name)) {
                    continue;
                }
                TreeSet<String> o = owners.computeIfAbsent(name, k -> new TreeSet<>());
                if (recipes.path(name).path("owns").asBoolean()) {
                    if (o.add(e.node()) && o.size() > 1) {
                        violations.add(new Violation(name(), "at " + e.time() + " ms " + o + " own the " + name + " at once", e.seq()));
                    }
                } else {
                    o.remove(e.node());
                }
            }
        }
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
