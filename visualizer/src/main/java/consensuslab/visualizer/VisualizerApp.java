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

        @Override
        public void start(Stage stage) {
            view = new MainView(new Viz(Lab.registry()));
            stage.setTitle("Consensus Lab visualizer");
            stage.setScene(view.scene(1440, 900));
            stage.show();
            String trace = getParameters().getNamed().get("trace");
            String lab = getParameters().getNamed().get("lab");
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
            if (view != null) {
                view.stopAnimation();
            }
        }
    }
}
