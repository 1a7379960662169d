package consensuslab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.LinkKind;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.echo.EchoState;
import consensuslab.faults.FaultSchedule;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static final String FAULTS = "drop=0.2; dup=0.1; reorder=0.2; partition@200ms n1|n2,n3; heal@500ms; crash n2@300ms; restart n2@400ms";

    private static byte[] traceOf(long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceWriter w = new TraceWriter(out);
        SimRun.Options o = SimRun.Options.defaults(new Echo(), seed).withFaults(FaultSchedule.parse(FAULTS))
                .withParams(Params.parse("ops=20,retry=30")).withUntil(3_000);
        SimRun.Result r = SimRun.run(new Echo(), o, List.of(w));
        w.close();
        assertTrue(r.ok(), () -> "echo is correct: " + r.violations());
        return out.toByteArray();
    }

    @Test
    void sameSeedSameTraceByteForByteAndAnotherSeedDiffers() {
        byte[] a = traceOf(7);
        byte[] b = traceOf(7);
        byte[] c = traceOf(8);
        assertTrue(a.length > 10_000, "a real run: " + a.length + " bytes");
        assertEquals(new String(a), new String(b));
        assertNotEquals(new String(a), new String(c));
    }

    @Test
    void echoCompletesEveryOperationDespiteFaults() {
        List<TraceEvent> events = new ArrayList<>();
        SimRun.Options o = SimRun.Options.defaults(new Echo(), 3).withFaults(FaultSchedule.parse(FAULTS))
                .withParams(Params.parse("ops=20,retry=30")).withUntil(5_000);
        SimRun.Result r = SimRun.run(new Echo(), o, List.of(events::add));
        long invokes = events.stream().filter(e -> e.type() == EventType.INVOKE).count();
        long returns = events.stream().filter(e -> e.type() == EventType.RETURN).count();
        assertEquals(40, invokes);
        assertEquals(40, returns);
        assertTrue(r.stats().dropped() > 0 && r.stats().duplicated() > 0, "faults really happened: " + r.stats());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, events.get(i).seq(), "seq numbers have no gaps");
        }
    }

    @Test
    void theNextEventCanBeChosenByHand() {
        Simulator<Probe.Msg> sim = new Simulator<>(SimConfig.of(1, 3, 0, LinkKind.DATAGRAM), Probe::new);
        sim.runUntil(0);
        Probe n1 = (Probe) sim.node(NodeId.server(1));
        n1.ctx.send(NodeId.server(2), new Probe.Num(1));
        n1.ctx.send(NodeId.server(2), new Probe.Num(2));
        n1.ctx.setTimer(new Probe.Tick(9), 1_000);
        List<PendingEvent> pending = sim.pending();
        assertEquals(3, pending.size());
        assertEquals("timer", pending.get(2).kind());
        PendingEvent second = pending.stream().filter(p -> p.kind().equals("deliver")).reduce((x, y) -> y).orElseThrow();
        sim.deliver(second.seq());
        Probe n2 = (Probe) sim.node(NodeId.server(2));
        assertEquals(1, n2.received.size());
        assertEquals(2, sim.pendingCount());
        assertTrue(sim.step());
        assertEquals(2, n2.received.size());
        assertTrue(sim.step());
        assertEquals(List.of(9), n1.ticks);
        assertFalse(sim.step());
        assertThrows(IllegalArgumentException.class, () -> sim.deliver(12345));
    }

    @Test
    void cancelledTimersNeverFireAndCrashedNodesLoseTheirTimers() {
        Simulator<Probe.Msg> sim = new Simulator<>(SimConfig.of(1, 2, 0, LinkKind.DATAGRAM), Probe::new);
        sim.runUntil(0);
        Probe n1 = (Probe) sim.node(NodeId.server(1));
        long h = n1.ctx.setTimer(new Probe.Tick(1), 10);
        n1.ctx.setTimer(new Probe.Tick(2), 20);
        n1.ctx.cancelTimer(h);
        sim.runUntil(100);
        assertEquals(List.of(2), n1.ticks);
        n1.ctx.setTimer(new Probe.Tick(3), 10);
        sim.crash(NodeId.server(1));
        sim.restart(NodeId.server(1));
        sim.runUntil(200);
        assertEquals(List.of(2), n1.ticks);
        assertEquals(List.of(), ((Probe) sim.node(NodeId.server(1))).ticks);
    }

    @Test
    void aPausedNodeGetsItsEventsLateAndInOrder() {
        Simulator<Probe.Msg> sim = new Simulator<>(SimConfig.of(1, 2, 0, LinkKind.CONNECTION), Probe::new);
        sim.runUntil(0);
        NodeId n2 = NodeId.server(2);
        sim.pause(n2);
        Probe p1 = (Probe) sim.node(NodeId.server(1));
        for (int i = 0; i < 5; i++) {
            p1.ctx.send(n2, new Probe.Num(i));
        }
        sim.runUntil(1_000);
        assertEquals(List.of(), ((Probe) sim.node(n2)).received);
        sim.resume(n2);
        sim.runUntil(1_000);
        assertEquals(List.of("n1:0", "n1:1", "n1:2", "n1:3", "n1:4"), ((Probe) sim.node(n2)).received);
    }

    @Test
    void eventsHeldDuringAPauseRunBeforeAnythingDueAtTheMomentOfResume() {
        // Latency fixed at 5 ms: message 5, sent at t=95, arrives exactly when the scheduled resume fires (t=100).
        SimConfig cfg = SimConfig.of(1, 2, 0, LinkKind.CONNECTION).withLatency(5, 5)
                .withFaults(FaultSchedule.parse("pause n2@1ms; resume n2@100ms"));
        Simulator<Probe.Msg> sim = new Simulator<>(cfg, Probe::new);
        sim.runUntil(1);
        NodeId n2 = NodeId.server(2);
        Probe p1 = (Probe) sim.node(NodeId.server(1));
        for (int i = 0; i < 5; i++) {
            p1.ctx.send(n2, new Probe.Num(i));
        }
        sim.runUntil(95);
        p1.ctx.send(n2, new Probe.Num(5));
        sim.runUntil(200);
        assertEquals(List.of("n1:0", "n1:1", "n1:2", "n1:3", "n1:4", "n1:5"), ((Probe) sim.node(n2)).received,
                "FIFO holds across a pause");
    }

    @Test
    void runUntilAPredicateStopsAtTheFirstEventThatSatisfiesIt() {
        Simulator<consensuslab.echo.EchoMessage> sim = SimRun.build(new Echo(), SimRun.Options.defaults(new Echo(), 2)
                .withParams(Params.parse("ops=50")));
        boolean done = sim.runUntil(s -> {
            Object st = s.state(NodeId.server(1));
            return st instanceof EchoState e && e.count() >= 3;
        }, 60_000);
        assertTrue(done);
        assertEquals(3, ((EchoState) sim.state(NodeId.server(1))).count());
    }

    @Test
    void protocolBugsAreReportedWithNodeTimeAndHandler() {
        Simulator<Probe.Msg> sim = new Simulator<>(SimConfig.of(1, 2, 0, LinkKind.DATAGRAM), Probe::new);
        sim.runUntil(0);
        Probe p = (Probe) sim.node(NodeId.server(1));
        p.ctx.setTimer(new Probe.Tick(1), 5);
        // A Probe casts timers to Tick; a foreign timer makes it throw inside the handler.
        p.ctx.setTimer(new consensuslab.core.Timer() {
        }, 7);
        ProtocolException e = assertThrows(ProtocolException.class, () -> sim.runUntil(100));
        assertTrue(e.getMessage().startsWith("n1 threw at t=7ms handling"), e.getMessage());
    }
}
