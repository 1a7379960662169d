package consensuslab.visualizer.model;

import consensuslab.core.Registry;
import consensuslab.core.Protocol;
import java.util.List;

/**
 * The presets, as data. Each sets up one teachable moment with a fault schedule; a preset whose
 * protocol is not registered (yet) is shown disabled.
 */
public final class Presets {

    private Presets() {
    }

    public static final List<Preset> ALL = List.of(
            new Preset("echo: lost write (bug=nosync, crash+restart)", "echo", 3, 1, 1,
                    "crash n1@16ms; restart n1@20ms", "bug=nosync,ops=30", 200,
                    "n1 replies before its count is synced; after the restart its count goes back and the invariant turns red", true),
            new Preset("echo: token storm (load)", "echo", 9, 2, 7, "", "tokens=30,ops=40", 2_000,
                    "hundreds of messages in flight between 9 servers: filters and grouping", false),
            new Preset("ZAB: split vote", "zab", 4, -1, 3, "partition@0ms n1,n2|n3,n4; heal@400ms", "", 1_500,
                    "neither half of an even cluster is a quorum: all stay LOOKING until the heal, then elect", false),
            new Preset("ZAB: lagging follower (DIFF)", "zab", 5, -1, 4, "crash n1@300ms; restart n1@1200ms", "ops=20", 3_000,
                    "n1 misses some commits; when it returns, leader n5 sends it the missing ones as a DIFF", false),
            new Preset("ZAB: follower with stale proposal (TRUNC)", "zab", 3, 1, 3, "partition@506ms n3|n1,n2; heal@2006ms",
                    "ops=1,clientStart=500,clientTimeout=20000", 4_000,
                    "leader n3 logs a write and is cut off before anyone acknowledges it; n1 and n2 move to a new epoch; "
                            + "on return n3 gets TRUNC", false),
            new Preset("ZAB: empty follower (SNAP)", "zab", 5, -1, 1, "crash n5@100ms; restart n5@2500ms",
                    "ops=15,snapCount=5,commitLogCount=4", 4_000,
                    "n5 returns with nothing while the others have moved past the leader's log window: it gets a SNAP", false),
            new Preset("2PC: coordinator crash after prepare", "2pc", 4, 1, 7, "crash n1@before-sync1; restart n1@3s",
                    "txns=1,noVoteRate=0,think=0", 6_000,
                    "all participants voted yes and are READY; they stay blocked, holding locks, until n1 recovers", false),
            new Preset("3PC: splitting partition", "3pc", 4, 1, 1, "partition@18ms n1,n2|n3,n4; heal@3s",
                    "txns=1,noVoteRate=0,think=0", 5_000,
                    "n2 got PreCommit, n3 and n4 did not: the sides terminate apart and the atomicity checker turns red", true),
            new Preset("Paxos: dueling proposers", "paxos", 3, 0, 1, "latency=5-5ms",
                    "proposers=2,retry=12,stagger=3,backoff=fixed,bound=100000", 2_000,
                    "two proposers keep pre-empting each other's ballots; no value is chosen for a long time", false),
            new Preset("Multi-Paxos: leader change", "multipaxos", 3, -1, 1, "crash leader@400ms; restart leader@1500ms", "ops=20", 3_000,
                    "the leader crashes at 400 ms; a follower's candidate ballot wins phase 1, re-proposes what the old leader "
                            + "may have had chosen, fills gaps with no-ops, and the clients carry on with the new leader", false),
            new Preset("ZAB: leader crash", "zab", 5, -1, 2, "crash leader@1000ms; restart leader@2500ms", "ops=30", 4_000,
                    "the leader crashes at 1 s: the followers go LOOKING, elect the one with the highest zxid, start a new "
                            + "epoch and sync; the old leader returns as a follower of the new epoch", false),
            new Preset("ZAB: five servers start one by one (the book)", "zab", 5, -1, 1,
                    "start n2@300ms; start n3@600ms; start n4@900ms; start n5@1200ms", "", 3_000,
                    "n1 alone, then n1 and n2, are no quorum of five and stay LOOKING; when n3 starts, three servers agree on "
                            + "the largest id with the newest zxid, n3 leads; n4 and n5 join it as followers", false));

