package consensuslab.visualizer;

import consensuslab.labs.compare.Results;
import consensuslab.visualizer.compare.CompareView;
import consensuslab.visualizer.model.UserAction;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/** A window with a {@link CompareView}; opening a run starts it in the main window, paused at its first fault. */
public final class CompareWindow {

    private CompareWindow() {
    }

    /** Reads results.json and shows it; on a bad file, says so in the main window's status line and returns null. */
    public static CompareView open(MainView main, Path resultsJson) {
        Results r;
        try {
            r = Results.read(resultsJson);
        } catch (IllegalArgumentException e) {
            main.viz().say("cannot open comparison: " + e.getMessage());
            main.refresh();
            return null;
        }
        CompareView view = new CompareView(r, (spec, at) -> openRun(main, spec, at));
        Stage stage = new Stage();
        Window owner = main.getScene() == null ? null : main.getScene().getWindow();
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.setTitle("Compare: " + r.scenario() + ", seeds " + r.seeds());
        stage.setScene(new Scene(view, 1100, 600));
        stage.show();
        return view;
    }

    /** Starts the run in the main window and runs it, paused, up to {@code at} (its first fault). */
    public static boolean openRun(MainView main, consensuslab.visualizer.model.RunSpec spec, long at) {
        if (!main.start(spec)) {
            return false;
        }
        main.viz().setPlaying(false);
        boolean ok = main.viz().act(new UserAction.Advance(at, Integer.MAX_VALUE));
        main.viz().say("compare: " + spec.protocol() + " seed " + spec.seed() + " at its first fault, " + at + "ms");
        main.refresh();
        return ok;
    }
}
