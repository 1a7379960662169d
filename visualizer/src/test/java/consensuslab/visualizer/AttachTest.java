package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.core.Protocol;
import consensuslab.labs.Lab;
import consensuslab.net.TraceServer;
import consensuslab.sim.SimRun;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.visualizer.model.AttachedRun;
import consensuslab.visualizer.model.ClusterState;
import consensuslab.visualizer.model.UserAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Attach: follow a trace served over TCP (consensuslab.net.TraceServer), read-only, as the cluster view shows it. */
@ExtendWith(ApplicationExtension.class)
class AttachTest {

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1100, 760));
        stage.show();
    }

    @Test
    void followsATraceServedOverTcp() throws Exception {
        Protocol<?> echo = Lab.registry().get("echo");
        List<TraceEvent> sent = new ArrayList<>();
        try (TraceServer server = new TraceServer(0)) {
            SimRun.run(echo, SimRun.Options.defaults(echo, 4).withSize(3, 2).withUntil(400), List.of(server, sent::add));
            assertTrue(Fx.call(() -> view.viz().attach("127.0.0.1:" + server.port())), view.viz().status());
            for (int i = 0; i < 200 && view.viz().session().timeline().size() < sent.size(); i++) {
                Fx.run(() -> view.frame(0.016));
                Thread.sleep(10);
            }
            AttachedRun run = (AttachedRun) view.viz().session();
            assertEquals(sent.size(), run.timeline().size(), "every event arrived");
            assertEquals(List.of("n1", "n2", "n3"), run.servers());
            assertEquals(List.of("c1", "c2"), run.clients());
            assertEquals("echo", run.protocol().name());
            assertTrue(run.connected());
            // the view shows each server's last published state
            Map<String, JsonNode> last = new HashMap<>();
            for (TraceEvent e : sent) {
                if (e.type() == EventType.STATE) {
                    last.put(e.node(), Json.tree(e.state()));
                }
            }
            Fx.run(view::refresh);
            for (String n : run.servers()) {
                assertEquals(last.get(n).path("role").asText(), text("#node-" + n + "-role"));
                assertEquals(last.get(n).path("label").asText(), text("#node-" + n + "-label"));
            }
            ClusterState st = view.viz().state();
            assertEquals("in flight: " + st.inflightCount(), text("#inflight"));
            assertTrue(text("#clock").contains("ATTACHED"), text("#clock"));
            assertFalse(Fx.call(() -> view.viz().act(new UserAction.Crash("n1"))));
            assertTrue(view.viz().status().contains("read-only"), view.viz().status());
        }
        for (int i = 0; i < 200 && ((AttachedRun) view.viz().session()).connected(); i++) {
            Thread.sleep(10);
        }
        Fx.run(() -> view.frame(0.016));
        assertTrue(view.viz().status().startsWith("trace stream ended"), view.viz().status());
    }

    @Test
    void nothingListeningIsOneClearLine() {
        assertFalse(Fx.call(() -> view.viz().attach("127.0.0.1:1")));
        assertTrue(view.viz().status().startsWith("cannot attach: cannot follow the trace at 127.0.0.1:1"), view.viz().status());
        assertFalse(Fx.call(() -> view.viz().attach("no-port-here")));
        assertTrue(view.viz().status().contains("expected host:port"), view.viz().status());
    }

    private String text(String id) {
        return Fx.call(() -> {
            javafx.scene.Node n = view.lookup(id);
            return n instanceof Text t ? t.getText() : ((Label) n).getText();
        });
    }
}