    private static final java.util.Map<String, List<Bookmark>> BOOKMARKS = java.util.Map.ofEntries(
            java.util.Map.entry("echo: lost write (bug=nosync, crash+restart)", List.of(
                    new Bookmark("the crash", EventLog.Kind.CRASH, ""),
                    new Bookmark("the restart", EventLog.Kind.RESTART, ""),
                    new Bookmark("the violation", EventLog.Kind.VIOLATION, ""))),
            java.util.Map.entry("ZAB: split vote", List.of(
                    new Bookmark("the split", EventLog.Kind.PARTITION, ""),
                    new Bookmark("the heal", EventLog.Kind.HEAL, ""),
                    new Bookmark("the election", EventLog.Kind.NOTE, "election over"))),
            java.util.Map.entry("ZAB: lagging follower (DIFF)", List.of(
                    new Bookmark("n1 crashes", EventLog.Kind.CRASH, ""),
                    new Bookmark("n1 returns", EventLog.Kind.RESTART, ""),
                    new Bookmark("the DIFF", EventLog.Kind.NOTE, ": DIFF"))),
            java.util.Map.entry("ZAB: follower with stale proposal (TRUNC)", List.of(
                    new Bookmark("n3 cut off", EventLog.Kind.PARTITION, ""),
                    new Bookmark("the heal", EventLog.Kind.HEAL, ""),
                    new Bookmark("the TRUNC", EventLog.Kind.NOTE, ": TRUNC"))),
            java.util.Map.entry("ZAB: empty follower (SNAP)", List.of(
                    new Bookmark("n5 crashes", EventLog.Kind.CRASH, ""),
                    new Bookmark("n5 returns", EventLog.Kind.RESTART, ""),
                    new Bookmark("the SNAP", EventLog.Kind.NOTE, ": SNAP"))),
            java.util.Map.entry("2PC: coordinator crash after prepare", List.of(
                    new Bookmark("the crash", EventLog.Kind.CRASH, ""),
                    new Bookmark("the recovery", EventLog.Kind.RESTART, ""))),
            java.util.Map.entry("3PC: splitting partition", List.of(
                    new Bookmark("the PreCommit split", EventLog.Kind.PARTITION, ""),
                    new Bookmark("the violation", EventLog.Kind.VIOLATION, ""))),
            java.util.Map.entry("Multi-Paxos: leader change", List.of(
                    new Bookmark("the leader crashes", EventLog.Kind.CRASH, ""),
                    new Bookmark("the old leader returns", EventLog.Kind.RESTART, ""))),
            java.util.Map.entry("ZAB: leader crash", List.of(
                    new Bookmark("the leader crashes", EventLog.Kind.CRASH, ""),
                    new Bookmark("the old leader returns", EventLog.Kind.RESTART, ""))),
            java.util.Map.entry("ZAB: five servers start one by one (the book)", List.of(
                    new Bookmark("the election", EventLog.Kind.NOTE, "election over"))));

    /** A preset's key moments, to jump to (none for a preset without a single moment). */
    public static List<Bookmark> bookmarks(Preset p) {
        return BOOKMARKS.getOrDefault(p.name(), List.of());
    }

    /** True when the preset's protocol is in the registry. */
    public static boolean available(Preset p, Registry registry) {
        for (Protocol<?> proto : registry.all()) {
            if (proto.name().equals(p.protocol())) {
                return true;
            }
        }
        return false;
    }

    /** The run the preset describes, filling defaults from the protocol. */
    public static RunSpec spec(Preset p, Protocol<?> proto) {
        return new RunSpec(p.protocol(), p.nodes(), p.clients() < 0 ? proto.defaultClients() : p.clients(), p.seed(), p.faults(),
                p.params(), p.until() > 0 ? p.until() : proto.defaultUntil());
    }
}
