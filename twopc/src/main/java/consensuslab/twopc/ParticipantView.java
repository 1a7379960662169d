package consensuslab.twopc;

import java.util.List;
import java.util.Map;

/**
 * What a participant publishes: per-transaction state, the locks it holds, its key-value store and
 * the tail of its durable log.
 *
 * @param role  "participant"
 * @param label one line for the visualizer
 * @param txns  transaction id to its state name (INIT, READY, PRECOMMIT, COMMITTED, ABORTED)
 * @param locks key to the transaction holding its lock
 * @param store the committed key-value store
 * @param log   the durable log, newest last (at most the last 30 records)
 */
public record ParticipantView(String role, String label, Map<String, String> txns, Map<String, String> locks,
                              Map<String, String> store, List<String> log) {
}
