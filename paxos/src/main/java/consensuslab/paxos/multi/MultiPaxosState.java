package consensuslab.paxos.multi;

import consensuslab.paxos.LogEntry;
import java.util.List;
import java.util.Map;

/**
 * What a Multi-Paxos replica publishes.
 *
 * @param role         "leader", "candidate" or "follower"
 * @param label        ballot or promise, commit index, snapshot point
 * @param ballot       the proposer's ballot (its last campaign)
 * @param promised     the acceptor's promise
 * @param leader       who this replica believes leads (null: unknown)
 * @param promisesFrom a candidate's promises so far
 * @param commitIndex  every slot below it is chosen and applied
 * @param snapshotSlot slots below it are compacted into the snapshot
 * @param log          slots from the snapshot on: accepted (uncommitted) and chosen entries
 * @param kv           the key-value store
 */
public record MultiPaxosState(String role, String label, String ballot, String promised, String leader, List<String> promisesFrom,
                              long commitIndex, long snapshotSlot, List<LogEntry> log, Map<String, String> kv) {
}
