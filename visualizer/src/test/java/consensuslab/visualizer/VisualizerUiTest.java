package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.check.Violation;
import consensuslab.core.Json;
import consensuslab.core.NodeId;
import consensuslab.core.Protocol;
import consensuslab.labs.Lab;
import consensuslab.sim.PendingEvent;
import consensuslab.sim.Simulator;
import consensuslab.visualizer.model.LiveRun;
import consensuslab.visualizer.model.Preset;
import consensuslab.visualizer.model.Presets;
import consensuslab.visualizer.model.RunSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Headless UI tests (TestFX + Monocle), one run per registered protocol: step it, crash and
 * restart a node, partition and heal, drop a message, act in the past, and check what the view
 * shows against the simulator itself (roles, labels, messages in flight, the inspector); and the
 * invariant panel turning red for every preset that is meant to break an invariant.
 */
@ExtendWith(ApplicationExtension.class)
class VisualizerUiTest {

    private MainView view;

    @Start
    void start(Stage stage) {
        consensuslab.core.Registry reg = Lab.registry();
        extra().forEach(reg::add);
        view = new MainView(new Viz(reg));
        stage.setScene(view.scene(1100, 760));
        stage.show();
    }

    static Stream<Protocol<?>> protocols() {
        return Stream.concat(Lab.registry().all().stream(), extra().stream());
    }

