package consensuslab.prop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.NodeId;
import consensuslab.faults.Fault;
import consensuslab.faults.FaultSchedule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Generated schedules are a pure function of the seed and stay inside their bounds. */
class FaultBoundsTest {

    private static final FaultBounds ALL = FaultBounds.none().crashes(3).maxDown(2).partitions(2).drops(0.2).dups(0.1)
            .reorders(0.3).pauses(2).syncCrashes(2).horizon(4_000);

    @Test
    void sameSeedSameScheduleOtherSeedsDiffer() {
        Set<String> distinct = new HashSet<>();
        for (long seed = 1; seed <= 300; seed++) {
            String a = ALL.generate(seed, 5, 2).toString();
            String b = FaultBounds.none().crashes(3).maxDown(2).partitions(2).drops(0.2).dups(0.1).reorders(0.3).pauses(2)
                    .syncCrashes(2).horizon(4_000).generate(seed, 5, 2).toString();
            assertEquals(a, b, "seed " + seed);
            // The rendering parses back to the same schedule, so it can be replayed from the command line.
            assertEquals(a, FaultSchedule.parse(a).toString());
            distinct.add(a);
        }
        assertTrue(distinct.size() > 280, "only " + distinct.size() + " distinct schedules in 300 seeds");
        assertNotEquals(ALL.generate(1, 5, 2), ALL.generate(2, 5, 2));
    }

    @Test
    void noBoundsNoFaults() {
        for (long seed = 1; seed <= 50; seed++) {
            assertEquals(List.of(), FaultBounds.none().horizon(1_000).generate(seed, 3, 1).faults());
        }
    }

    @Test
    void schedulesRespectTheirBoundsOverManySeeds() {
        int[][] sizes = {{3, 1}, {5, 2}, {2, 3}, {7, 0}};
        Map<String, Integer> seen = new TreeMap<>();
        for (int[] size : sizes) {
            for (FaultBounds b : List.of(ALL, ALL.maxDown(1), ALL.crashClients(true), ALL.horizon(150).maxDown(0),
                    FaultBounds.none().crashes(4).pauses(1).maxDown(1).horizon(2_000))) {
                for (long seed = 1; seed <= 400; seed++) {
                    FaultSchedule s = b.generate(seed, size[0], size[1]);
                    String why = "seed " + seed + " bounds " + b + " size " + size[0] + "/" + size[1] + ": " + s;
                    checkBounds(b, s, size[0], size[1], why, seen);
                }
            }
        }
        // Every kind of fault is actually generated somewhere.
        for (String kind : List.of("crash", "restart", "pause", "resume", "sync-crash", "partition", "heal", "DROP", "DUP",
                "REORDER", "client-crash")) {
            assertTrue(seen.getOrDefault(kind, 0) > 0, kind + " never generated: " + seen);
        }
    }

