package consensuslab.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import consensuslab.core.Json;
import java.util.List;

/**
 * One observable thing that happened. Fields that do not apply are null and left out of the JSON.
 * {@code msg}, {@code timer}, {@code state}, {@code op} and {@code result} hold the live record in
 * process and a {@link JsonNode} once read back from a file; use {@link #json} to treat both alike.
 *
 * @param seq    position in the run, from 0, no gaps
 * @param time   ms: virtual in the simulator, wall clock over TCP
 * @param type   what happened
 * @param node   the node it happened at (timers, crash, state, invoke, return, note, sync)
 * @param from   sender (send, deliver, drop, duplicate, link_down: the peer)
 * @param to     receiver
 * @param id     message id (links send, duplicate, deliver and drop), timer handle, or operation id
 * @param msg    the message, with its {@code type}
 * @param timer  the timer, with its {@code type}
 * @param due    when a timer set now will fire, or when a sent message is due to arrive
 * @param state  a node's published state
 * @param op     a client operation (invoke)
 * @param result a client operation's result (return)
 * @param groups a partition's groups
 * @param text   a note, or the reason for a drop
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"seq", "time", "type", "node", "from", "to", "id", "msg", "timer", "due", "state", "op", "result", "groups", "text"})
public record TraceEvent(
        long seq,
        long time,
        EventType type,
        String node,
        String from,
        String to,
        Long id,
        @JsonDeserialize(as = JsonNode.class) @JsonSerialize(using = PayloadSerializer.class) Object msg,
        @JsonDeserialize(as = JsonNode.class) @JsonSerialize(using = PayloadSerializer.class) Object timer,
        Long due,
        @JsonDeserialize(as = JsonNode.class) Object state,
        @JsonDeserialize(as = JsonNode.class) Object op,
        @JsonDeserialize(as = JsonNode.class) Object result,
        List<List<String>> groups,
        String text) {

    /** The message's type name ("Prepare"), or null. */
    public String msgType() {
        return typeName(msg);
    }

    /** The timer's type name, or null. */
    public String timerType() {
        return typeName(timer);
    }

    /** Any payload field as JSON, whether live or read back. */
    public static JsonNode json(Object payload) {
        return payload == null ? null : Json.tree(payload);
    }

    private static String typeName(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof JsonNode j) {
            JsonNode t = j.get("type");
            return t == null ? null : t.asText();
        }
        return o.getClass().getSimpleName();
    }

    /** A builder-ish starting point: an event with only the common fields. */
    public static TraceEvent of(long seq, long time, EventType type) {
        return new TraceEvent(seq, time, type, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
