package consensuslab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import consensuslab.core.LinkKind;
import consensuslab.core.NodeId;
import consensuslab.core.Storage;
import consensuslab.faults.FaultSchedule;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Context.requestSync in the simulator: answered SYNC_MS later, durable only then, and deterministic. */
class AsyncSyncTest {

    private static final NodeId N1 = NodeId.server(1);

    private static Simulator<Probe.Msg> sim(List<TraceEvent> events) {
        Simulator<Probe.Msg> sim = new Simulator<>(SimConfig.of(5, 1, 0, LinkKind.DATAGRAM).withFaults(FaultSchedule.NONE), Probe::new);
        if (events != null) {
            sim.addListener(events::add);
        }
        sim.runUntil(0);
        return sim;
    }

    private static Probe probe(Simulator<Probe.Msg> sim) {
        return (Probe) sim.node(N1);
    }

    @Test
    void theAnswerComesLaterAndOnlyThenIsTheWriteDurable() {
        List<TraceEvent> events = new ArrayList<>();
        Simulator<Probe.Msg> sim = sim(events);
        Storage st = probe(sim).ctx.storage();
        st.appendRecord("log", "a");
        probe(sim).ctx.requestSync(7);
        assertEquals(List.of(), probe(sim).synced, "not answered within the handler");
        sim.runUntil(sim.now() + Simulator.SYNC_MS);
        assertEquals(List.of(7L), probe(sim).synced);
        // the answer is traced as a timer, and the storage sync happens when it fires, before the node hears it
        List<EventType> kinds = events.stream().filter(e -> e.type() == EventType.TIMER_FIRE || e.type() == EventType.SYNC)
                .map(TraceEvent::type).toList();
        assertEquals(List.of(EventType.TIMER_FIRE, EventType.SYNC), kinds);
        sim.crash(N1);
        sim.restart(N1);
        assertEquals(List.of("a"), probe(sim).ctx.storage().readRecords("log", String.class).records());
    }

    @Test
    void aCrashBeforeTheAnswerLosesTheAppendAndTheAnswer() {
        Simulator<Probe.Msg> sim = sim(null);
        Probe before = probe(sim);
        before.ctx.storage().appendRecord("log", "a");
        before.ctx.requestSync(1);
        sim.crash(N1);
        sim.restart(N1);
        sim.runUntil(sim.now() + 10 * Simulator.SYNC_MS);
        assertEquals(List.of(), before.synced, "the crashed incarnation hears nothing");
        assertEquals(List.of(), probe(sim).synced, "nor does the new one");
        assertNull(probe(sim).ctx.storage().read("log"), "the append was never durable");
    }

    @Test
    void sameSeedSameTraceByteForByte() {
        assertEquals(run(), run());
    }

    private static String run() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TraceWriter w = new TraceWriter(buf);
        Simulator<Probe.Msg> sim = new Simulator<>(SimConfig.of(5, 2, 0, LinkKind.DATAGRAM), Probe::new);
        sim.addListener(w);
        sim.runUntil(0);
        for (int i = 1; i <= 3; i++) {
            Probe p = (Probe) sim.node(NodeId.server(i % 2 + 1));
            p.ctx.storage().appendRecord("log", "r" + i);
            p.ctx.requestSync(i);
            sim.runUntil(sim.now() + i);
        }
        sim.runUntil(sim.now() + 5);
        w.close();
        return buf.toString(StandardCharsets.UTF_8);
    }
}
