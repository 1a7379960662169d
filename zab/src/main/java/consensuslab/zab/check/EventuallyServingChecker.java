package consensuslab.zab.check;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Liveness, for runs whose faults all end well before the run does (property tests): at the end
 * every server that is up serves clients, and exactly one of them leads, established. Not among
 * the protocol's default checkers, since a run may end in the middle of a fault.
 */
public final class EventuallyServingChecker implements Checker {

    private final Map<String, Boolean> up = new TreeMap<>();
    private final Map<String, Boolean> serving = new TreeMap<>();
    private final Map<String, Boolean> established = new TreeMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private String notJudged = "judged when the run ends";

    @Override
    public String name() {
        return "eventually-serving";
    }

    @Override
    public void onEvent(TraceEvent e) {
        String n = e.node();
        if (n == null || !n.startsWith("n")) {
            return;
        }
        if (e.type() == EventType.START || e.type() == EventType.RESTART || e.type() == EventType.RESUME) {
            up.put(n, true);
        } else if (e.type() == EventType.CRASH || e.type() == EventType.PAUSE) {
            up.put(n, false);
        } else if (e.type() == EventType.STATE) {
            JsonNode s = TraceEvent.json(e.state());
            serving.put(n, s.path("serving").asBoolean());
            established.put(n, s.path("established").asBoolean());
        }
    }

    @Override
    public void finish(long endTime) {
        notJudged = null;
        List<String> leaders = new ArrayList<>();
        for (Map.Entry<String, Boolean> u : up.entrySet()) {
            if (!u.getValue()) {
                continue;
            }
            if (!serving.getOrDefault(u.getKey(), false)) {
                violations.add(new Violation(name(), u.getKey() + " is up but not serving at " + endTime + " ms", -1));
                return;
            }
            if (established.getOrDefault(u.getKey(), false)) {
                leaders.add(u.getKey());
            }
        }
        if (leaders.size() != 1) {
            violations.add(new Violation(name(), "established leaders at the end: " + leaders, -1));
        }
    }

    @Override
    public String notJudged() {
        return notJudged;
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
