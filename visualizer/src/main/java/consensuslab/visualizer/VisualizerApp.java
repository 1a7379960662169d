package consensuslab.visualizer;

import consensuslab.labs.Lab;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * Launches the visualizer ({@code mvn javafx:run}, {@code bin/visualizer}). Not itself an
 * Application, so it also starts with JavaFX on the plain class path.
 */
public final class VisualizerApp {

    private VisualizerApp() {
    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }

    /** The JavaFX application. */
    public static final class App extends Application {
        private MainView view;

        private Stage stage;

        @Override
        public void start(Stage stage) {
            this.stage = stage;
            view = new MainView(new Viz(Lab.registry()));
            stage.setTitle("Consensus Lab visualizer");
            javafx.geometry.Rectangle2D b = WindowFit.initial();
            stage.setScene(view.scene(b.getWidth(), b.getHeight()));
            stage.setMinWidth(Math.min(WindowFit.MIN_WIDTH, b.getWidth()));
            stage.setMinHeight(Math.min(WindowFit.MIN_HEIGHT, b.getHeight()));
            WindowFit.place(stage, b);
            stage.show();
            WindowFit.place(stage, b);
            String trace = getParameters() == null ? null : getParameters().getNamed().get("trace");
            String lab = getParameters() == null ? null : getParameters().getNamed().get("lab");
            if (lab != null) {
                view.labPanel().open(lab);
            } else if (trace != null) {
                view.importTrace(java.nio.file.Path.of(trace));
            } else {
                view.startDefault();
            }
            view.startAnimation();
        }

        @Override
        public void stop() {
            if (stage != null) {
                WindowFit.remember(stage);
            }
            if (view != null) {
                view.stopAnimation();
            }
        }
    }
}
