package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import consensuslab.visualizer.model.RunSpec;
import consensuslab.visualizer.view.ClusterView;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.BoundingBox;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Issue 15's declutter: the ring fills its pane, captions never overlap at 9 nodes, drop marks fade, messages move every frame. */
@ExtendWith(ApplicationExtension.class)
class DeclutterTest {

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1100, 700));
        stage.show();
    }

    private static Bounds caption(Node role, Node label) {
        Bounds a = role.getBoundsInParent();
        Bounds b = label.getBoundsInParent();
        double x0 = Math.min(a.getMinX(), b.getMinX());
        double y0 = Math.min(a.getMinY(), b.getMinY());
        return new BoundingBox(x0, y0, Math.max(a.getMaxX(), b.getMaxX()) - x0, Math.max(a.getMaxY(), b.getMaxY()) - y0);
    }

    private void runZab9(String faults) {
        Fx.run(() -> {
            assertTrue(view.start(RunSpec.defaults(view.viz().registry().get("zab"), 7).withNodes(9).withFaults(faults)));
            view.viz().setPlaying(false);
        });
    }

    @Test
    void captionsOfNineNodesDoNotOverlapAndTheRingFillsThePane() {
        runZab9("");
        for (int step = 0; step < 6; step++) {
            Fx.run(() -> {
                for (int i = 0; i < 60; i++) {
                    view.viz().stepEvent();
                }
                view.refresh();
                view.clusterView().refresh();
            });
            List<Bounds> boxes = Fx.call(() -> {
                List<Bounds> out = new ArrayList<>();
                for (int n = 1; n <= 9; n++) {
                    Node role = view.lookup("#node-n" + n + "-role");
                    Node label = view.lookup("#node-n" + n + "-label");
                    out.add(caption(role, label));
                }
                return out;
            });
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    Bounds a = boxes.get(i);
                    Bounds b = boxes.get(j);
                    boolean overlap = a.getMinX() < b.getMaxX() && b.getMinX() < a.getMaxX() && a.getMinY() < b.getMaxY() && b.getMinY() < a.getMaxY();
                    assertTrue(!overlap, "captions of n" + (i + 1) + " " + a + " and n" + (j + 1) + " " + b + " overlap");
                }
            }
        }
        // the ring uses the pane: the servers span most of its width and height
        double[] span = Fx.call(() -> {
            ClusterView cv = view.clusterView();
            double x0 = Double.MAX_VALUE, x1 = -1, y0 = Double.MAX_VALUE, y1 = -1;
            for (int n = 1; n <= 9; n++) {
                Point2D p = cv.position("n" + n);
                x0 = Math.min(x0, p.getX());
                x1 = Math.max(x1, p.getX());
                y0 = Math.min(y0, p.getY());
                y1 = Math.max(y1, p.getY());
            }
            return new double[] {(x1 - x0) / cv.getWidth(), (y1 - y0) / cv.getHeight(), cv.getWidth(), cv.getHeight()};
        });
        System.out.printf("ring spans %.2f of width, %.2f of height of a %.0fx%.0f pane%n", span[0], span[1], span[2], span[3]);
        assertTrue(span[0] > 0.5 && span[1] > 0.5, "ring spans only " + span[0] + " x " + span[1]);
    }

    @Test
    void dropMarksFadeAsEventsGoByWhilePaused() {
        assertEquals(1.0, ClusterView.fade(0, 100, 0), 1e-9);
        assertEquals(0.5, ClusterView.fade(0, 100, ClusterView.FADE_EVENTS / 2), 1e-9);
        assertEquals(0.0, ClusterView.fade(0, 100, ClusterView.FADE_EVENTS), 1e-9);
        assertEquals(0.25, ClusterView.fade(75, 100, 0), 1e-9);
        // a cluster cut in two for the whole run: drops on every step, paused, stepping one event at a time
        runZab9("partition@0ms n1,n2,n3,n4|n5,n6,n7,n8,n9");
        int maxDrops = 0;
        int maxLabels = 0;
        for (int i = 0; i < 400; i++) {
            int[] d = Fx.call(() -> {
                view.viz().stepEvent();
                view.clusterView().refresh();
                return new int[] {view.clusterView().drawnDrops(), view.clusterView().drawnDropLabels()};
            });
            maxDrops = Math.max(maxDrops, d[0]);
            maxLabels = Math.max(maxLabels, d[1]);
        }
        System.out.println("at most " + maxDrops + " drop marks, " + maxLabels + " labels in a frame");
        assertTrue(maxDrops > 0, "the partition dropped nothing that was drawn");
        assertTrue(maxDrops <= ClusterView.FADE_EVENTS, maxDrops + " drop marks at once: they pile up");
        assertTrue(maxLabels <= ClusterView.MAX_DROP_LABELS, maxLabels + " drop labels at once");
    }

    /** Messages on the ring move every frame, also at speeds where a frame is worth less than a millisecond of run. */
    @Test
    void messagesInFlightMoveEveryFrameAtTwentyMillisecondsPerSecond() {
        Fx.run(() -> {
            assertTrue(view.start(RunSpec.defaults(view.viz().registry().get("zab"), 7).withNodes(5)));
            view.viz().setSpeed(20); // at 60 frames a second, a third of a millisecond of run per frame
            view.viz().setPlaying(true);
        });
        int compared = 0;
        java.util.Map<Long, Point2D> before = Fx.call(() -> {
            view.frame(1 / 60.0);
            return view.clusterView().messagePositions();
        });
        for (int frame = 1; frame <= 120; frame++) {
            java.util.Map<Long, Point2D> now = Fx.call(() -> {
                view.frame(1 / 60.0);
                return view.clusterView().messagePositions();
            });
            boolean common = false;
            boolean moved = false;
            for (java.util.Map.Entry<Long, Point2D> en : now.entrySet()) {
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
