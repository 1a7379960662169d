package consensuslab.twopc;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads this module's published states from trace events, live records and JSON alike. */
public final class Views {
    private Views() {
    }

    /**
     * A participant's per-transaction states from a {@code state} event, or null when the event is
     * not a participant's state.
     */
    public static Map<String, String> participantTxns(TraceEvent e) {
        if (e.type() != EventType.STATE || e.node() == null) {
            return null;
        }
        Object s = e.state();
        if (s instanceof ParticipantView v) {
            return v.txns();
        }
        if (s instanceof JsonNode j) {
            if (!"participant".equals(j.path("role").asText())) {
                return null;
            }
            return textMap(j.path("txns"));
        }
        return null;
    }

    /** A coordinator's per-transaction phases from a {@code state} event, or null when it is not one. */
    public static Map<String, String> coordinatorTxns(TraceEvent e) {
        if (e.type() != EventType.STATE) {
            return null;
        }
        Object s = e.state();
        if (s instanceof CoordinatorView v) {
            return v.txns();
        }
        if (s instanceof JsonNode j && "coordinator".equals(j.path("role").asText())) {
            return textMap(j.path("txns"));
        }
        return null;
    }

    private static Map<String, String> textMap(JsonNode obj) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : obj.properties()) {
            out.put(f.getKey(), f.getValue().asText());
        }
        return out;
    }

    /** The transaction id of a client's {@code invoke} event, or null. */
    public static String invokedTxn(TraceEvent e) {
        if (e.op() instanceof TxnOp op) {
            return op.txn();
        }
        JsonNode j = TraceEvent.json(e.op());
        return j == null || !j.has("txn") ? null : j.get("txn").asText();
    }

    /** The outcome of a client's {@code return} event ("COMMITTED"/"ABORTED"), or null. */
    public static String outcome(TraceEvent e) {
        if (e.result() instanceof TxnResult r) {
            return r.outcome();
        }
        JsonNode j = TraceEvent.json(e.result());
        return j == null || !j.has("outcome") ? null : j.get("outcome").asText();
    }

    /** The {@code txn} field of a message, or null. */
    public static String msgTxn(TraceEvent e) {
        Object m = e.msg();
        if (m instanceof consensuslab.twopc.two.TwoPcMessage t) {
            return t.txn();
        }
        if (m instanceof consensuslab.twopc.three.ThreePcMessage t) {
            return t.txn();
        }
        JsonNode j = TraceEvent.json(m);
        return j == null || !j.has("txn") ? null : j.get("txn").asText();
    }
}
