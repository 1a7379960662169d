package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fast leader election with 3, 5 and 7 servers. */
class ElectionScenario {

    /** Random history (crashes while writing), then every server crashes and they restart in a random order. */
    static String randomStartOrder(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed * 31 + n);
        List<String> f = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(n); i++) {
            int node = 1 + r.nextInt(n);
            long at = 100 + r.nextLong(1200);
            f.add("crash n" + node + "@" + at + "ms");
            f.add("restart n" + node + "@" + (at + 50 + r.nextLong(600)) + "ms");
        }
        for (int i = 1; i <= n; i++) {
            f.add("crash n" + i + "@" + (1700 + r.nextLong(300)) + "ms");
            f.add("restart n" + i + "@" + (2100 + r.nextLong(500)) + "ms");
        }
        return String.join("; ", f);
    }

    private static long[] vote(ZabState s, int sid) {
        return new long[] {s.currentEpoch(), s.lastLoggedZxid(), sid};
    }

    private static int compare(long[] a, long[] b) {
        for (int i = 0; i < 3; i++) {
            int c = Long.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 7})
    void electedLeaderHoldsTheHighestVoteOfItsQuorum(int n) {
        int elections = 0;
        int nonTrivial = 0;
        for (long seed = 1; seed <= 8; seed++) {
            String faults = randomStartOrder(seed, n);
            String replay = "seed " + seed + ": bin/lab sim --protocol zab --nodes " + n + " --clients 2 --seed " + seed
                    + " --param ops=200,outstanding=2 --faults \"" + faults + "\"";
            ZabKit k = new ZabKit(n, 2, seed, "ops=200,outstanding=2", faults);
            k.sim.runUntil(4500);
            assertEquals(List.of(), k.finish(), replay);
            assertTrue(k.allServing(), "a leader serves after the restarts; " + replay);
            Map<String, ZabState> last = new HashMap<>();
            // a vote is cast from a LOOKING server's history, which does not change while it is LOOKING
            Map<String, ZabState> lastLooking = new HashMap<>();
            for (TraceEvent e : k.events) {
                if (e.type() != EventType.STATE || !e.node().startsWith("n")) {
                    continue;
                }
                ZabState s = (ZabState) e.state();
                ZabState before = last.put(e.node(), s);
                if (s.role().equals("LOOKING")) {
                    lastLooking.put(e.node(), s);
                }
                if (before == null || !s.role().equals("LEADING") || !before.role().equals("LOOKING")) {
                    continue;
                }
                // the leader's last LOOKING state holds the votes it decided on
                elections++;
                int leader = Integer.parseInt(e.node().substring(1));
                long[] lv = {before.vote().peerEpoch(), before.vote().zxid(), leader};
                assertEquals(0, compare(lv, vote(before, leader)), "a leader votes for its own history; " + replay);
                int quorum = 0;
                boolean lower = false;
                for (Map.Entry<String, String> v : before.votes().entrySet()) {
                    if (!v.getValue().equals(before.vote().show())) {
                        continue;
                    }
                    quorum++;
                    int sid = Integer.parseInt(v.getKey().substring(1));
                    long[] own = vote(lastLooking.get(v.getKey()), sid);
                    assertTrue(compare(lv, own) >= 0, "at " + e.time() + "ms leader n" + leader + " " + java.util.Arrays.toString(lv)
                            + " is below quorum member n" + sid + " " + java.util.Arrays.toString(own) + "; " + replay);
                    lower |= sid != leader && (own[0] != lv[0] || own[1] != lv[1]);
                }
                assertTrue(quorum >= n / 2 + 1, "decided with a quorum; " + replay);
                if (lower) {
                    nonTrivial++;
                }
            }
        }
        System.out.println(n + " servers: " + elections + " elections checked, " + nonTrivial
                + " with a quorum member whose (epoch, zxid) was below the leader's");
        assertTrue(elections >= 8);
        assertTrue(nonTrivial > 0, "some election had members with different histories");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 7})
    void afterALeaderCrashANewLeaderIsElectedInBoundedTimeAndNothingCommittedIsLost(int n) {
        long worst = 0;
        for (long seed = 1; seed <= 5; seed++) {
            String replay = "seed " + seed + " (" + n + " servers)";
            ZabKit k = new ZabKit(n, 2, seed, "ops=30", "");
            assertTrue(k.runUntil(s -> k.allServing() && k.acked() >= 10, 5000), replay);
            int old = k.establishedLeader();
            long committed = k.state(old).lastCommittedZxid();
            long t0 = k.sim.now();
            k.sim.crash(ZabKit.n(old));
            assertTrue(k.runUntil(s -> k.establishedLeader() != 0 && k.establishedLeader() != old, t0 + 2000),
                    "no new leader within 2000 ms; " + replay);
            long took = k.sim.now() - t0;
            worst = Math.max(worst, took);
            int leader = k.establishedLeader();
            assertNotEquals(old, leader);
            assertTrue(k.state(leader).lastCommittedZxid() >= committed, "the new leader has every committed transaction; " + replay);
            assertTrue(k.settle(k.sim.now() + 5000), k.divergence());
            k.sim.runUntil(k.sim.now() + 3000);
            assertEquals(List.of(), k.finish(), replay);
        }
        // detection takes up to syncLimit ticks (100 ms), election finalizeWait (40 ms) plus message delays,
        // discovery and sync a few round trips: well under 1 s of virtual time
        System.out.println(n + " servers: worst time from leader crash to a new established leader: " + worst + " ms");
        assertTrue(worst < 1000, "worst " + worst + " ms");
    }
}
