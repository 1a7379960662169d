package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import consensuslab.labs.compare.Comparison;
import consensuslab.labs.compare.Results;
import consensuslab.labs.compare.Scenario;
import consensuslab.labs.compare.Workload;
import consensuslab.trace.EventType;
import consensuslab.visualizer.compare.CompareView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Headless: the compare view shows a bin/lab compare results.json, and opens a run of it at its first fault. */
@ExtendWith(ApplicationExtension.class)
class CompareViewTest {

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1100, 760));
        stage.show();
    }

    @Test
    void opensTheResultsAndARunAtItsFirstFault(FxRobot robot, @TempDir Path dir) throws Exception {
        Comparison.Plan plan = new Comparison.Plan(List.of("2pc", "zab"), Scenario.custom("crash leader@1s; restart leader@2s"), 1, 2, 5,
                new Workload(2, 1000, 100, 3_000));
        Results r = Comparison.run(plan, Lab.registry(), 2, n -> { });
        r.write(dir);
        CompareView cv = Fx.call(() -> CompareWindow.open(view, dir.resolve("results.json")));
        assertNotNull(cv);
        TableView<?> protocols = robot.lookup("#compare-protocols").queryAs(TableView.class);
        assertEquals(2, protocols.getItems().size(), "one row per protocol");
        robot.interact(() -> cv.selectProtocol("zab"));
        TableView<?> runs = robot.lookup("#compare-runs").queryAs(TableView.class);
        assertEquals(2, runs.getItems().size(), "one row per seed");
        robot.interact(() -> cv.selectSeed(2));
        robot.clickOn("#compare-open");
        WaitForAsyncUtils.waitForFxEvents();
        Results.RunRow row = r.protocol("zab").perSeed().get(1);
        assertEquals(1_000, row.firstFaultMs());
        assertTrue(view.viz().session() instanceof consensuslab.visualizer.model.LiveRun, "a live run of the row");
        consensuslab.visualizer.model.LiveRun live = (consensuslab.visualizer.model.LiveRun) view.viz().session();
        assertEquals("zab", live.spec().protocol());
        assertEquals(2, live.spec().seed());
        assertEquals(1_000, view.viz().viewTime(), "paused at the first fault");
        assertTrue(view.viz().session().timeline().events().stream().anyMatch(e -> e.type() == EventType.CRASH && e.time() == 1_000),
                "the leader's crash is on the diagram");
        assertTrue(!view.viz().playing());
    }

    @Test
    void aFileThatIsNotAComparisonIsOneLineInTheStatus(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("results.json");
        Files.writeString(bad, "{not json");
        assertNull(Fx.call(() -> CompareWindow.open(view, bad)));
    }
}
