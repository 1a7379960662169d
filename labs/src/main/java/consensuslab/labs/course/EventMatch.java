package consensuslab.labs.course;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A predicate over trace events, as scenario files write it:
 * {@code {"type":"send","from":"n3","msg":"Proposal","where":{"/zxid":4294967297}}}. Every field
 * given must match; {@code where} looks into the event's payload (the message for send, deliver,
 * drop and duplicate; the state for state; the operation for invoke; the result for return; the
 * timer for timer events). {@code nth} (from 1) picks the n-th match since the run began.
 */
public record EventMatch(EventType type, String node, String from, String to, String msg, String text, Map<String, JsonNode> where,
                         int nth) {

    public boolean test(TraceEvent e) {
        if (type != null && e.type() != type) {
            return false;
        }
        if (node != null && !node.equals(e.node())) {
            return false;
        }
        if (from != null && !from.equals(e.from())) {
            return false;
        }
        if (to != null && !to.equals(e.to())) {
            return false;
        }
        if (msg != null && !msg.equals(e.msgType()) && !msg.equals(e.timerType())) {
            return false;
        }
        if (text != null && (e.text() == null || !e.text().contains(text))) {
            return false;
        }
        if (!where.isEmpty()) {
            JsonNode payload = TraceEvent.json(payload(e));
            if (payload == null) {
                return false;
            }
            for (Map.Entry<String, JsonNode> w : where.entrySet()) {
                if (!Values.same(payload.at(w.getKey()), w.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    static Object payload(TraceEvent e) {
        return switch (e.type()) {
            case STATE -> e.state();
            case INVOKE -> e.op();
            case RETURN -> e.result();
            case TIMER_SET, TIMER_FIRE -> e.timer();
            default -> e.msg();
        };
    }

    /** "a send from n3 of Proposal" */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(type == null ? "an event" : "a " + type.json());
        if (msg != null) {
            parts.add("of " + msg);
        }
        if (node != null) {
            parts.add("at " + node);
        }
        if (from != null) {
            parts.add("from " + from);
        }
        if (to != null) {
            parts.add("to " + to);
        }
        if (text != null) {
            parts.add("saying '" + text + "'");
        }
        if (!where.isEmpty()) {
            parts.add("with " + where);
        }
        if (nth > 0) {
            parts.add("(match #" + nth + " of the run)");
        }
        return String.join(" ", parts);
    }
}
