package consensuslab.paxos.multi;

import consensuslab.core.Context;
import consensuslab.core.Json;
import consensuslab.core.NodeId;
import consensuslab.core.Storage;
import consensuslab.paxos.Ballot;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The Multi-Paxos acceptor: one promise covers every slot; an acceptance is per slot. Both are
 * appended to {@code acceptor.log} and synced before the reply leaves. When the replica takes a
 * snapshot, the log is rewritten without the slots the snapshot covers.
 */
public final class Acceptor {

    /** One line of acceptor.log: a promise ({@code entry} null) or an acceptance. */
    public record AcceptorRecord(Ballot promised, MultiPaxosMessage.AcceptedEntry entry) {
    }

    static final String FILE = "acceptor.log";

    private final Context<MultiPaxosMessage> ctx;
    private final MultiPaxosServer server;
    private Ballot promised = Ballot.ZERO;
    private final boolean noSync;
    private final TreeMap<Long, MultiPaxosMessage.AcceptedEntry> accepted = new TreeMap<>();

    Acceptor(Context<MultiPaxosMessage> ctx, MultiPaxosServer server, long compactedBelow) {
        this.ctx = ctx;
        this.server = server;
        this.noSync = "nosync".equals(ctx.params().get("bug", ""));
        Storage.LogRead<AcceptorRecord> log = ctx.storage().readRecords(FILE, AcceptorRecord.class);
        if (log.torn()) {
            ctx.storage().truncate(FILE, log.validBytes());
        }
        for (AcceptorRecord r : log.records()) {
            if (r.promised().greaterThan(promised)) {
                promised = r.promised();
            }
            if (r.entry() != null && r.entry().slot() >= compactedBelow) {
                accepted.put(r.entry().slot(), r.entry());
            }
        }
    }

    void onPrepare(NodeId from, MultiPaxosMessage.Prepare p) {
        if (p.ballot().compareTo(promised) < 0) {
            server.send(from, new MultiPaxosMessage.Nack(p.ballot(), promised));
            return;
        }
        if (p.ballot().greaterThan(promised)) {
            promised = p.ballot();
            ctx.storage().appendRecord(FILE, new AcceptorRecord(promised, null));
            sync();
        }
        List<MultiPaxosMessage.AcceptedEntry> mine = new ArrayList<>(accepted.tailMap(p.fromSlot(), true).values());
        KvSnapshot snap = server.learner().commitIndex() > p.fromSlot() ? server.learner().currentSnapshot() : null;
        server.send(from, new MultiPaxosMessage.Promise(p.ballot(), p.fromSlot(), mine, snap));
    }

    /** Returns true if the proposal was accepted. */
    boolean onAccept(NodeId from, MultiPaxosMessage.Accept a) {
        if (a.ballot().compareTo(promised) < 0) {
            server.send(from, new MultiPaxosMessage.Nack(a.ballot(), promised));
            return false;
        }
        if (a.slot() >= server.learner().snapshotSlot()) {
            MultiPaxosMessage.AcceptedEntry have = accepted.get(a.slot());
            if (have == null || !have.ballot().equals(a.ballot()) || a.ballot().greaterThan(promised)) {
                promised = a.ballot();
                MultiPaxosMessage.AcceptedEntry e = new MultiPaxosMessage.AcceptedEntry(a.slot(), a.ballot(), a.command());
                accepted.put(a.slot(), e);
                ctx.storage().appendRecord(FILE, new AcceptorRecord(promised, e));
                sync();
            }
        } else if (a.ballot().greaterThan(promised)) {
            // The slot is already chosen and compacted into our snapshot; only the promise moves.
            promised = a.ballot();
            ctx.storage().appendRecord(FILE, new AcceptorRecord(promised, null));
            sync();
        }
        server.send(from, new MultiPaxosMessage.Accepted(a.ballot(), a.slot()));
        return true;
    }

    /** Drops the slots below {@code slot} (now in a durable snapshot) and rewrites the log. */
    void compact(long slot) {
        accepted.headMap(slot, false).clear();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        line(out, new AcceptorRecord(promised, null));
        for (MultiPaxosMessage.AcceptedEntry e : accepted.values()) {
            line(out, new AcceptorRecord(e.ballot(), e));
        }
        ctx.storage().write(FILE, out.toByteArray());
        sync();
    }

    private static void line(ByteArrayOutputStream out, Object record) {
        byte[] b = Json.bytes(record);
        out.write(b, 0, b.length);
        out.write('\n');
    }

    private void sync() {
        if (!noSync) { // bug=nosync: a planted bug, replying before the state is durable
            ctx.storage().sync();
        }
    }

    Ballot promised() {
        return promised;
    }

    MultiPaxosMessage.AcceptedEntry accepted(long slot) {
        return accepted.get(slot);
    }

    TreeMap<Long, MultiPaxosMessage.AcceptedEntry> acceptedEntries() {
        return accepted;
    }
}
