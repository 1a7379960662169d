package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import consensuslab.visualizer.model.LiveRun;
import consensuslab.visualizer.model.Preset;
import consensuslab.visualizer.model.Presets;
import consensuslab.visualizer.model.Session;
import consensuslab.visualizer.model.UserAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Trace files: export, import read-only and replay; malformed and truncated files name the line and change nothing. */
@ExtendWith(ApplicationExtension.class)
class TraceImportTest {

    private MainView view;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1100, 760));
        stage.show();
    }

    private Preset nosync() {
        return Presets.ALL.stream().filter(p -> p.name().contains("nosync")).findFirst().orElseThrow();
    }

    private void runToEnd() {
        Fx.run(() -> {
            view.viz().setSpeed(5000);
            view.viz().setPlaying(true); // presets start paused
            for (int i = 0; i < 2000 && view.viz().playing(); i++) {
                view.frame(0.05);
            }
        });
    }

    @Test
    void exportedTraceImportsReadOnlyAndReplaysTheSame(FxRobot robot) throws Exception {
        assertTrue(Fx.call(() -> view.startPreset(nosync())));
        runToEnd();
        LiveRun live = (LiveRun) view.viz().session();
        assertTrue(live.finished());
        Path f = dir.resolve("run.jsonl");
        assertTrue(Fx.call(() -> view.viz().exportTrace(f)), view.viz().status());
        assertEquals(live.timeline().size(), Files.readAllLines(f).size());
        Path png = dir.resolve("view.png");
        assertTrue(Fx.call(() -> view.exportPng(view, png)));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(1100, img.getWidth());
        assertEquals(760, img.getHeight());

        assertTrue(Fx.call(() -> view.importTrace(f)), view.viz().status());
        Session imported = view.viz().session();
        assertFalse(imported.live());
        assertEquals(live.timeline().size(), imported.timeline().size());
        assertEquals(live.servers(), imported.servers());
        assertEquals(live.clients(), imported.clients());
        // the header names the protocol, so its checkers judge the file too, and find the same violation
        assertEquals(live.checkers().get(0).violations(), imported.checkers().get(0).violations());
        // replay: step and play like a live run
        assertEquals(0, view.viz().cursor());
        Fx.run(() -> {
            for (int i = 0; i < 30; i++) {
                view.viz().stepEvent();
            }
            view.refresh();
        });
        assertEquals(30, view.viz().cursor());
        assertEquals(live.timeline().at(30).inflightCount(), view.viz().state().inflightCount());
        assertEquals("in flight: " + live.timeline().at(30).inflightCount(), label("#inflight"));
        Fx.run(() -> view.viz().setPlaying(true));
        runToEnd();
        assertEquals(imported.timeline().size(), view.viz().cursor(), "played to the end");
        assertTrue(label("#invariants-status").contains("VIOLATED"));
        // read-only: acting is refused with a message, nothing changes
        int size = imported.timeline().size();
        assertFalse(Fx.call(() -> view.viz().act(new UserAction.Crash("n1"))));
        assertTrue(label("#status").contains("read-only"), label("#status"));
        assertEquals(size, view.viz().session().timeline().size());
    }

    @Test
    void malformedTraceNamesTheLineAndTheAppKeepsRunning() throws Exception {
        assertTrue(Fx.call(() -> view.startPreset(nosync())));
        runToEnd();
        Session before = view.viz().session();
        Path good = dir.resolve("good.jsonl");
        assertTrue(Fx.call(() -> view.viz().exportTrace(good)));
        List<String> lines = Files.readAllLines(good);

        Path bad = dir.resolve("bad.jsonl");
        List<String> broken = new java.util.ArrayList<>(lines.subList(0, 5));
        broken.add("{\"seq\":5,\"time\":3,\"type\":\"send\",\"from\":");  // line 6: not JSON
        broken.addAll(lines.subList(6, 10));
        Files.write(bad, broken, StandardCharsets.UTF_8);
        assertFalse(Fx.call(() -> view.importTrace(bad)));
        assertTrue(label("#status").contains("bad.jsonl line 6"), label("#status"));
        assertSame(before, view.viz().session(), "the run on screen is kept");

        Path unknown = dir.resolve("unknown.jsonl");
        Files.writeString(unknown, lines.get(0) + "\n" + "{\"seq\":1,\"time\":0,\"type\":\"teleport\"}\n");
        assertFalse(Fx.call(() -> view.importTrace(unknown)));
        assertTrue(label("#status").contains("unknown.jsonl line 2"), label("#status"));

        // truncated: the file ends in the middle of its last event
        Path cut = dir.resolve("cut.jsonl");
        String all = String.join("\n", lines);
        Files.writeString(cut, all.substring(0, all.length() - 25));
        assertFalse(Fx.call(() -> view.importTrace(cut)));
        assertTrue(label("#status").contains("cut.jsonl line " + lines.size()), label("#status"));
        assertSame(before, view.viz().session());

        assertFalse(Fx.call(() -> view.importTrace(dir.resolve("missing.jsonl"))));
        assertTrue(label("#status").contains("no such file"), label("#status"));

        // still running: stepping and acting work
        int c = view.viz().cursor();
        Fx.run(() -> view.viz().stepBack());
        assertEquals(c - 1, view.viz().cursor());
        assertTrue(Fx.call(() -> view.viz().act(new UserAction.Crash("n2"))), view.viz().status());
    }

    private String label(String id) {
        return Fx.call(() -> {
            view.refresh();
            return ((Label) view.lookup(id)).getText();
        });
    }
}
