package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The launcher's application opens a window with a live run of the default protocol, paused at its start; Play runs it. */
class VisualizerAppTest {

    @Test
    void opensWithALiveRunThatAdvances() throws Exception {
        Fx.start();
        System.setProperty(WindowFit.PREFS_PROPERTY, "consensuslab-visualizer-test");
        javafx.application.Application app = FxToolkit.setupApplication(VisualizerApp.App.class);
        try {
            MainView view = Fx.call(() -> {
                for (Window w : Window.getWindows()) {
                    if (w instanceof Stage s && s.getScene() != null && s.getScene().getRoot() instanceof MainView m) {
                        return m;
                    }
                }
                return null;
            });
            assertNotNull(view, "a window showing the visualizer");
            assertNotNull(view.viz().session(), "a run was started");
            assertFalse(view.viz().playing(), "paused: the student presses Play");
            assertEquals(0, view.viz().viewTime());
            Fx.run(view.viz()::togglePlay);
            long t0 = view.viz().viewTime();
            Thread.sleep(1500);
            assertTrue(view.viz().viewTime() > t0, "virtual time advances with the wall clock: " + t0 + " -> " + view.viz().viewTime());
        } finally {
            FxToolkit.cleanupApplication(app);
            Fx.run(() -> {
                for (Window w : new java.util.ArrayList<>(Window.getWindows())) {
                    if (w instanceof Stage s && s.getScene() != null && s.getScene().getRoot() instanceof MainView m) {
                        m.stopAnimation();
                        s.close();
                    }
                }
            });
        }
    }
}
