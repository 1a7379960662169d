package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.check.Checker;
import consensuslab.labs.Lab;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.visualizer.model.ClusterState;
import consensuslab.visualizer.model.LiveRun;
import consensuslab.visualizer.model.Preset;
import consensuslab.visualizer.model.Presets;
import consensuslab.visualizer.model.RunSpec;
import consensuslab.visualizer.model.UserAction;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * One headless test per bug in issue 15's "Seen, to fix" list (each failed before its fix). The
 * headless screen is 1366×768 (the visualizer's surefire configuration), a laptop's.
 */
@ExtendWith(ApplicationExtension.class)
class SeenToFixTest {

    private MainView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1200, 700));
        stage.show();
    }

    // ---- window ------------------------------------------------------------------------------

    @Test
    void theWindowFitsTheScreenRemembersItsSizeAndDialogsLeaveItAlone(FxRobot robot) throws Exception {
        System.setProperty(WindowFit.PREFS_PROPERTY, "consensuslab-visualizer-test");
        Fx.run(() -> WindowFit.forget());
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        System.out.println("screen " + screen);
        VisualizerApp.App app = new VisualizerApp.App();
        Stage win = Fx.call(() -> {
            Stage s = new Stage();
            app.start(s);
            return s;
        });
        assertTrue(win.getX() >= screen.getMinX() && win.getY() >= screen.getMinY(), "at " + win.getX() + "," + win.getY());
        assertTrue(win.getX() + win.getWidth() <= screen.getMaxX() + 0.5, "width " + win.getWidth() + " on " + screen);
        assertTrue(win.getY() + win.getHeight() <= screen.getMaxY() + 0.5, "height " + win.getHeight() + " on " + screen);
        assertFalse(Fx.call(() -> ((MainView) win.getScene().getRoot()).viz().playing()), "the app opens paused");
        // a dialog is owned by the window and leaves its size alone
        MainView v = (MainView) win.getScene().getRoot();
        double w0 = win.getWidth();
        double h0 = win.getHeight();
        Fx.run(() -> {
            win.requestFocus();
            v.requestFocus();
        });
        robot.interact(() -> v.partitionDialogLater());
        robot.sleep(300);
        Window dialog = Fx.call(() -> Window.getWindows().stream().filter(x -> x != win && x != stage && x.isShowing()
                && x instanceof Stage s && "Partition".equals(s.getTitle())).findFirst().orElse(null));
        assertNotNull(dialog, "the partition dialog is showing");
        assertSame(win, ((Stage) dialog).getOwner(), "dialogs are owned by the main window");
        Fx.run(() -> ((Stage) dialog).close());
        robot.sleep(100);
        assertEquals(w0, win.getWidth(), 0.5);
        assertEquals(h0, win.getHeight(), 0.5);
        // the PNG is the window's real size
        Path png = Files.createTempFile("view", ".png");
        assertTrue(Fx.call(() -> v.exportPng(v, png)));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Math.round(win.getScene().getWidth()), img.getWidth());
        assertEquals(Math.round(win.getScene().getHeight()), img.getHeight());
        Files.delete(png);
        // the size is remembered (and kept on the screen) for the next start
        Fx.run(() -> {
            win.setWidth(1000);
            win.setHeight(640);
            app.stop();
            win.close();
        });
        VisualizerApp.App again = new VisualizerApp.App();
        Stage win2 = Fx.call(() -> {
            Stage s = new Stage();
            again.start(s);
            return s;
        });
        assertEquals(1000, win2.getWidth(), 0.5);
        assertEquals(640, win2.getHeight(), 0.5);
        Fx.run(() -> {
            again.stop();
            win2.close();
            WindowFit.forget();
        });
    }

    // ---- a false violation -------------------------------------------------------------------

    @Test
    void aRequestInjectedByTheUserCountsAsProposed() {
        assertTrue(Fx.call(() -> view.start(RunSpec.defaults(Lab.registry().get("multipaxos"), 1).withNodes(3))));
        Fx.run(() -> {
            view.viz().setPlaying(false);
            view.viz().act(new UserAction.Advance(400, Integer.MAX_VALUE));
        });
        String leader = Fx.call(() -> leader(view.viz().state()));
        assertNotNull(leader, "a leader by 400ms");
        String json = "{\"type\":\"Request\",\"seq\":7,\"command\":{\"client\":\"c1\",\"seq\":7,\"f\":\"append\",\"key\":\"k9\",\"value\":\"hello\"}}";
        assertTrue(Fx.call(() -> view.viz().act(new UserAction.Inject("c1", leader, json))), view.viz().status());
        Fx.run(() -> view.viz().act(new UserAction.Advance(1500, Integer.MAX_VALUE)));
        LiveRun run = (LiveRun) view.viz().session();
        boolean learned = run.timeline().events().stream().anyMatch(e -> e.type() == EventType.STATE && e.state() != null
                && TraceEvent.json(e.state()).toString().contains("c1#7 append k9 hello"));
        assertTrue(learned, "the request was learned");
        for (Checker c : run.checkers()) {
            assertTrue(c.violations().isEmpty(), c.name() + ": " + c.violations());
        }
    }

    // ---- not judged ----------------------------------------------------------------------------

    @Test
    void livenessThatCannotBeJudgedSaysNotJudged() {
        Preset dueling = Presets.ALL.stream().filter(p -> p.name().contains("dueling")).findFirst().orElseThrow();
        assertTrue(Fx.call(() -> view.startPreset(dueling)));
        Fx.run(() -> {
            view.viz().act(new UserAction.Advance(dueling.until() + 1, Integer.MAX_VALUE));
            view.viz().toEnd();
            view.refresh();
        });
        assertTrue(((LiveRun) view.viz().session()).finished());
        String text = label("#inv-liveness");
        assertFalse(text.startsWith("✓"), text);
        assertTrue(text.contains("not judged"), text);
    }

    // ---- stale timers ------------------------------------------------------------------------

    @Test
    void inspectorTimersAreNeverStale() throws Exception {
        // a node whose timer fires and is set again in one handler, publishing nothing new: one timer before and after
        Path trace = Files.createTempFile("timers", ".jsonl");
        Files.writeString(trace, String.join("\n",
                "{\"seq\":0,\"time\":0,\"type\":\"note\",\"text\":\"run protocol=echo nodes=3 clients=0 seed=1\"}",
                "{\"seq\":1,\"time\":0,\"type\":\"start\",\"node\":\"n1\"}",
                "{\"seq\":2,\"time\":0,\"type\":\"state\",\"node\":\"n1\",\"state\":{\"role\":\"server\",\"label\":\"0\"}}",
                "{\"seq\":3,\"time\":0,\"type\":\"timer_set\",\"node\":\"n1\",\"id\":1,\"timer\":{\"type\":\"Tick\"},\"due\":2231}",
                "{\"seq\":4,\"time\":2231,\"type\":\"timer_fire\",\"node\":\"n1\",\"id\":1,\"timer\":{\"type\":\"Tick\"}}",
                "{\"seq\":5,\"time\":2231,\"type\":\"timer_set\",\"node\":\"n1\",\"id\":2,\"timer\":{\"type\":\"Tick\"},\"due\":4462}",
                "{\"seq\":6,\"time\":2847,\"type\":\"note\",\"node\":\"n2\",\"text\":\"later\"}") + "\n");
        assertTrue(Fx.call(() -> view.importTrace(trace)), view.viz().status());
        List<List<String>> seen = Fx.call(() -> {
            List<List<String>> out = new ArrayList<>();
            view.viz().selectNode("n1");
            for (int i : new int[] {3, 6}) { // one frame, then a frame later (playing, several events apart)
                view.viz().seekEvent(i);
                view.refresh();
                List<String> expected = new ArrayList<>();
                for (ClusterState.TimerView t : view.viz().state().timersOf("n1")) {
                    expected.add(t.type() + " due " + t.due() + "ms");
                }
                List<String> lines = new ArrayList<>();
                collect(view.inspectorView().getRoot(), lines);
                assertEquals(expected, timerLines(lines), "timers after event " + i);
                out.add(timerLines(lines));
            }
            return out;
        });
        assertEquals(List.of("Tick due 4462ms"), seen.get(1), "at t=2847 the Tick re-armed at 2231 is shown, not the one that fired");
        Files.delete(trace);
    }

    private static List<String> timerLines(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            int i = l.indexOf(" (set ");
            if (l.contains(" due ") && i > 0) {
                out.add(l.substring(0, i));
            }
        }
        return out;
    }

    // ---- next phase --------------------------------------------------------------------------

    @Test
    void nextPhaseRunsOnAtTheLiveEndAndStopsAtFaults() {
        assertTrue(Fx.call(() -> view.start(RunSpec.defaults(Lab.registry().get("zab"), 1).withNodes(3))));
        Fx.run(() -> view.viz().setPlaying(false));
        for (int i = 0; i < 6; i++) {
            int before = view.viz().cursor();
            Fx.run(view.viz()::stepPhase);
            assertFalse(view.viz().status().contains("no further phase change"), view.viz().status());
            assertTrue(view.viz().cursor() > before, "ran on from the live end: " + view.viz().status());
        }
        // the 2PC preset: Next phase stops at the coordinator's crash, not after its restart
        Preset crash = Presets.ALL.stream().filter(p -> p.name().startsWith("2PC: coordinator crash")).findFirst().orElseThrow();
        assertTrue(Fx.call(() -> view.startPreset(crash)));
        boolean stoppedAtCrash = false;
        for (int i = 0; i < 40 && !stoppedAtCrash; i++) {
            Fx.run(view.viz()::stepPhase);
            TraceEvent e = view.viz().session().timeline().get(view.viz().cursor() - 1);
            assertTrue(e.time() <= 3000 || stoppedAtCrash, "jumped over the crash to " + e.time() + "ms: " + view.viz().status());
            stoppedAtCrash = e.type() == EventType.CRASH && "n1".equals(e.node());
        }
        assertTrue(stoppedAtCrash, view.viz().status());
    }

    // ---- keys ----------------------------------------------------------------------------------

    @Test
    void plusAndKeypadPlusMakeItFaster() {
        Fx.run(() -> view.viz().setSpeed(20));
        double s0 = view.viz().speed();
        press(KeyCode.EQUALS, true); // "+" on a US keyboard: Shift+=
        double s1 = view.viz().speed();
        assertTrue(s1 > s0, s0 + " -> " + s1);
        press(KeyCode.ADD, false); // keypad +
        double s2 = view.viz().speed();
        assertTrue(s2 > s1, s1 + " -> " + s2);
        press(KeyCode.PLUS, false);
        assertTrue(view.viz().speed() > s2);
        press(KeyCode.SUBTRACT, false); // keypad -
        assertTrue(view.viz().speed() < s2 * 2);
    }

    private void press(KeyCode code, boolean shift) {
        Fx.run(() -> {
            javafx.event.Event.fireEvent(view, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, shift, false, false, false));
            view.refresh();
        });
    }

    // ---- the znode workload in the inspector -------------------------------------------------

    @Test
    void znodeWorkloadShowsOpsAndAPathTree() {
        RunSpec spec = RunSpec.defaults(Lab.registry().get("zab"), 2).withNodes(3).withParams("workload=znode");
        assertTrue(Fx.call(() -> view.start(spec)));
        Fx.run(() -> {
            view.viz().setPlaying(false);
            view.viz().act(new UserAction.Advance(1500, Integer.MAX_VALUE));
            view.viz().selectNode("n1");
            view.refresh();
        });
        List<String> lines = inspectorLines();
        List<String> ops = lines.stream().filter(l -> l.startsWith("op:")).toList();
        assertFalse(ops.isEmpty(), lines.toString());
        for (String op : ops) {
            assertFalse(op.substring(3).isBlank(), "blank " + op + " in " + lines);
        }
        // the tree: nested by path, each znode once; what nodeCount counts beyond them is said
        TreeItem<String> tree = findItem(inspectorRoot(), t -> t.startsWith("tree"));
        assertNotNull(tree, lines.toString());
        var data = view.viz().state().node("n1").json().path("data");
        List<String> paths = new ArrayList<>();
        data.path("nodes").forEach(z -> paths.add(z.path("path").asText()));
        assertTrue(paths.size() >= 2, paths.toString());
        assertEquals(paths.size(), countZnodes(tree), "every published znode once: " + lines);
        for (String path : paths) {
            String parent = path.lastIndexOf('/') <= 0 ? "/" : path.substring(0, path.lastIndexOf('/'));
            if (!path.equals("/") && paths.contains(parent)) {
                TreeItem<String> item = findItem(tree, t -> t.equals(path) || t.startsWith(path + "  "));
                assertNotNull(item, path);
                assertTrue(item.getParent().getValue().equals(parent) || item.getParent().getValue().startsWith(parent + "  "),
                        path + " under " + parent + ", not " + item.getParent().getValue());
            }
        }
        int count = data.path("nodeCount").asInt();
        assertTrue(tree.getValue().contains("nodeCount " + count), tree.getValue());
    }

    private static int countZnodes(TreeItem<String> t) {
        int n = t.getValue().startsWith("/") ? 1 : 0;
        for (TreeItem<String> c : t.getChildren()) {
            n += countZnodes(c);
        }
        return n;
    }

    // ---- presets -------------------------------------------------------------------------------

    @Test
    void presetsStartPausedAtZeroWithTheSpeedResetAndTheLessonStays() {
        Fx.run(() -> view.viz().setSpeed(500));
        Preset crash = Presets.ALL.stream().filter(p -> p.name().startsWith("2PC: coordinator crash")).findFirst().orElseThrow();
        assertTrue(Fx.call(() -> view.startPreset(crash)));
        assertFalse(view.viz().playing(), "a preset starts paused");
        assertEquals(0, view.viz().viewTime(), "at t=0");
        assertEquals(20, view.viz().speed(), 1e-9, "speed reset");
        Label banner = (Label) view.lookup("#banner");
        assertTrue(Fx.call(banner::isVisible));
        assertTrue(label("#banner").contains(crash.lesson()), label("#banner"));
        Fx.run(() -> {
            view.viz().stepEvent();
            view.viz().stepPhase();
            view.refresh();
        });
        assertTrue(label("#banner").contains(crash.lesson()), "the lesson stays while the status changes");
        // nothing of the lesson is cut off: the banner is as tall as its wrapped text needs
        Fx.run(() -> view.layout());
        double w = Fx.call(banner::getWidth);
        assertTrue(Fx.call(() -> banner.getHeight() + 0.5 >= banner.prefHeight(w)), "banner height");
        // switching protocol clears the preset's faults, params and lesson
        Fx.run(() -> view.chooseProtocol("multipaxos"));
        assertEquals("", ((javafx.scene.control.TextField) view.lookup("#faults")).getText());
        assertEquals("", ((javafx.scene.control.TextField) view.lookup("#params")).getText());
        assertFalse(Fx.call(banner::isVisible), "no lesson for a run that is not the preset's");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String leader(ClusterState st) {
        for (var en : st.nodes().entrySet()) {
            if (en.getValue().json() != null && "leader".equalsIgnoreCase(en.getValue().role())) {
                return en.getKey();
            }
        }
        return null;
    }

    private String label(String id) {
        return Fx.call(() -> {
            view.refresh();
            return ((Label) view.lookup(id)).getText();
        });
    }

    private TreeItem<String> inspectorRoot() {
        return Fx.call(() -> {
            view.refresh();
            @SuppressWarnings("unchecked")
            TreeView<String> tv = (TreeView<String>) view.lookup("#inspector");
            return tv.getRoot();
        });
    }

    private List<String> inspectorLines() {
        List<String> out = new ArrayList<>();
        collect(inspectorRoot(), out);
        return out;
    }

    private static void collect(TreeItem<String> t, List<String> out) {
        out.add(t.getValue());
        for (TreeItem<String> c : t.getChildren()) {
            collect(c, out);
        }
    }

    private static TreeItem<String> findItem(TreeItem<String> t, java.util.function.Predicate<String> p) {
        if (p.test(t.getValue())) {
            return t;
        }
        for (TreeItem<String> c : t.getChildren()) {
            TreeItem<String> f = findItem(c, p);
            if (f != null) {
                return f;
            }
        }
        return null;
    }
}
