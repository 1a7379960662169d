package consensuslab.paxos.check;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.paxos.LogEntry;
import consensuslab.paxos.basic.PaxosState;
import consensuslab.paxos.multi.MultiPaxosState;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields the checkers need from a published state: straight from the record when the
 * event is live, or from its JSON when the trace was read back from a file.
 */
final class StateView {

    private StateView() {
    }

    static List<LogEntry> log(Object state) {
        if (state instanceof MultiPaxosState m) {
            return m.log();
        }
        if (state instanceof PaxosState p) {
            return p.log();
        }
        List<LogEntry> out = new ArrayList<>();
        for (JsonNode e : TraceEvent.json(state).path("log")) {
            out.add(new LogEntry(e.path("slot").asLong(), e.path("command").asText(), e.path("ballot").asText(),
                    e.path("chosen").asBoolean()));
        }
        return out;
    }

    /** A single-decree proposer's input value, or null. */
    static String input(Object state) {
        if (state instanceof MultiPaxosState) {
            return null;
        }
        if (state instanceof PaxosState p) {
            return p.input();
        }
        JsonNode in = TraceEvent.json(state).get("input");
        return in == null || in.isNull() ? null : in.asText();
    }
}
