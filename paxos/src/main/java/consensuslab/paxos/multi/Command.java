package consensuslab.paxos.multi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A state-machine command in a Multi-Paxos slot: a client's key-value operation tagged with the
 * client and its sequence number (so a retried request runs once), or a no-op that fills a gap.
 *
 * @param client   "c1", or null for a no-op
 * @param seq      the client's sequence number
 * @param f        "get", "put", "append", "cas" or "noop"
 * @param key      the key
 * @param value    the value written (put, append, cas), else null
 * @param expected cas: the value expected, else null
 */
public record Command(String client, long seq, String f, String key, String value, String expected) {

    public static final String NOOP = "noop";

    public static Command noop() {
        return new Command(null, 0, NOOP, null, null, null);
    }

    @JsonIgnore
    public boolean isNoop() {
        return NOOP.equals(f);
    }

    /** One line, e.g. "c1#3 cas k0 x->y"; the checkers compare commands by this text. */
    public String render() {
        if (isNoop()) {
            return NOOP;
        }
        StringBuilder sb = new StringBuilder().append(client).append('#').append(seq).append(' ').append(f).append(' ').append(key);
        if ("cas".equals(f)) {
            sb.append(' ').append(expected == null ? "nil" : expected).append("->").append(value);
        } else if (value != null) {
            sb.append(' ').append(value);
        }
        return sb.toString();
    }

    /** The command a client's invoked operation becomes (for the validity checker). */
    public static Command fromInvoke(String client, Long opId, JsonNode op) {
        return new Command(client, opId == null ? 0 : opId, text(op, "f"), text(op, "key"), text(op, "value"), text(op, "expected"));
    }

    private static String text(JsonNode op, String field) {
        JsonNode v = op == null ? null : op.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
