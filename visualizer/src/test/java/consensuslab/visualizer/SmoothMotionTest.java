package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import consensuslab.visualizer.model.RunSpec;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Messages on the ring move every frame, also at speeds where a frame is worth less than a millisecond of run. */
@ExtendWith(ApplicationExtension.class)
class SmoothMotionTest {

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1100, 700));
        stage.show();
    }

    @Test
    void messagesInFlightMoveEveryFrameAtTwentyMillisecondsPerSecond() {
        Fx.run(() -> {
            assertTrue(view.start(RunSpec.defaults(view.viz().registry().get("zab"), 7).withNodes(5)));
            view.viz().setSpeed(20); // at 60 frames a second, a third of a millisecond of run per frame
            view.viz().setPlaying(true);
        });
        int compared = 0;
        Map<Long, Point2D> before = Fx.call(() -> {
            view.frame(1 / 60.0);
            return view.clusterView().messagePositions();
        });
        for (int frame = 1; frame <= 120; frame++) {
            Map<Long, Point2D> now = Fx.call(() -> {
                view.frame(1 / 60.0);
                return view.clusterView().messagePositions();
            });
            boolean common = false;
            boolean moved = false;
            for (Map.Entry<Long, Point2D> en : now.entrySet()) {
                Point2D p = before.get(en.getKey());
                if (p != null) {
                    common = true;
                    moved |= p.distance(en.getValue()) > 0.01;
                }
            }
            if (common) {
                compared++;
                assertTrue(moved, "frame " + frame + " (t=" + Fx.call(() -> view.viz().viewTime()) + "ms): no message in flight moved since the last frame: "
                        + now.keySet());
            }
            before = now;
        }
        assertTrue(compared >= 30, "only " + compared + " frames had messages in flight in both frames");
    }
}
