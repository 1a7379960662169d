package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.visualizer.model.Bookmark;
import consensuslab.visualizer.model.Preset;
import consensuslab.visualizer.model.Presets;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Issue 15's guided presets: a preset's key moments (the crash, the PreCommit split, the TRUNC) as bookmarks to jump to. */
@ExtendWith(ApplicationExtension.class)
class BookmarksTest {

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1200, 760));
        stage.show();
    }

    private static Preset preset(String prefix) {
        return Presets.ALL.stream().filter(p -> p.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    /** Clicks bookmark button i of the preset on screen and returns the event the cursor then shows. */
    private TraceEvent jump(int i, String label) {
        return Fx.call(() -> {
            Button b = (Button) view.lookup("#bookmark-" + i);
            assertNotNull(b, "no bookmark button " + i);
            assertEquals(label, b.getText());
            assertTrue(b.isVisible());
            b.fire();
            assertFalse(view.viz().playing(), "a jump pauses");
            int c = view.viz().cursor();
            assertTrue(c > 0, view.viz().status());
            return view.viz().session().timeline().get(c - 1);
        });
    }

    @Test
    void twoPcCrashBookmarkJumpsToTheCoordinatorsCrash() {
        assertTrue(Fx.call(() -> view.startPreset(preset("2PC: coordinator crash"))));
        assertEquals(0L, Fx.call(() -> view.viz().viewTime()), "the preset starts at t=0");
        TraceEvent crash = jump(0, "the crash");
        assertEquals(EventType.CRASH, crash.type());
        assertEquals("n1", crash.node());
        TraceEvent restart = jump(1, "the recovery");
        assertEquals(EventType.RESTART, restart.type());
        assertTrue(restart.time() > crash.time());
        // and back: a bookmark before the cursor jumps back to it
        assertEquals(crash.seq(), jump(0, "the crash").seq());
    }

    @Test
    void threePcBookmarkJumpsToThePreCommitSplit() {
        assertTrue(Fx.call(() -> view.startPreset(preset("3PC: splitting partition"))));
        TraceEvent split = jump(0, "the PreCommit split");
        assertEquals(EventType.PARTITION, split.type());
        TraceEvent bad = jump(1, "the violation");
        assertTrue(bad.seq() > split.seq());
        assertTrue(Fx.call(() -> view.viz().status()).contains("the violation"), Fx.call(() -> view.viz().status()));
    }

    @Test
    void zabBookmarkJumpsToTheTrunc() {
        assertTrue(Fx.call(() -> view.startPreset(preset("ZAB: follower with stale proposal"))));
        TraceEvent trunc = jump(2, "the TRUNC");
        assertEquals(EventType.NOTE, trunc.type());
        assertTrue(trunc.text().contains("TRUNC"), trunc.text());
        TraceEvent heal = jump(1, "the heal");
        assertEquals(EventType.HEAL, heal.type());
        assertTrue(heal.seq() < trunc.seq());
    }

    @Test
    void everyBookmarkedPresetReachesEachOfItsMoments() {
        for (Preset p : Presets.ALL) {
            if (!Presets.available(p, Lab.registry()) || Presets.bookmarks(p).isEmpty()) {
                continue;
            }
            assertTrue(Fx.call(() -> view.startPreset(p)));
            for (Bookmark b : Presets.bookmarks(p)) {
                boolean found = Fx.call(() -> view.viz().jumpTo(b));
                assertTrue(found, p.name() + ": " + b.label() + ": " + Fx.call(() -> view.viz().status()));
            }
        }
    }
}
