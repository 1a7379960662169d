package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import consensuslab.visualizer.lab.LabPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Lab 5 walked in the visualizer's lab panel: narration, a question answered by clicking, the
 * checkpoints ticking green, the narrated node selected in the views, and Back showing the same run.
 * With -Dscreenshots=true it also writes docs/screenshots/lab-panel.png.
 */
@ExtendWith(ApplicationExtension.class)
class LabPanelTest {

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1440, 900));
        stage.show();
    }

    /**
     * Presses a lab button as a click would. The stage is larger than the 1366x768 headless screen,
     * so a robot click could land outside it; firing the button is the same action wherever it is.
     */
    private static void press(FxRobot robot, String id) {
        robot.interact(() -> robot.lookup(id).queryButton().fire());
    }

    private static List<String> lines(Node box) {
        return ((VBox) box).getChildren().stream().map(n -> ((Label) n).getText()).toList();
    }

    @Test
    void theLabsButtonListsEveryLabAndOpensTheChosenOneInThePanel(FxRobot robot) throws Exception {
        javafx.application.Platform.runLater(() -> robot.lookup("#labs").queryButton().fire()); // the dialog waits for us
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ComboBox<String> choice = robot.lookup(".dialog-pane .combo-box").queryAs(ComboBox.class);
        List<String> titles = Fx.call(() -> List.copyOf(choice.getItems()));
        assertTrue(titles.size() >= 9, "labs 0 to 8 are offered: " + titles);
        assertTrue(titles.get(0).startsWith("0. ") && titles.get(8).startsWith("8. "), titles.toString());
        String lab5 = titles.stream().filter(t -> t.startsWith("5. ")).findFirst().orElseThrow();
        robot.interact(() -> {
            choice.getSelectionModel().select(lab5);
            ((Button) ((DialogPane) choice.getScene().getRoot()).lookupButton(ButtonType.OK)).fire();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.paneNames().contains("lab"), "the lab panel is docked");
        assertEquals(5, Fx.call(() -> view.labPanel().scenario().id()));
        assertTrue(robot.lookup("#lab-narration").queryAs(Label.class).getText().startsWith("Five ZooKeeper servers"));
    }

    @Test
    void lab5InTheLabPanel(FxRobot robot) throws Exception {
        LabPanel panel = Fx.call(() -> {
            LabPanel p = view.labPanel();
            p.open("5");
            return p;
        });
        assertTrue(view.paneNames().contains("lab"), "the panel is docked beside the log");
        WaitForAsyncUtils.waitForFxEvents();
        Label narration = robot.lookup("#lab-narration").queryAs(Label.class);
        assertTrue(narration.getText().startsWith("Five ZooKeeper servers"), narration.getText());
        assertEquals("lab 5: " + panel.scenario().title(), view.viz().session().title());

        // step 1: n1 alone
        press(robot, "#lab-next");
        assertTrue(Fx.call(narration::getText).startsWith("n1 started at 0 ms"), narration.getText());
        List<String> checks = Fx.call(() -> lines(robot.lookup("#lab-checks").query()));
        assertEquals(List.of("✓ n1 is LOOKING", "✓ n1 votes for itself", "✓ n2..n5 have not started"), checks);

        // step 2 asks first: answered by clicking, then the step runs and the run confirms the answer
        press(robot, "#lab-next");
        assertTrue(robot.lookup("#lab-ask").queryAs(Label.class).getText().contains("Whom will both vote for?"));
        assertEquals(1, panel.done(), "the step waits for the answer");
        press(robot, "#lab-choice-2");
        assertEquals(2, panel.done());
        assertTrue(robot.lookup("#lab-answer").queryAs(Label.class).getText().startsWith("You answered 2: right."));
        assertTrue(Fx.call(() -> lines(robot.lookup("#lab-checks").query())).contains("✓ the run shows it: n1 now votes for n2"));

        // step 3: n3 leads; the narrated node is selected in the ring and the diagram
        press(robot, "#lab-next");
        assertTrue(Fx.call(narration::getText).contains("LEADING (leader n3)"), narration.getText());
        assertEquals("n3", view.viz().selectedNode());
        assertTrue(Fx.call(() -> lines(robot.lookup("#lab-checks").query())).stream().allMatch(l -> l.startsWith("✓ ")));
        int events = view.viz().session().timeline().size();
        assertTrue(events > 0, "the run is in the views");

        // steps 4..6: the book's example completes: n3 leads, n4 and n5 follow
        press(robot, "#lab-next");
        press(robot, "#lab-next");
        press(robot, "#lab-choice-2");
        press(robot, "#lab-next");
        assertEquals(6, panel.done());
        List<String> book = Fx.call(() -> lines(robot.lookup("#lab-checks").query()));
        assertTrue(book.containsAll(List.of("✓ n3 is LEADING", "✓ n4 follows n3", "✓ n5 follows n3")), book.toString());
        assertFalse(book.stream().anyMatch(l -> l.startsWith("✗")), book.toString());

        if ("true".equals(System.getProperty("screenshots"))) {
            Path out = Path.of(System.getProperty("screenshots.dir", "../docs/screenshots"));
            Files.createDirectories(out);
            assertTrue(Fx.call(() -> view.exportPng(view, out.resolve("lab-panel.png"))));
        }

        // back: a replay from the seed shows the same run at step 5
        String at6 = Fx.call(narration::getText);
        press(robot, "#lab-back");
        assertEquals(5, panel.done());
        press(robot, "#lab-next");
        assertEquals(at6, Fx.call(narration::getText));
        assertEquals(events < view.viz().session().timeline().size(), true);
    }

    @Test
    void theRunBarFollowsAnOpenedLab(FxRobot robot) {
        Fx.run(view::startDefault); // the default protocol (ZAB) with the run bar's settings
        Fx.run(() -> view.labPanel().open("1")); // two-phase commit: 4 nodes, seed 7, its own params
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("2pc", Fx.call(() -> ((ComboBox<?>) robot.lookup("#protocol").query()).getValue()));
        assertEquals(Integer.valueOf(4), Fx.call(() -> ((javafx.scene.control.Spinner<?>) robot.lookup("#nodes").query()).getValue()));
        assertEquals("7", Fx.call(() -> robot.lookup("#seed").queryTextInputControl().getText()));
        assertEquals("txns=3,noVoteRate=0,think=0", Fx.call(() -> robot.lookup("#params").queryTextInputControl().getText()));
        assertEquals("", Fx.call(() -> robot.lookup("#faults").queryTextInputControl().getText()));
    }
}
