package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Json;
import consensuslab.core.NodeId;
import consensuslab.core.Protocol;
import consensuslab.labs.Lab;
import consensuslab.sim.PendingEvent;
import consensuslab.trace.TraceEvent;
import consensuslab.visualizer.model.ClusterState;
import consensuslab.visualizer.model.LiveRun;
import consensuslab.visualizer.model.RunSpec;
import consensuslab.visualizer.model.Timeline;
import consensuslab.visualizer.model.UserAction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The model behind the views: the fold over the trace agrees with the simulator, scrubbing and forking replay exactly. */
class TimelineTest {

    static Stream<Protocol<?>> protocols() {
        return Lab.registry().all().stream();
    }

    /** Faults that exercise drops, duplicates, partitions and crashes on any protocol of 5 nodes. */
    static final String FAULTS = "drop=0.1; dup=0.1; partition@20ms n1,n2|n3,n4,n5; heal@60ms; crash n3@30ms; restart n3@80ms";

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocols")
    void foldAgreesWithTheSimulatorAtEveryStep(Protocol<?> p) {
        RunSpec spec = RunSpec.defaults(p, 7).withNodes(5).withFaults(FAULTS).withUntil(400);
        LiveRun run = new LiveRun(p, spec);
        System.out.println("protocol " + p.name() + " seed 7; replay: " + spec.command());
        int steps = 0;
        while (run.now() < 400 && steps < 3000) {
            run.apply(new UserAction.Step());
            steps++;
            ClusterState st = run.timeline().at(run.timeline().size());
            int pendingDeliveries = 0;
            for (PendingEvent e : run.simulator().pending()) {
                if ("deliver".equals(e.kind())) {
                    pendingDeliveries++;
                }
            }
            assertEquals(pendingDeliveries, st.inflightCount(), "in flight after step " + steps);
            for (String n : run.servers()) {
                NodeId id = NodeId.of(n);
                assertEquals(run.simulator().isUp(id), st.node(n).up(), n + " up after step " + steps);
                Object published = run.simulator().state(id);
                if (published != null) {
                    assertEquals(Json.tree(published), st.node(n).json(), n + " state after step " + steps);
                }
            }
            List<List<String>> groups = new ArrayList<>();
            run.simulator().partitionGroups().forEach(g -> groups.add(g.stream().map(NodeId::name).toList()));
            assertEquals(groups, st.partition(), "partition after step " + steps);
        }
        assertTrue(run.timeline().at(run.timeline().size()).dropped() > 0, "the faults dropped something");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocols")
    void scrubbingToAnyPointEqualsAFreshFold(Protocol<?> p) {
        scrub(new LiveRun(p, RunSpec.defaults(p, 3).withNodes(5).withFaults(FAULTS).withUntil(300)));
    }

    @org.junit.jupiter.api.Test
    void scrubbingAcrossManyCheckpoints() {
        Protocol<?> echo = Lab.registry().get("echo");
        LiveRun run = new LiveRun(echo, RunSpec.defaults(echo, 3).withNodes(5).withFaults("dup=0.02; partition@200ms n1|n2,n3,n4,n5; heal@210ms").withParams("tokens=4").withUntil(600));
        scrub(run);
        assertTrue(run.timeline().size() > 5_000, "many checkpoints: " + run.timeline().size() + " events");
    }

    private static void scrub(LiveRun run) {
        Protocol<?> p = run.protocol();
        run.apply(new UserAction.Advance(run.spec().until(), 1_000_000));
        Timeline tl = run.timeline();
        assertTrue(tl.size() > 50, "events recorded: " + tl.size());
        SplittableRandom r = new SplittableRandom(11);
        System.out.println("scrub seed 11 over " + tl.size() + " events of " + p.name());
        for (int i = 0; i < 40; i++) {
            int k = r.nextInt(tl.size() + 1);
            ClusterState fresh = new ClusterState(tl.nodeNames());
            for (int j = 0; j < k; j++) {
                fresh.apply(tl.get(j));
            }
            ClusterState at = tl.at(k);
            assertEquals(k, at.applied());
            assertEquals(fresh.inflightCount(), at.inflightCount(), "in flight at " + k);
            assertEquals(fresh.nodes(), at.nodes(), "nodes at " + k);
            assertEquals(fresh.partition(), at.partition(), "partition at " + k);
            assertEquals(fresh.timers().size(), at.timers().size(), "timers at " + k);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocols")
    void actingInThePastForksAndKeepsThePrefix(Protocol<?> p) {
        LiveRun run = new LiveRun(p, RunSpec.defaults(p, 5).withNodes(3).withUntil(500));
        for (long t = 5; t <= 60; t += 5) {
            run.apply(new UserAction.Advance(t, 7)); // a bounded advance, as a busy frame records it
        }
        run.apply(new UserAction.Crash("n2"));
        run.apply(new UserAction.Advance(100, 1000));
        List<String> before = json(run.timeline());
        int cursor = before.size() / 2;
        run.forkAt(cursor);
        List<String> after = json(run.timeline());
        assertTrue(after.size() >= cursor, "replayed to the cursor");
        assertEquals(before.subList(0, after.size()), after, "the replayed past is the recorded past, event for event");
        run.apply(new UserAction.Crash("n3"));
        TraceEvent last = run.timeline().get(run.timeline().size() - 1);
        assertEquals("n3", last.node());
        assertEquals("crash", last.type().json());
        List<UserAction> log = run.actions();
        assertEquals(new UserAction.Crash("n3"), log.get(log.size() - 1));
        // the new history replays to the same trace
        LiveRun again = new LiveRun(p, run.spec());
        for (UserAction a : log) {
            again.apply(a);
        }
        assertEquals(json(run.timeline()), json(again.timeline()), "spec + actions determine the run");
        assertFalse(json(again.timeline()).equals(before), "the future changed");
    }

    @org.junit.jupiter.api.Test
    void aRequestIsAProtocolMessageInjected() {
        Protocol<?> echo = Lab.registry().get("echo");
        LiveRun run = new LiveRun(echo, RunSpec.defaults(echo, 9).withNodes(3).withParams("ops=0"));
        run.apply(new UserAction.Advance(5, 1000));
        List<Class<?>> types = run.messageTypes();
        assertEquals("Ping", types.get(0).getSimpleName(), "request-like messages first: " + types);
        String json = LiveRun.template(types.get(0));
        assertEquals("{\"type\":\"Ping\",\"seq\":1}", json);
        long before = run.timeline().at(run.timeline().size()).node("n2").json().path("count").asLong();
        run.apply(new UserAction.Inject("c1", "n2", json));
        run.apply(new UserAction.Advance(40, 1000));
        ClusterState st = run.timeline().at(run.timeline().size());
        assertEquals(before + 1, st.node("n2").json().path("count").asLong(), "n2 served the injected ping");
        assertTrue(run.timeline().events().stream().anyMatch(e -> "Pong".equals(e.msgType()) && "n2".equals(e.from())
                && "c1".equals(e.to())), "and answered c1");
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> run.apply(new UserAction.Inject("c1", "n2", "{\"type\":\"Teleport\"}")));
        assertTrue(bad.getMessage().startsWith("not a EchoMessage"), bad.getMessage());
        assertFalse(bad.getMessage().contains("\n"), "one line");
    }

    private static List<String> json(Timeline tl) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : tl.events()) {
            out.add(Json.string(e));
        }
        return out;
    }
}
