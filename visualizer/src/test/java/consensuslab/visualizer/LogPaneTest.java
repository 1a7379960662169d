package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.visualizer.model.EventLog;
import consensuslab.visualizer.model.RunSpec;
import consensuslab.visualizer.model.UserAction;
import java.util.List;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The "what just happened" pane: a ZAB election told in the protocol's own notes, following the cursor, jumping on click. */
@ExtendWith(ApplicationExtension.class)
class LogPaneTest {

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1366, 740));
        stage.show();
    }

    @Test
    void zabElectionNotesFollowTheCursorAndAClickJumpsToTheEvent(FxRobot robot) {
        RunSpec spec = RunSpec.defaults(Lab.registry().get("zab"), 1).withNodes(3).withFaults("crash n3@400ms");
        System.out.println("log pane test: " + spec.command());
        assertTrue(Fx.call(() -> view.start(spec)), view.viz().status());
        Fx.run(() -> {
            view.viz().setPlaying(false);
            view.viz().act(new UserAction.Advance(600, Integer.MAX_VALUE));
            view.refresh();
        });
        List<EventLog.Line> lines = Fx.call(() -> List.copyOf(view.viz().log().lines()));
        List<TraceEvent> events = view.viz().session().timeline().events();
        // every note of the election is a line, at its event, in the protocol's words
        long notes = events.stream().filter(e -> e.type() == EventType.NOTE && e.node() != null).count();
        assertTrue(notes > 0);
        for (TraceEvent e : events) {
            if (e.type() == EventType.NOTE && e.node() != null) {
                assertTrue(lines.stream().anyMatch(l -> l.seq() == e.seq() && l.text().equals(e.text()) && e.node().equals(l.node())),
                        "a line for note " + e.seq() + " " + e.text());
            }
        }
        EventLog.Line over = lines.stream().filter(l -> l.text().startsWith("election over")).findFirst().orElseThrow();
        assertTrue(lines.stream().anyMatch(l -> l.text().startsWith("LOOKING: round")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.kind() == EventLog.Kind.PHASE && l.text().equals("LOOKING → LEADING")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.kind() == EventLog.Kind.CRASH && "n3".equals(l.node())), "the crash is told");
        // the pane shows them, and at the live end every line is in the past
        assertEquals(lines.size(), Fx.call(() -> view.logView().list().getItems().size()));
        assertTrue(Fx.call(() -> view.lookup("#log-title") instanceof javafx.scene.control.Label l && l.getText().startsWith(
                "What just happened  (" + lines.size() + " of " + lines.size())));

        // scrub to the start: the pane follows (nothing in the past); a click on the election's line jumps to its event
        Fx.run(() -> {
            view.viz().seekEvent(-1);
            view.refresh();
        });
        assertEquals(0, view.viz().cursor());
        int index = lines.indexOf(over);
        Fx.run(() -> view.logView().list().scrollTo(index));
        robot.sleep(50);
        ListCell<?> cell = Fx.call(() -> robot.lookup(".list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.getItem() == over && c.isVisible()).findFirst().orElse(null));
        assertNotNull(cell, "the line of the election is on screen");
        robot.clickOn(cell);
        assertEquals(over.seq() + 1, view.viz().cursor(), "the cursor is just after the event of the clicked line");
        assertEquals(EventType.NOTE, events.get((int) over.seq()).type());
        assertEquals(index + 1, Fx.call(() -> view.viz().log().countBefore(view.viz().cursor())), "the clicked line is the last one shown as past");
    }
}
