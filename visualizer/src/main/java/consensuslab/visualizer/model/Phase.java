package consensuslab.visualizer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import consensuslab.core.Json;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node's phase as the views show it: its role, or, for a participant of a commit protocol (a
 * state with a {@code txns} map of transaction to state), its most in-doubt transaction's state
 * (PRECOMMIT, READY, INIT), else its latest transaction's state. The colour of a node and "step to
 * the next phase change" both use it.
 */
public final class Phase {

    private static final String[] DOUBT = {"INIT", "READY", "PRECOMMIT"};

    private Phase() {
    }

    /**
     * The phase of a published state as it came in a trace event: a live record or a JsonNode read
     * back. For a live record only the fields the phase depends on ({@code role}, {@code txns},
     * {@code state}, {@code phase}, {@code status}) are read, so a busy node's large state (logs,
     * trees) is not turned into JSON for this.
     */
    public static String ofState(Object state) {
        JsonNode j = small(state);
        return j == null ? "" : of(j.path("role").asText(""), j);
    }

    /**
     * The part of a published state that role colours and phases depend on ({@code role},
     * {@code txns}, {@code state}, {@code phase}, {@code status}) as JSON, read from a live record
     * without converting the rest of it; a JsonNode read back is returned as it is.
     */
    public static JsonNode small(Object state) {
        if (state == null) {
            return null;
        }
        if (state instanceof JsonNode j) {
            return j;
        }
        if (!state.getClass().isRecord()) {
            return Json.tree(state);
        }
        ObjectNode small = Json.MAPPER.createObjectNode();
        for (RecordComponent rc : FIELDS.get(state.getClass())) {
            Object v;
            try {
                v = rc.getAccessor().invoke(state);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (v instanceof String str) {
                small.put(rc.getName(), str);
            } else if (v != null) {
                small.set(rc.getName(), Json.tree(v));
            }
        }
        return small;
    }

    /** Per record class, the components the phase reads. */
    private static final ClassValue<List<RecordComponent>> FIELDS = new ClassValue<>() {
        @Override
        protected List<RecordComponent> computeValue(Class<?> type) {
            List<RecordComponent> out = new ArrayList<>();
            for (RecordComponent rc : type.getRecordComponents()) {
                if (List.of("role", "txns", "state", "phase", "status").contains(rc.getName())) {
                    rc.getAccessor().setAccessible(true);
                    out.add(rc);
                }
            }
            return out;
        }
    };

    public static String of(String role, JsonNode state) {
        if (state != null && state.get("txns") instanceof ObjectNode txns && txns.size() > 0 && !"coordinator".equalsIgnoreCase(role)) {
            String last = null;
            String lastId = null;
            int best = -1;
            for (Map.Entry<String, JsonNode> en : txns.properties()) {
                String st = en.getValue().asText();
                if (lastId == null || naturalCompare(en.getKey(), lastId) > 0) {
                    lastId = en.getKey();
                    last = st;
                }
                for (int i = 0; i < DOUBT.length; i++) {
                    if (DOUBT[i].equalsIgnoreCase(st) && i > best) {
                        best = i;
                    }
                }
            }
            return best >= 0 ? DOUBT[best] : last;
        }
        if (state != null && !"coordinator".equalsIgnoreCase(role)) {
            for (String f : new String[] {"state", "phase", "status"}) {
                JsonNode v = state.get(f);
                if (v != null && v.isTextual() && !v.asText().isEmpty()) {
                    return v.asText();
                }
            }
        }
        return role == null ? "" : role;
    }

    /** Compares "c1.10" after "c1.9": runs of digits by value. */
    public static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                int c = new java.math.BigInteger(a.substring(si, i)).compareTo(new java.math.BigInteger(b.substring(sj, j)));
                if (c != 0) {
                    return c;
                }
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
