package consensuslab.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.List;

/** Keeps a run's trace events for a test to look at. */
final class Recorder implements TraceListener {

    final List<TraceEvent> events = new ArrayList<>();

    @Override
    public void onEvent(TraceEvent e) {
        events.add(e);
    }

    /** Time of the first state in which {@code node} (or any server, if null) knows a chosen slot {@code slot}; -1 if never. */
    long firstChosen(String node, long slot) {
        for (TraceEvent e : events) {
            if (e.type() == EventType.STATE && e.node().startsWith("n") && (node == null || node.equals(e.node()))) {
                for (JsonNode entry : TraceEvent.json(e.state()).path("log")) {
                    if (entry.path("chosen").asBoolean() && entry.path("slot").asLong() == slot) {
                        return e.time();
                    }
                }
            }
        }
        return -1;
    }

    long sends(String msgType, long from, long to) {
        return events.stream().filter(e -> e.type() == EventType.SEND && e.time() >= from && e.time() <= to
                && (msgType == null || msgType.equals(e.msgType()))).count();
    }
}
