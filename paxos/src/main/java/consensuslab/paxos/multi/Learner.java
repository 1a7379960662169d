package consensuslab.paxos.multi;

import consensuslab.core.Context;
import consensuslab.core.NodeId;
import consensuslab.paxos.Ballot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The learner and replica: learns which command is chosen in each slot (a majority of Accepted
 * for one ballot, or the leader's commit index, or a catch-up from a peer), applies chosen slots in
 * order to the {@link KvStore}, and every {@code snapshot} slots (default 16) writes a durable
 * snapshot and lets the acceptor truncate its log.
 *
 * <p>The commit index is the first slot not known chosen: every slot below it is chosen and
 * applied. Learned slots are not written to disk: after a restart the replica starts from its
 * snapshot and catches up.
 */
public final class Learner {

    static final String SNAPSHOT = "snapshot.json";

    private record Votes(Ballot ballot, Command command, Set<NodeId> from) {
    }

    private final Context<MultiPaxosMessage> ctx;
    private final MultiPaxosServer server;
    private final int snapshotEvery;
    private KvStore kv;
    private long commitIndex;
    private long snapshotSlot;
    private final TreeMap<Long, Command> chosen = new TreeMap<>();
    private final TreeMap<Long, Votes> votes = new TreeMap<>();
    private long lastCatchUpAsk = Long.MIN_VALUE / 2;

    Learner(Context<MultiPaxosMessage> ctx, MultiPaxosServer server) {
        this.ctx = ctx;
        this.server = server;
        this.snapshotEvery = ctx.params().getInt("snapshot", 16);
        KvSnapshot s = ctx.storage().readJson(SNAPSHOT, KvSnapshot.class);
        kv = KvStore.of(s);
        commitIndex = s == null ? 0 : s.slot();
        snapshotSlot = commitIndex;
    }

    /** An acceptor accepted {@code command} in {@code slot} at {@code ballot}: learn it on a majority. */
    void vote(long slot, Ballot ballot, Command command, NodeId from) {
        if (slot < commitIndex || chosen.containsKey(slot)) {
            return;
        }
        Votes v = votes.get(slot);
        if (v == null || !v.ballot().equals(ballot)) {
            v = new Votes(ballot, command, new TreeSet<>());
            votes.put(slot, v);
        }
        v.from().add(from);
        if (v.from().size() >= server.majority()) {
            learn(slot, command);
        }
    }

    boolean isChosen(long slot) {
        return slot < commitIndex || chosen.containsKey(slot);
    }

    /** Learns that {@code command} is chosen in {@code slot}, and applies whatever is now in order. */
    void learn(long slot, Command command) {
        if (slot < snapshotSlot) {
            return;
        }
        Command before = chosen.put(slot, command);
        votes.remove(slot);
        if (before != null && !before.equals(command)) {
            ctx.note("CONFLICT in slot " + slot + ": " + before.render() + " vs " + command.render());
        }
        applyReady();
    }

    private void applyReady() {
        boolean applied = false;
        while (chosen.containsKey(commitIndex)) {
            Command c = chosen.get(commitIndex);
            KvStore.Executed r = kv.apply(c);
            commitIndex++;
            applied = true;
            server.onApplied(c, r);
        }
        if (applied) {
            votes.headMap(commitIndex).clear();
            if (commitIndex - snapshotSlot >= snapshotEvery) {
                server.publish(); // show the entries before they are compacted away
                takeSnapshot();
            }
        }
    }

    private void takeSnapshot() {
        ctx.storage().writeJson(SNAPSHOT, kv.snapshot(commitIndex));
        ctx.storage().sync();
        snapshotSlot = commitIndex;
        chosen.headMap(snapshotSlot).clear();
        server.acceptor().compact(snapshotSlot);
    }

    /** Adopts a peer's snapshot if it is ahead of us. */
    void installSnapshot(KvSnapshot s) {
        if (s == null || s.slot() <= commitIndex) {
            return;
        }
        kv = KvStore.of(s);
        commitIndex = s.slot();
        ctx.storage().writeJson(SNAPSHOT, s);
        ctx.storage().sync();
        snapshotSlot = commitIndex;
        chosen.headMap(snapshotSlot).clear();
        votes.headMap(snapshotSlot).clear();
        server.acceptor().compact(snapshotSlot);
        ctx.note("installed snapshot up to slot " + snapshotSlot);
        applyReady();
    }

    KvSnapshot currentSnapshot() {
        return kv.snapshot(commitIndex);
    }

    /**
     * The leader says every slot below {@code leaderCommit} is chosen. A slot our acceptor accepted
     * in the leader's own ballot holds the leader's proposal, which is the chosen command; for any
     * other gap, ask the leader.
     */
    void onCommitHint(NodeId leader, Ballot ballot, long leaderCommit) {
        for (long s = commitIndex; s < leaderCommit; s++) {
            if (chosen.containsKey(s)) {
                continue;
            }
            MultiPaxosMessage.AcceptedEntry e = server.acceptor().accepted(s);
            if (e == null || !e.ballot().equals(ballot)) {
                break;
            }
            learn(s, e.command());
        }
        if (commitIndex < leaderCommit && ctx.now() - lastCatchUpAsk >= server.heartbeatMs()) {
            lastCatchUpAsk = ctx.now();
            server.send(leader, new MultiPaxosMessage.CatchUpRequest(commitIndex));
        }
    }

    void onCatchUpRequest(NodeId from, MultiPaxosMessage.CatchUpRequest r) {
        if (r.fromSlot() >= commitIndex) {
            return;
        }
        if (r.fromSlot() < snapshotSlot) {
            server.send(from, new MultiPaxosMessage.CatchUp(currentSnapshot(), List.of()));
            return;
        }
        List<MultiPaxosMessage.ChosenEntry> out = new ArrayList<>();
        for (Map.Entry<Long, Command> e : chosen.subMap(r.fromSlot(), commitIndex).entrySet()) {
            out.add(new MultiPaxosMessage.ChosenEntry(e.getKey(), e.getValue()));
        }
        server.send(from, new MultiPaxosMessage.CatchUp(null, out));
    }

    void onCatchUp(MultiPaxosMessage.CatchUp c) {
        installSnapshot(c.snapshot());
        for (MultiPaxosMessage.ChosenEntry e : c.entries()) {
            if (!isChosen(e.slot())) {
                learn(e.slot(), e.command());
            }
        }
    }

    long commitIndex() {
        return commitIndex;
    }

    long snapshotSlot() {
        return snapshotSlot;
    }

    /** The highest slot known chosen, or commitIndex - 1. */
    long maxChosen() {
        return chosen.isEmpty() ? commitIndex - 1 : Math.max(commitIndex - 1, chosen.lastKey());
    }

    Command chosen(long slot) {
        return chosen.get(slot);
    }

    TreeMap<Long, Command> chosenEntries() {
        return chosen;
    }

    KvStore kv() {
        return kv;
    }
}
