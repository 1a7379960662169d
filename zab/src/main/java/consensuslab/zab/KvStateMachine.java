package consensuslab.zab;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.core.StorageCorruptException;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A key-value map as the replicated state: ops {@code {"f":"put"|"append"|"cas","key","value","expected"}}.
 * put answers "ok", append the new value, cas "true"/"false".
 */
public final class KvStateMachine implements ZabStateMachine {

    private TreeMap<String, String> map = new TreeMap<>();
    /** The last view handed out; valid until the map changes. */
    private Map<String, String> view;

    @Override
    public String apply(Txn txn) {
        JsonNode op = txn.op();
        String f = op.path("f").asText("");
        String key = op.path("key").asText("");
        String value = op.path("value").asText("");
        view = null;
        switch (f) {
            case "put":
                map.put(key, value);
                return "ok";
            case "append": {
                String v = map.getOrDefault(key, "") + value;
                map.put(key, v);
                return v;
            }
            case "cas": {
                String expected = op.path("expected").isNull() || op.path("expected").isMissingNode() ? null : op.path("expected").asText();
                String cur = map.get(key);
                if (cur == null ? expected == null : cur.equals(expected)) {
                    map.put(key, value);
                    return "true";
                }
                return "false";
            }
            default:
                return "unknown op " + f;
        }
    }

    @Override
    public byte[] snapshot() {
        return Json.bytes(map);
    }

    @Override
    public void restore(byte[] snapshot) {
        view = null;
        try {
            map = snapshot == null ? new TreeMap<>() : Json.MAPPER.readValue(snapshot, new TypeReference<TreeMap<String, String>>() { });
        } catch (IOException e) {
            throw new StorageCorruptException("snapshot is not a key-value map (" + Json.firstLine(e) + ")");
        }
    }

    /** The map is the whole state; {@link #view()} is an immutable copy of it. */
    @Override
    public Object stateKey() {
        return view();
    }

    @Override
    public Map<String, String> view() {
        if (view == null) {
            view = java.util.Collections.unmodifiableMap(new TreeMap<>(map));
        }
        return view;
    }
}