    /**
     * Protocols not registered yet, by class name, to try them before they are:
     * {@code -Dviz.extraProtocols=consensuslab.zab.Zab -Dmaven.test.additionalClasspath=/path/to/classes}.
     */
    static List<Protocol<?>> extra() {
        List<Protocol<?>> out = new ArrayList<>();
        for (String name : System.getProperty("viz.extraProtocols", "").split(",")) {
            if (!name.isBlank()) {
                try {
                    out.add((Protocol<?>) Class.forName(name.trim()).getDeclaredConstructor().newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("viz.extraProtocols: cannot make " + name + ": " + e);
                }
            }
        }
        return out;
    }

    static Stream<Preset> violatingPresets() {
        return Presets.ALL.stream().filter(p -> p.violates() && Presets.available(p, Lab.registry()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocols")
    void stepCrashRestartPartitionHealAndInspect(Protocol<?> p, FxRobot robot) {
        RunSpec spec = RunSpec.defaults(p, 1).withNodes(3);
        System.out.println("ui test " + p.name() + ": " + spec.command());
        assertTrue(Fx.call(() -> view.start(spec)), "started: " + status());
        Fx.run(() -> {
            view.viz().setPlaying(false);
            view.refresh();
        });
        LiveRun run = (LiveRun) view.viz().session();
        Simulator<?> sim = run.simulator();

        // step: one click, then keys; one event each
        int c0 = view.viz().cursor();
        robot.clickOn("#step");
        assertEquals(c0 + 1, view.viz().cursor());
        robot.clickOn("#node-n1");
        robot.type(KeyCode.RIGHT); // one real key press through the robot
        steps(24);
        assertEquals(c0 + 26, view.viz().cursor());
        assertTrue(text("#clock").contains("event " + (c0 + 26) + "/"), text("#clock"));
        stepToEndOfHandler(robot);
        assertViewMatchesSimulator(run);

        // the inspector shows the selected node's published state, field by field
        assertEquals("n1", view.viz().selectedNode());
        assertInspectorShows(run, "n1");

        // crash n2 (select with 2, crash with C), run on, restart it
        key(KeyCode.DIGIT2);
        key(KeyCode.C);
        assertFalse(sim.isUp(NodeId.of("n2")));
        assertEquals("crashed", text("#node-n2-role"));
        assertTrue(inspectorLines().contains("status: crashed"), inspectorLines().toString());
        steps(10);
        stepToEndOfHandler(robot);
        key(KeyCode.C);
        assertTrue(sim.isUp(NodeId.of("n2")));
        assertNotEquals("crashed", text("#node-n2-role"));
        steps(10);
        stepToEndOfHandler(robot);
        assertViewMatchesSimulator(run);

        // partition n1 away from the rest (I), then heal (H)
        key(KeyCode.DIGIT1);
        key(KeyCode.I);
        assertEquals(List.of(List.of(NodeId.of("n1")), List.of(NodeId.of("n2"), NodeId.of("n3"))), sim.partitionGroups());
        assertTrue(text("#counters").contains("partition n1 | n2,n3"), text("#counters"));
        steps(10);
        stepToEndOfHandler(robot);
        assertViewMatchesSimulator(run);
        key(KeyCode.H);
        assertTrue(sim.partitionGroups().isEmpty());
        assertFalse(text("#counters").contains("partition"), text("#counters"));

        // drop a message in flight by clicking it, then D (a marker clear of the node shapes, which are on top)
        Map.Entry<Long, Point2D> m = null;
        double far = -1;
        for (int i = 0; i < 400 && far < 40; i++) {
            Fx.run(() -> { // play one frame of 1 virtual ms: messages move along their links
                view.viz().setSpeed(20);
                view.viz().setPlaying(true);
                view.frame(0.05);
                view.viz().setPlaying(false);
                view.refresh();
            });
            m = null;
            far = -1;
            Map<Long, Point2D> all = view.clusterView().messagePositions();
            for (Map.Entry<Long, Point2D> en : all.entrySet()) {
                double d = Double.MAX_VALUE;
                for (String n : run.timeline().nodeNames()) {
                    Point2D c = view.clusterView().position(n);
                    d = Math.min(d, Math.hypot(c.getX() - en.getValue().getX(), c.getY() - en.getValue().getY()));
                }
                for (Map.Entry<Long, Point2D> other : all.entrySet()) {
                    if (!other.getKey().equals(en.getKey()) && other.getValue().distance(en.getValue()) < 14) {
                        d = -1; // another marker too close to click this one unambiguously
                    }
                }
                if (d > far) {
                    far = d;
                    m = en;
                }
            }
        }
        if (m != null && far >= 40) {
            Map.Entry<Long, Point2D> msg = m;
            Point2D screen = Fx.call(() -> view.clusterView().localToScreen(msg.getValue()));
            robot.clickOn(screen);
            assertEquals(msg.getKey(), view.viz().selectedMsg(), "clicked at " + msg.getValue() + ", " + far + "px from the nearest node");
            assertTrue(inspectorLines().stream().anyMatch(l -> l.startsWith("message " + msg.getKey())), inspectorLines().toString());
            int before = view.viz().state().inflightCount();
            key(KeyCode.D);
            assertEquals(before - 1, view.viz().state().inflightCount(), status());
            assertTrue(status().startsWith("drop message " + msg.getKey()), status());
            assertViewMatchesSimulator(run);
        } else {
            System.out.println(p.name() + ": no message in flight clear of the nodes within 400 events");
        }

        // F: the next phase change, i.e. a state event whose node's phase (role or transaction state) differs
        key(KeyCode.F);
        int at = view.viz().cursor();
        if (status().contains(" → ")) {
            consensuslab.trace.TraceEvent e = run.timeline().get(at - 1);
            assertEquals(consensuslab.trace.EventType.STATE, e.type());
            JsonNode before = Fx.call(() -> run.timeline().at(at - 1).node(e.node()).json());
            JsonNode after = Json.tree(e.state());
            assertNotEquals(consensuslab.visualizer.model.Phase.of(before.path("role").asText(), before),
                    consensuslab.visualizer.model.Phase.of(after.path("role").asText(), after), status());
        } else if (!status().contains("no further phase change") && !status().contains("no phase change within")) {
            // or it stopped at a fault or a decision the protocol noted, and says what it was
            consensuslab.trace.TraceEvent e = run.timeline().get(at - 1);
            assertTrue(java.util.Set.of(consensuslab.trace.EventType.CRASH, consensuslab.trace.EventType.RESTART,
                    consensuslab.trace.EventType.PARTITION, consensuslab.trace.EventType.HEAL, consensuslab.trace.EventType.NOTE,
                    consensuslab.trace.EventType.STATE).contains(e.type()), e + " / " + status());
            assertTrue(status().endsWith(" at " + e.time() + "ms"), status());
        }
        stepToEndOfHandler(robot);

        // act in the past: back 5 events, crash n3: the run forks
        int end = run.timeline().size();
        key(KeyCode.LEFT);
        Fx.run(() -> {
            for (int i = 0; i < 4; i++) {
                view.viz().stepBack();
            }
        });
        assertEquals(end - 5, view.viz().cursor());
        key(KeyCode.DIGIT3);
        key(KeyCode.C);
        assertTrue(status().contains("forked at event"), status());
        LiveRun forked = (LiveRun) view.viz().session();
        assertFalse(forked.simulator().isUp(NodeId.of("n3")));
        assertEquals("crashed", text("#node-n3-role"));
        assertTrue(forked.timeline().size() < end + 2, "the old future is gone");
    }

    @org.junit.jupiter.api.Test
    void draggingANodeOffTheRingPartitionsIt(FxRobot robot) {
        Protocol<?> p = Lab.registry().all().get(0);
        assertTrue(Fx.call(() -> view.start(RunSpec.defaults(p, 2).withNodes(3))));
        Fx.run(() -> {
            view.viz().setPlaying(false);
            view.refresh();
        });
        LiveRun run = (LiveRun) view.viz().session();
        robot.drag("#node-n3", javafx.scene.input.MouseButton.PRIMARY).moveBy(140, 90).release(javafx.scene.input.MouseButton.PRIMARY);
        assertEquals(List.of(List.of(NodeId.of("n3")), List.of(NodeId.of("n1"), NodeId.of("n2"))), run.simulator().partitionGroups(),
                status());
        robot.drag("#node-n3", javafx.scene.input.MouseButton.PRIMARY).moveBy(140, 90).release(javafx.scene.input.MouseButton.PRIMARY);
        assertTrue(run.simulator().partitionGroups().isEmpty(), "dragged back: healed; " + status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violatingPresets")
    void invariantPanelTurnsRedOnTheViolatingPreset(Preset preset, FxRobot robot) {
        System.out.println("preset " + preset.name() + ": seed " + preset.seed() + ", faults " + preset.faults());
        assertTrue(Fx.call(() -> view.startPreset(preset)), status());
        assertTrue(text("#invariants-status").contains("hold"), text("#invariants-status"));
        assertFalse(view.viz().playing(), "a preset starts paused");
        Fx.run(() -> {
            view.viz().setSpeed(2000);
            view.viz().setPlaying(true);
        });
        for (int i = 0; i < 3000 && !text("#invariants-status").contains("VIOLATED") && view.viz().playing(); i++) {
            Fx.run(() -> view.frame(0.05));
        }
        assertTrue(text("#invariants-status").contains("VIOLATED"), text("#invariants-status"));
        LiveRun run = (LiveRun) view.viz().session();
        Violation v = run.checkers().stream().flatMap(c -> c.violations().stream()).findFirst().orElseThrow();
        Label red = robot.lookup("#inv-" + v.checker()).queryAs(Label.class);
        assertTrue(red.getStyleClass().contains("violated"));
        assertTrue(red.getText().contains(v.message()), red.getText());
        if (v.seq() >= 0) {
            assertTrue(red.getText().contains("event " + v.seq()), red.getText());
            // jump to the event that broke it; one event earlier, the invariant still held
            robot.clickOn(red);
            assertEquals(v.seq() + 1, view.viz().cursor());
            assertTrue(text("#invariants-status").contains("VIOLATED"));
            robot.clickOn("#node-n1");
            key(KeyCode.LEFT);
            assertEquals(v.seq(), view.viz().cursor());
            assertTrue(text("#invariants-status").contains("hold"), text("#invariants-status"));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Steps until the cursor is at the end of the recorded trace (a handler's events all shown). */
    private void stepToEndOfHandler(FxRobot robot) {
        Fx.run(() -> {
            while (view.viz().cursor() < view.viz().session().timeline().size()) {
                view.viz().stepEvent();
            }
            view.refresh();
        });
    }

    /** Steps n events as the Step button does (without the robot's per-key delay). */
    private void steps(int n) {
        Fx.run(() -> {
            for (int i = 0; i < n; i++) {
                view.viz().stepEvent();
            }
            view.refresh();
        });
    }

    private void assertViewMatchesSimulator(LiveRun run) {
        Fx.run(view::refresh);
        assertEquals(view.viz().cursor(), run.timeline().size(), "at the live end");
        Simulator<?> sim = run.simulator();
        for (String n : run.servers()) {
            NodeId id = NodeId.of(n);
            String role = text("#node-" + n + "-role");
            if (!sim.isUp(id)) {
                assertEquals("crashed", role, n);
                continue;
            }
            Object st = sim.state(id);
            if (st != null) {
                JsonNode j = Json.tree(st);
                assertEquals(j.path("role").asText(), role, n + " role");
                assertEquals(j.path("label").asText(), text("#node-" + n + "-label"), n + " label");
            }
        }
        int pending = 0;
        for (PendingEvent e : sim.pending()) {
            if ("deliver".equals(e.kind())) {
                pending++;
            }
        }
        assertEquals("in flight: " + pending, text("#inflight"));
    }

    private void assertInspectorShows(LiveRun run, String node) {
        Object st = run.simulator().state(NodeId.of(node));
        List<String> lines = inspectorLines();
        assertEquals(node, lines.get(0));
        if (st == null) {
            return;
        }
        JsonNode j = Json.tree(st);
        assertTrue(lines.contains("role: " + j.path("role").asText()), lines.toString());
        assertTrue(lines.contains("label: " + j.path("label").asText()), lines.toString());
        for (Map.Entry<String, JsonNode> f : j.properties()) {
            String k = f.getKey();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(k + ": ") || l.startsWith(k + " [") || l.startsWith(k + " {")),
                    "inspector shows field " + k + ": " + lines);
            if (f.getValue().isValueNode()) {
                JsonNode v = f.getValue();
                boolean zxid = v.isIntegralNumber() && v.asLong() >= 0 && k.toLowerCase(java.util.Locale.ROOT).endsWith("zxid");
                String shown = v.isTextual() ? v.asText()
                        : zxid ? String.format("0x%x (e%d c%d)", v.asLong(), v.asLong() >>> 32, v.asLong() & 0xffffffffL) : v.toString();
                assertTrue(lines.contains(k + ": " + shown), k + " = " + shown + " in " + lines);
            }
        }
    }

    private List<String> inspectorLines() {
        return Fx.call(() -> {
            view.refresh();
            @SuppressWarnings("unchecked")
            TreeView<String> tv = (TreeView<String>) view.lookup("#inspector");
            List<String> out = new ArrayList<>();
            collect(tv.getRoot(), out);
            return out;
        });
    }

    private static void collect(TreeItem<String> t, List<String> out) {
        out.add(t.getValue());
        for (TreeItem<String> c : t.getChildren()) {
            collect(c, out);
        }
    }

    private String text(String id) {
        return Fx.call(() -> {
            view.refresh();
            javafx.scene.Node n = view.lookup(id);
            if (n == null) {
                n = view.getScene().lookup(id);
            }
            return n instanceof Text t ? t.getText() : ((Label) n).getText();
        });
    }

    /** A key press dispatched through the scene, as the keyboard delivers it (without the robot's pacing). */
    private void key(KeyCode code) {
        Fx.run(() -> {
            javafx.scene.Node target = view.getScene().getFocusOwner() != null ? view.getScene().getFocusOwner() : view;
            javafx.event.Event.fireEvent(target, new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", "", code,
                    false, false, false, false));
            view.refresh();
        });
    }

    private String status() {
        return view.viz().status();
    }
}