    private static void checkBounds(FaultBounds b, FaultSchedule s, int servers, int clients, String why, Map<String, Integer> seen) {
        s.validate(servers, clients);
        long h = b.horizon();
        int crashes = 0;
        int pauses = 0;
        int syncCrashes = 0;
        int partitions = 0;
        List<Fault> byTime = s.byTime();
        for (Fault f : byTime) {
            assertTrue(f.at() >= 0 && f.at() < h, "outside [0, horizon): " + f.render() + " in " + why);
            if (f instanceof Fault.Impair imp) {
                assertTrue(imp.until() <= h - 1, "window not closed before the horizon: " + why);
                assertTrue(imp.from() < imp.until());
                double limit = imp.kind() == Fault.Impair.Kind.DROP ? b.drops() : imp.kind() == Fault.Impair.Kind.DUP ? b.dups() : b.reorders();
                assertTrue(imp.value() > 0 && imp.value() <= limit, why);
                seen.merge(imp.kind().name(), 1, Integer::sum);
            } else if (f instanceof Fault.Partition) {
                partitions++;
                seen.merge("partition", 1, Integer::sum);
            } else if (f instanceof Fault.Heal) {
                seen.merge("heal", 1, Integer::sum);
            } else if (f instanceof Fault.CrashAtSync cs) {
                syncCrashes++;
                assertTrue(cs.node().isServer(), why);
                seen.merge("sync-crash", 1, Integer::sum);
            } else if (f instanceof Fault.NodeFault nf) {
                if (nf.node().isClient()) {
                    assertTrue(b.crashClients(), "client fault without crashClients: " + why);
                    seen.merge("client-crash", 1, Integer::sum);
                }
                seen.merge(nf.action().name().toLowerCase(), 1, Integer::sum);
                if (nf.action() == Fault.NodeFault.Action.CRASH) {
                    crashes++;
                } else if (nf.action() == Fault.NodeFault.Action.PAUSE) {
                    pauses++;
                }
            } else {
                throw new AssertionError("unexpected fault " + f.render());
            }
        }
        assertTrue(crashes <= b.crashes(), why);
        assertTrue(pauses <= b.pauses(), why);
        assertTrue(syncCrashes <= b.syncCrashes(), why);
        assertTrue(partitions <= b.partitions(), why);

        // Replay the schedule's effect on who is up, in the simulator's order (stable by time).
        // A sync crash may strike at any moment before its node's last restart: count it down from 0.
        Set<NodeId> down = new HashSet<>();
        Set<NodeId> paused = new HashSet<>();
        boolean partitioned = false;
        List<NodeId> syncDown = new ArrayList<>();
        for (Fault f : byTime) {
            if (f instanceof Fault.CrashAtSync cs) {
                syncDown.add(cs.node());
            }
        }
        Map<NodeId, Long> lastRestart = new TreeMap<>();
        for (Fault f : byTime) {
            if (f instanceof Fault.NodeFault nf && nf.action() == Fault.NodeFault.Action.RESTART) {
                lastRestart.put(nf.node(), nf.at());
            }
        }
        for (NodeId n : syncDown) {
            assertTrue(lastRestart.containsKey(n), "sync crash of " + n + " never followed by a restart: " + why);
        }
        int maxDown = b.maxDown() == -1 ? (servers - 1) / 2 : b.maxDown();
        for (Fault f : byTime) {
            if (f instanceof Fault.NodeFault nf) {
                NodeId n = nf.node();
                switch (nf.action()) {
                    case CRASH -> {
                        assertFalse(down.contains(n) || paused.contains(n), "crash of a node already down: " + why);
                        down.add(n);
                    }
                    case RESTART -> down.remove(n);
                    case PAUSE -> {
                        assertFalse(down.contains(n) || paused.contains(n), "pause of a node already down: " + why);
                        paused.add(n);
                    }
                    case RESUME -> assertTrue(paused.remove(n), "resume of a node not paused: " + why);
                    default -> throw new AssertionError();
                }
            } else if (f instanceof Fault.Partition) {
                assertFalse(partitioned, "partition inside a partition: " + why);
                partitioned = true;
            } else if (f instanceof Fault.Heal) {
                assertTrue(partitioned, "heal without a partition: " + why);
                partitioned = false;
            }
            Set<NodeId> out = new HashSet<>(down);
            out.addAll(paused);
            for (NodeId n : syncDown) {
                if (f.at() <= lastRestart.get(n)) {
                    out.add(n);
                }
            }
            long serversDown = out.stream().filter(NodeId::isServer).count();
            assertTrue(serversDown <= maxDown, serversDown + " servers down at " + f.at() + "ms: " + why);
        }
        assertTrue(down.isEmpty(), "still crashed at the horizon: " + down + " " + why);
        assertTrue(paused.isEmpty(), "still paused at the horizon: " + paused + " " + why);
        assertFalse(partitioned, "partition not healed: " + why);
    }
}
