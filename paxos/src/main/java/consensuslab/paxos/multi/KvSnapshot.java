package consensuslab.paxos.multi;

import java.util.Map;

/**
 * The replicated store after applying every slot below {@code slot}: the data and, per client, its
 * last executed request and result (for exactly-once retries). Written durably as snapshot.json.
 */
public record KvSnapshot(long slot, Map<String, String> data, Map<String, KvStore.Executed> clients) {
}
