package consensuslab.twopc;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A transaction as the coordinator and the participants see it.
 *
 * @param id     unique name, client + "." + sequence number (e.g. "c1.3")
 * @param client the client that submitted it and waits for its outcome
 * @param writes per participant (resource manager), the keys it must write and their new values
 */
public record Txn(String id, String client, Map<String, Map<String, String>> writes) {

    public Txn {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        writes.forEach((p, kv) -> copy.put(p, Collections.unmodifiableMap(new TreeMap<>(kv))));
        writes = Collections.unmodifiableMap(copy);
    }

    /** The participants this transaction involves, in id order. */
    public List<String> participants() {
        return List.copyOf(writes.keySet());
    }

    /** What participant {@code p} must write (empty if nothing). */
    public Map<String, String> writesAt(String p) {
        return writes.getOrDefault(p, Map.of());
    }
}
