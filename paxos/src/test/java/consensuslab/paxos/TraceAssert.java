package consensuslab.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;

final class TraceAssert {
    private TraceAssert() {
    }

    /** The value some server first learned for {@code slot}, or null. */
    static String chosenValue(Recorder rec, long slot) {
        for (TraceEvent e : rec.events) {
            if (e.type() == EventType.STATE && e.node().startsWith("n")) {
                for (JsonNode entry : TraceEvent.json(e.state()).path("log")) {
                    if (entry.path("chosen").asBoolean() && entry.path("slot").asLong() == slot) {
                        return entry.path("command").asText();
                    }
                }
            }
        }
        return null;
    }
}
