package consensuslab.paxos.perop;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Agreement per instance: no two servers learn different values in one instance (from the hosts' published states). */
public final class InstanceAgreement implements Checker {

    private final Map<String, String> chosen = new TreeMap<>();
    private final Map<String, String> by = new TreeMap<>();
    private final List<Violation> violations = new ArrayList<>();

    @Override
    public String name() {
        return "agreement";
    }

    @Override
    public void onEvent(TraceEvent e) {
        if (e.type() != EventType.STATE) {
            return;
        }
        String instance;
        String value;
        if (e.state() instanceof InstanceHost.HostState s) {
            instance = s.lastInstance();
            value = s.lastValue();
        } else if (e.state() instanceof JsonNode j && j.has("lastInstance")) {
            instance = j.path("lastInstance").asText(null);
            value = j.path("lastValue").asText(null);
        } else {
            return;
        }
        if (instance == null || value == null) {
            return;
        }
        String before = chosen.putIfAbsent(instance, value);
        if (before == null) {
            by.put(instance, e.node());
        } else if (!before.equals(value)) {
            violations.add(new Violation(name(), "instance " + instance + ": " + by.get(instance) + " learned " + before + " but "
                    + e.node() + " learned " + value, e.seq()));
        }
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
