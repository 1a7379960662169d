package consensuslab.trace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of trace event; their JSON names are the lower-case words in docs/TRACE.md. */
public enum EventType {
    START("start"),
    SEND("send"),
    DELIVER("deliver"),
    DROP("drop"),
    DUPLICATE("duplicate"),
    TIMER_SET("timer_set"),
    TIMER_FIRE("timer_fire"),
    TIMER_CANCEL("timer_cancel"),
    CRASH("crash"),
    RESTART("restart"),
    PAUSE("pause"),
    RESUME("resume"),
    PARTITION("partition"),
    HEAL("heal"),
    LINK_DOWN("link_down"),
    SYNC("sync"),
    STATE("state"),
    INVOKE("invoke"),
    RETURN("return"),
    NOTE("note");

    private final String json;

    EventType(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @JsonCreator
    public static EventType of(String name) {
        for (EventType t : values()) {
            if (t.json.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown event type '" + name + "'");
    }
}
