package consensuslab.twopc;

import java.util.List;
import java.util.Map;

/**
 * What a coordinator publishes.
 *
 * @param role  "coordinator"
 * @param label one line for the visualizer
 * @param txns  transaction id to its phase (COLLECTING, PRECOMMITTING, COMMITTED, ABORTED, ENDED, RECOVERING)
 * @param log   the durable log, newest last (at most the last 30 records)
 */
public record CoordinatorView(String role, String label, Map<String, String> txns, List<String> log) {
}
