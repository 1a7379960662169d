package consensuslab.zab;

import java.util.List;
import java.util.Map;

/**
 * What a Zab server publishes after every change (the trace's {@code state}).
 *
 * @param role              LOOKING, FOLLOWING, LEADING or OBSERVING (the visualizer's colour)
 * @param label             one line under the node: epoch, last zxid, last committed zxid
 * @param zabState          ELECTION, DISCOVERY, SYNCHRONIZATION or BROADCAST
 * @param learnerType       PARTICIPANT or OBSERVER
 * @param vote              the current vote (the proposal while LOOKING, the decided vote otherwise)
 * @param logicalClock      the election round
 * @param votes             votes received in this round (LOOKING only)
 * @param leader            the leader followed or led (null while LOOKING)
 * @param acceptedEpoch     the epoch last accepted in discovery (durable)
 * @param currentEpoch      the epoch last synced with NEWLEADER (durable)
 * @param lastLoggedZxid    last zxid in the log
 * @param lastCommittedZxid last zxid delivered to the state machine
 * @param lastSnapshotZxid  zxid of the newest snapshot file, -1 if none
 * @param syncMode          how this learner was last synchronized (DIFF, TRUNC, TRUNC+DIFF, SNAP)
 * @param syncModes         the leader's choice per learner, e.g. {"n2": "DIFF"}
 * @param established       leader only: a quorum acknowledged NEWLEADER
 * @param serving           accepts client writes
 * @param log               the tail of the log, committed and uncommitted entries
 * @param data              the replicated map
 * @param delivered         transactions delivered since the previous published state
 * @param proposed          transactions this leader proposed since its previous published state
 * @param snapshotInstalled zxid of a snapshot installed since the previous published state (SNAP), or -1
 * @param syncs             log syncs (fsyncs) this incarnation made that covered at least one transaction
 * @param syncedTxns        transactions those syncs covered (group commit: syncedTxns / syncs per sync)
 */
public record ZabState(String role, String label, String zabState, String learnerType, Vote vote, long logicalClock,
                       Map<String, String> votes, String leader, long acceptedEpoch, long currentEpoch, long lastLoggedZxid,
                       long lastCommittedZxid, long lastSnapshotZxid, String syncMode, Map<String, String> syncModes,
                       boolean established, boolean serving, List<LogEntry> log, Object data, List<Delivery> delivered,
                       List<Delivery> proposed, long snapshotInstalled, long syncs, long syncedTxns) {

    /** A log entry as shown: zxid, transaction id, the write, and whether it is committed here. */
    public record LogEntry(String zxid, String txn, String op, boolean committed) {
    }

    /** A transaction ⟨v, z⟩ as the checkers see it: its zxid and its id (client:cxid). */
    public record Delivery(long zxid, String txn) {
    }
}
