package consensuslab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Context;
import consensuslab.core.LinkKind;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import consensuslab.faults.FaultSchedule;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Role targets ({@code crash leader@…}) resolve from published states; {@code start} joins a node late. */
class RoleFaultTest {

    /** What each test node publishes: the role it plays now. */
    record RoleView(String role) {
    }

    /** A node that leads when it is the highest-numbered live server it knows of (the test sets roles by hand). */
    static final class RolePlayer implements Node<Probe.Msg> {
        final Context<Probe.Msg> ctx;

        RolePlayer(Context<Probe.Msg> ctx) {
            this.ctx = ctx;
        }

        @Override
        public void onStart() {
            ctx.publish(new RoleView(ctx.id().index() == 3 ? "LEADING" : ctx.id().index() == 1 ? "LOOKING" : "FOLLOWING"));
        }

        @Override
        public void onMessage(NodeId from, Probe.Msg m) {
        }

        @Override
        public void onTimer(Timer t) {
        }
    }

    private static Simulator<Probe.Msg> sim(String faults, List<TraceEvent> events) {
        SimConfig cfg = SimConfig.of(1, 5, 0, LinkKind.DATAGRAM).withFaults(FaultSchedule.parse(faults));
        Simulator<Probe.Msg> sim = new Simulator<>(cfg, RolePlayer::new);
        sim.addListener(events::add);
        return sim;
    }

    private static List<String> notes(List<TraceEvent> events) {
        return events.stream().filter(e -> e.type() == EventType.NOTE).map(TraceEvent::text).toList();
    }

    @Test
    void crashLeaderHitsWhoeverLeadsThenAndRestartLeaderBringsThatNodeBack() {
        List<TraceEvent> events = new ArrayList<>();
        Simulator<Probe.Msg> sim = sim("crash leader@1s; restart leader@2s", events);
        sim.runUntil(1_500);
        assertFalse(sim.isUp(NodeId.of("n3")), "n3 published LEADING");
        assertTrue(sim.isUp(NodeId.of("n1")) && sim.isUp(NodeId.of("n2")));
        assertTrue(notes(events).contains("fault crash leader@1s: leader is n3"), notes(events).toString());
        sim.runUntil(2_500);
        assertTrue(sim.isUp(NodeId.of("n3")));
        assertEquals(1, events.stream().filter(e -> e.type() == EventType.RESTART && "n3".equals(e.node())).count());
    }

    @Test
    void followersAreRankedByIdAndLookingServersHoldNoRole() {
        List<TraceEvent> events = new ArrayList<>();
        Simulator<Probe.Msg> sim = sim("crash follower@1s; pause participant2@1s; pause follower3@1s", events);
        sim.runUntil(1_000);
        assertFalse(sim.isUp(NodeId.of("n2")), "lowest-id follower: n1 is LOOKING");
        assertTrue(sim.isPaused(NodeId.of("n5")), "the second live follower once n2 is down: n4, n5");
        assertTrue(notes(events).contains("fault pause follower3@1s: no live server is follower3 now; skipped"), notes(events).toString());
    }

    @Test
    void aRoleNobodyHoldsIsANoteNotACrash() {
        List<TraceEvent> events = new ArrayList<>();
        Simulator<Probe.Msg> sim = sim("crash leader@1s; crash leader@2s; restart follower@3s", events);
        sim.runUntil(4_000);
        List<String> notes = notes(events);
        assertTrue(notes.contains("fault crash leader@2s: no live server is leader now; skipped"), notes.toString());
        assertTrue(notes.contains("fault restart follower@3s: no earlier crash or pause of follower to undo; skipped"), notes.toString());
        assertEquals(1, events.stream().filter(e -> e.type() == EventType.CRASH).count());
    }

    @Test
    void aPartitionCanNameRoles() {
        List<TraceEvent> events = new ArrayList<>();
        Simulator<Probe.Msg> sim = sim("partition@1s leader,follower|follower2,follower3", events);
        sim.runUntil(1_000);
        assertEquals(List.of(List.of(NodeId.of("n2"), NodeId.of("n3")), List.of(NodeId.of("n4"), NodeId.of("n5")),
                List.of(NodeId.of("n1"))), sim.partitionGroups(), "n1 (LOOKING, unnamed) forms a group of its own");
        assertFalse(sim.reachable(NodeId.of("n3"), NodeId.of("n4")));
        assertTrue(sim.reachable(NodeId.of("n3"), NodeId.of("n2")));
    }

    @Test
    void aLateStarterIsDownUntilItsStart() {
        List<TraceEvent> events = new ArrayList<>();
        Simulator<Probe.Msg> sim = sim("start n4@3s", events);
        sim.runUntil(2_999);
        assertFalse(sim.isUp(NodeId.of("n4")));
        assertNull(sim.state(NodeId.of("n4")));
        sim.runUntil(3_000);
        assertTrue(sim.isUp(NodeId.of("n4")));
        TraceEvent start = events.stream().filter(e -> e.type() == EventType.START && "n4".equals(e.node())).findFirst().orElseThrow();
        assertEquals(3_000, start.time());
        assertEquals(0, events.stream().filter(e -> e.type() == EventType.START && "n1".equals(e.node())).findFirst().orElseThrow().time());
    }

    @Test
    void aPartitionCanWaitForAMessageTypeAndCutsRightAfterIt() {
        List<TraceEvent> events = new ArrayList<>();
        Simulator<Probe.Msg> sim = sim("partition@1s+Num leader,follower", events);
        sim.runUntil(500);
        sim.inject(NodeId.of("n3"), NodeId.of("n2"), new Probe.Num(1)); // before 1s: not armed yet
        sim.runUntil(1_500);
        assertTrue(sim.partitionGroups().isEmpty());
        sim.inject(NodeId.of("n3"), NodeId.of("n2"), new Probe.Num(2)); // the trigger: n3 and n2 share a group
        sim.inject(NodeId.of("n3"), NodeId.of("n4"), new Probe.Num(3)); // after the cut
        sim.runUntil(2_000);
        assertEquals(List.of(List.of(NodeId.of("n2"), NodeId.of("n3")), List.of(NodeId.of("n1"), NodeId.of("n4"), NodeId.of("n5"))),
                sim.partitionGroups(), notes(events).toString());
        assertEquals(1, events.stream().filter(e -> e.type() == EventType.DELIVER && e.to().equals("n4")).count() == 0 ? 1 : 0,
                "the message sent after the cut is dropped");
        assertEquals(1, events.stream().filter(e -> e.type() == EventType.DROP && "partition".equals(e.text())).count());
    }
}
