package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.labs.Lab;
import consensuslab.visualizer.model.ClusterState;
import consensuslab.visualizer.model.RunSpec;
import consensuslab.visualizer.view.InspectorView;
import javafx.scene.control.TreeItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Issue 15's inspector: a one-line summary per protocol on top, a selected message first, two nodes pinned side by side. */
@ExtendWith(ApplicationExtension.class)
class InspectorSummaryTest {

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1200, 760));
        stage.show();
    }

    private void run(String protocol, int events) {
        Fx.run(() -> {
            assertTrue(view.start(RunSpec.defaults(view.viz().registry().get(protocol), 3)));
            view.viz().setPlaying(false);
            for (int i = 0; i < events; i++) {
                view.viz().stepEvent();
            }
        });
    }

    /** The first line under the inspector's root, for node n. */
    private String firstLine(String node) {
        return Fx.call(() -> {
            view.viz().selectNode(node);
            view.viz().selectMessage(null);
            view.refresh();
            TreeItem<String> root = view.inspectorView().getRoot();
            assertEquals(node, root.getValue());
            return root.getChildren().get(0).getValue();
        });
    }

    @Test
    void zabSummaryGivesEpochZxidsInHexAndSyncMode() {
        run("zab", 600);
        boolean sawSync = false;
        for (String n : new String[] {"n1", "n2", "n3"}) {
            String line = firstLine(n);
            JsonNode j = Fx.call(() -> view.viz().state().node(n).json());
            System.out.println(n + ": " + line);
            assertTrue(line.startsWith("ZAB: epoch " + j.path("currentEpoch").asLong()), line);
            assertTrue(line.contains("last " + InspectorView.zxid(j.path("lastLoggedZxid").asLong())), line);
            assertTrue(line.contains("committed " + InspectorView.zxid(j.path("lastCommittedZxid").asLong())), line);
            assertTrue(line.matches(".*last 0x[0-9a-f]+ \\(e\\d+ c\\d+\\).*"), line);
            sawSync |= !line.contains("sync none");
        }
        assertTrue(sawSync, "after an election some server was synced (or synced others)");
    }

    @Test
    void multiPaxosSummaryGivesBallotLeaderAndFirstUnchosenSlot() {
        run("multipaxos", 600);
        String line = firstLine("n1");
        JsonNode j = Fx.call(() -> view.viz().state().node("n1").json());
        System.out.println("n1: " + line);
        assertTrue(line.startsWith("Multi-Paxos: ballot " + j.path("ballot").asText()), line);
        assertTrue(line.endsWith("first unchosen slot " + j.path("commitIndex").asLong()), line);
        assertTrue(line.contains("leader " + (j.path("leader").isTextual() ? j.path("leader").asText() : "none")), line);
    }

    @Test
    void twoAndThreePhaseSummariesGiveTheTransactionsStates() {
        for (String p : new String[] {"2pc", "3pc"}) {
            run(p, 150);
            boolean sawTxn = false;
            for (String n : new String[] {"n1", "n2", "n3"}) {
                String line = firstLine(n);
                JsonNode txns = Fx.call(() -> view.viz().state().node(n).json().path("txns"));
                System.out.println(p + " " + n + ": " + line);
                for (var t : txns.properties()) {
                    assertTrue(line.contains(t.getKey() + " " + t.getValue().asText()), line);
                    sawTxn = true;
                }
            }
            assertTrue(sawTxn, p + ": no transaction after 150 events");
        }
    }

    @Test
    void aSelectedMessageComesFirstAndTwoNodesCanBePinnedSideBySide() {
        run("zab", 300);
        String first = Fx.call(() -> {
            view.viz().selectNode("n2");
            ClusterState.InFlight f = view.viz().state().inflight().iterator().next();
            view.viz().selectMessage(f.id());
            view.refresh();
            return view.inspectorView().getRoot().getChildren().get(0).getValue();
        });
        assertTrue(first.startsWith("message "), first);
        Fx.run(() -> {
            view.viz().selectMessage(null);
            view.viz().selectNode("n1");
            view.pinNode("n1");
            view.viz().selectNode("n2");
            view.refresh();
        });
        InspectorView pinned = Fx.call(() -> view.pinnedInspectorView());
        assertNotNull(pinned);
        assertEquals("pinned n1", Fx.call(() -> pinned.getRoot().getValue()));
        assertEquals("n2", Fx.call(() -> view.inspectorView().getRoot().getValue()));
        assertSame(Fx.call(() -> view.inspectorView().getParent()), Fx.call(() -> pinned.getParent()), "side by side");
        // the pinned one follows the run, not the selection
        Fx.run(() -> {
            view.viz().selectNode("n3");
            for (int i = 0; i < 50; i++) {
                view.viz().stepEvent();
            }
            view.refresh();
        });
        assertEquals("pinned n1", Fx.call(() -> pinned.getRoot().getValue()));
        assertTrue(Fx.call(() -> pinned.getRoot().getChildren().get(0).getValue()).startsWith("ZAB: "));
        Fx.run(() -> view.pinNode(null));
        assertFalse(Fx.call(() -> view.inspectorView().getParent().getChildrenUnmodifiable().contains(pinned)));
    }
}
