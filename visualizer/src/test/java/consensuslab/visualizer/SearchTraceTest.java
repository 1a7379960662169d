package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.labs.Lab;
import consensuslab.search.Replay;
import consensuslab.search.SearchOptions;
import consensuslab.search.SearchResult;
import consensuslab.search.StateSearch;
import consensuslab.trace.TraceListener;
import consensuslab.trace.TraceWriter;
import consensuslab.visualizer.model.Session;
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

/** A counterexample found by {@code bin/lab search} opens in the visualizer like any trace and steps to the violation. */
@ExtendWith(ApplicationExtension.class)
class SearchTraceTest {

    private MainView view;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1100, 760));
        stage.show();
    }

    @Test
    void aCounterexampleOpensAndStepsToItsViolation(FxRobot robot) throws Exception {
        SearchOptions o = SearchOptions.defaults(new Echo()).withSize(1, 1).withParams(Params.parse("ops=2,bug=nosync"))
                .withFaults(1, 0, 0, 0).withBounds(8, 0);
        SearchResult r = StateSearch.run(new Echo(), o, null);
        assertEquals(SearchResult.Outcome.VIOLATION, r.outcome(), r.message());
        Path f = dir.resolve("counterexample.jsonl");
        try (TraceWriter w = TraceWriter.toFile(f)) {
            Replay.run(new Echo(), o, r.path(), List.<TraceListener>of(w));
        }
        int lines = Files.readAllLines(f).size();

        assertTrue(Fx.call(() -> view.importTrace(f)), view.viz().status());
        Session imported = view.viz().session();
        assertFalse(imported.live());
        assertEquals(lines, imported.timeline().size());
        assertEquals(1, imported.servers().size());
        Fx.run(() -> {
            for (int i = 0; i < lines; i++) {
                view.viz().stepEvent();
            }
            view.refresh();
        });
        assertEquals(lines, view.viz().cursor());
        String status = Fx.call(() -> {
            view.refresh();
            return ((Label) view.lookup("#invariants-status")).getText();
        });
        assertTrue(status.contains("VIOLATED"), status);
    }
}
