package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Protocol;
import consensuslab.labs.Lab;
import consensuslab.visualizer.model.LiveRun;
import consensuslab.visualizer.model.RunSpec;
import consensuslab.visualizer.model.UserAction;
import org.junit.jupiter.api.Test;

/** The controller without widgets: virtual time paced to the wall clock times the speed, replay then live. */
class VizTest {

    @Test
    void virtualTimeIsWallClockTimesSpeed() {
        Viz viz = new Viz(Lab.registry());
        Protocol<?> echo = Lab.registry().get("echo");
        assertTrue(viz.start(RunSpec.defaults(echo, 3).withParams("tokens=2")));
        viz.setPlaying(true);
        long t0 = viz.viewTime();
        viz.setSpeed(5);
        for (int i = 0; i < 25; i++) {
            viz.tick(0.04); // one wall second in 25 frames
        }
        assertEquals(t0 + 5, viz.viewTime(), "5 virtual ms per wall second");
        viz.setSpeed(200);
        for (int i = 0; i < 10; i++) {
            viz.tick(0.1);
        }
        assertEquals(t0 + 205, viz.viewTime());
        assertTrue(viz.atLiveEdge());
        // every frame at the live edge is recorded as an action, so the run can be rebuilt
        LiveRun run = (LiveRun) viz.session();
        assertTrue(run.actions().stream().allMatch(a -> a instanceof UserAction.Advance), run.actions().toString());
        assertEquals(205, ((UserAction.Advance) run.actions().get(run.actions().size() - 1)).until());
    }

    @Test
    void playingInThePastReplaysThenGoesLive() {
        Viz viz = new Viz(Lab.registry());
        Protocol<?> echo = Lab.registry().get("echo");
        assertTrue(viz.start(RunSpec.defaults(echo, 3).withParams("tokens=2")));
        viz.setPlaying(true);
        viz.setSpeed(100);
        for (int i = 0; i < 10; i++) {
            viz.tick(0.1);
        }
        int recorded = viz.session().timeline().size();
        assertEquals(100, viz.viewTime());
        viz.seekTime(40);
        assertEquals(viz.session().timeline().cursorAt(40), viz.cursor());
        assertTrue(viz.cursor() < recorded);
        for (int i = 0; i < 5; i++) {
            viz.tick(0.1);
        }
        assertEquals(90, viz.viewTime(), "replaying at the same pace");
        assertEquals(recorded, viz.session().timeline().size(), "replay runs nothing new");
        for (int i = 0; i < 3; i++) {
            viz.tick(0.1);
        }
        assertTrue(viz.atLiveEdge());
        assertTrue(viz.session().timeline().size() > recorded, "past the recording, the simulator runs again");
    }
}
