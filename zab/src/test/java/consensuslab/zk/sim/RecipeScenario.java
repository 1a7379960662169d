package consensuslab.zk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.zab.ZabMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recipes of lab 8 on the simulated znode service, with watches and session expiry. */
class RecipeScenario {

    static final class Run {
        final Simulator<ZabMessage> sim;
        final List<Checker> checkers;
        final List<TraceEvent> events = new ArrayList<>();
        final int clients;

        Run(int clients, long seed, String params, String faults) {
            this.clients = clients;
            Params p = Params.parse("workload=recipes," + params);
            sim = SimRun.build(ZnodeWorkload.protocol(), new SimRun.Options(3, clients, seed, 5_000, FaultSchedule.parse(faults), p, false, true));
            checkers = ZnodeWorkload.protocol().checkers(p, 3, clients);
            sim.addListener(events::add);
            checkers.forEach(sim::addListener);
        }

        RecipeClient.RecipeView view(int c) {
            return (RecipeClient.RecipeView) sim.state(NodeId.client(c));
        }

        List<String> notes(int c) {
            List<String> out = new ArrayList<>();
            for (TraceEvent e : events) {
                if (e.type() == EventType.NOTE && ("c" + c).equals(e.node())) {
                    out.add(e.text());
                }
            }
            return out;
        }

        int watchEvents() {
            int n = 0;
            for (int c = 1; c <= clients; c++) {
                n += view(c) == null ? 0 : view(c).watchEvents();
            }
            return n;
        }

        List<Violation> finish() {
            List<Violation> out = new ArrayList<>();
            for (Checker c : checkers) {
                c.finish(sim.now());
                out.addAll(c.violations());
            }
            return out;
        }
    }

    private static boolean everyoneOwnedOnce(Run r) {
        for (int c = 1; c <= r.clients; c++) {
            if (r.notes(c).stream().filter(t -> t.startsWith("owns the lock")).count() != 1) {
                return false;
            }
        }
        return true;
    }

    @Test
    void lockWithPredecessorWatchWakesOneWaiterPerRelease() {
        Run r = new Run(5, 1, "recipe=lock", "");
        r.sim.runUntil(3_000);
        assertEquals(List.of(), r.finish());
        assertTrue(everyoneOwnedOnce(r), "every client owned the lock once");
        assertEquals(4, r.watchEvents(), "one watch event per waiter");
    }

    @Test
    void herdLockWakesEveryWaiter() {
        Run r = new Run(5, 1, "recipe=lock,lock=herd", "");
        r.sim.runUntil(3_000);
        assertEquals(List.of(), r.finish());
        assertTrue(everyoneOwnedOnce(r), "the herd lock is still correct");
        assertTrue(r.watchEvents() > 4, "the herd: " + r.watchEvents() + " watch events for 4 releases");
    }

    @Test
    void crashedWaiterSessionExpiresAndItsSuccessorMovesUp() {
        Run r = new Run(4, 2, "recipe=lock,hold=400", "crash c2@150ms");
        r.sim.runUntil(4_000);
        assertEquals(List.of(), r.finish());
        for (int c : new int[] {1, 3, 4}) {
            assertEquals(1, r.notes(c).stream().filter(t -> t.startsWith("owns the lock")).count(), "c" + c + " owned: " + r.notes(c));
        }
    }

    @Test
    void masterElectionFailsOverWhenTheMasterCrashes() {
        Run r = new Run(3, 3, "recipe=election", "");
        r.sim.runUntil(800);
        int master = 0;
        for (int c = 1; c <= 3; c++) {
            if (r.view(c).owns()) {
                master = c;
            }
        }
        assertTrue(master > 0, "someone is master");
        r.sim.crash(NodeId.client(master));
        r.sim.runUntil(2_000);
        int next = 0;
        for (int c = 1; c <= 3; c++) {
            if (c != master && r.view(c).owns()) {
                next = c;
            }
        }
        assertTrue(next > 0, "a standby took over after c" + master + "'s session expired");
        assertEquals(List.of(), r.finish());
    }

    @Test
    void configSubscribersSeeEveryVersionThroughWatches() {
        Run r = new Run(3, 4, "recipe=config", "");
        r.sim.runUntil(1_500);
        assertEquals(List.of("v0", "v1", "v2", "v3"), r.view(2).seen());
        assertEquals(List.of("v0", "v1", "v2", "v3"), r.view(3).seen());
        assertEquals(List.of(), r.finish());
    }

    @Test
    void groupMembershipLosesACrashedMember() {
        Run r = new Run(3, 5, "recipe=group", "crash c3@600ms");
        r.sim.runUntil(2_000);
        assertEquals(List.of("c1", "c2"), r.view(1).seen());
        assertTrue(r.notes(1).contains("group members now [c1, c2, c3]"), r.notes(1).toString());
        assertEquals(List.of(), r.finish());
    }

    @Test
    void namingBarrierAndQueue() {
        Run naming = new Run(3, 6, "recipe=naming", "");
        naming.sim.runUntil(1_000);
        assertEquals(3, java.util.stream.IntStream.rangeClosed(1, 3).mapToObj(c -> naming.view(c).status()).distinct().count());
        Run barrier = new Run(3, 6, "recipe=barrier,c3=n1", "start c3@500ms");
        barrier.sim.runUntil(1_500);
        for (int c = 1; c <= 3; c++) {
            assertEquals("passed the barrier", barrier.view(c).status());
        }
        Run queue = new Run(3, 6, "recipe=queue", "");
        queue.sim.runUntil(2_000);
        List<String> taken = new ArrayList<>(queue.view(2).seen());
        taken.addAll(queue.view(3).seen());
        taken.sort(null);
        assertEquals(queue.view(1).seen(), taken, "every item taken exactly once");
        assertEquals(List.of(), queue.finish());
    }
}
