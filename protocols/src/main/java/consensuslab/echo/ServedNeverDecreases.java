package consensuslab.echo;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Echo's invariant: a server's published count of served pings never goes down, even across a crash. */
public final class ServedNeverDecreases implements Checker {

    private final Map<String, Long> last = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();

    @Override
    public String name() {
        return "served-never-decreases";
    }

    @Override
    public void onEvent(TraceEvent e) {
        if (e.type() != EventType.STATE || e.node() == null || !e.node().startsWith("n")) {
            return;
        }
        JsonNode s = TraceEvent.json(e.state());
        long count = s.path("count").asLong();
        Long before = last.put(e.node(), count);
        if (before != null && count < before && violations.isEmpty()) {
            violations.add(new Violation(name(), e.node() + " served count went from " + before + " back to " + count, e.seq()));
        }
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
