package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.labs.Lab;
import consensuslab.visualizer.model.RunSpec;
import consensuslab.visualizer.model.ZnodeRequests;
import java.util.function.BooleanSupplier;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 15's typed request forms: what became of a key-value request (a reply from the leader, a
 * redirect from a follower), and the znode form's create, set and delete in a client's session.
 */
@ExtendWith(ApplicationExtension.class)
class RequestFormTest {

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView(new Viz(Lab.registry()));
        stage.setScene(view.scene(1200, 760));
        stage.show();
    }

    private void start(String protocol, String params) {
        Fx.run(() -> {
            assertTrue(view.start(RunSpec.defaults(view.viz().registry().get(protocol), 5).withParams(params)));
            view.viz().setPlaying(false);
        });
    }

    /** Steps the run (refreshing the view, which watches the request) until the condition holds. */
    private void stepUntil(BooleanSupplier done, int limit, String what) {
        for (int i = 0; i < limit; i += 20) {
            boolean ok = Fx.call(() -> {
                for (int k = 0; k < 20; k++) {
                    view.viz().stepEvent();
                }
                view.refresh();
                return done.getAsBoolean();
            });
            if (ok) {
                return;
            }
        }
        throw new AssertionError("not within " + limit + " events: " + what + "; status: " + status());
    }

    private String status() {
        return Fx.call(() -> view.viz().status());
    }

    /** Sends, then steps until the status line reports the request's fate; returns that line. */
    private String fate(java.util.function.Supplier<Boolean> send) {
        assertTrue(Fx.call(send::get), status());
        String sent = status();
        assertTrue(sent.contains("watching for its answer"), sent);
        String id = sent.substring("request ".length(), sent.indexOf(' ', "request ".length()));
        stepUntil(() -> view.viz().status().startsWith("request " + id + " → "), 5_000, "the answer to " + id);
        String line = status();
        System.out.println(line);
        return line;
    }

    @Test
    void kvRequestReportsTheLeadersReplyAndAFollowersRedirect() {
        start("multipaxos", "");
        stepUntil(() -> view.leader() != null, 3_000, "a leader");
        String leader = Fx.call(() -> view.leader());
        String follower = leader.equals("n1") ? "n2" : "n1";
        String reply = fate(() -> view.sendKvRequest("c1", leader, "put", "k9", "hello", ""));
        assertTrue(reply.contains("Reply from " + leader), reply);
        assertTrue(reply.contains("ok:true"), reply);
        String redirect = fate(() -> view.sendKvRequest("c1", follower, "get", "k9", "", ""));
        assertTrue(redirect.contains("Redirect from " + follower), redirect);
        assertTrue(redirect.contains("send the request to " + leader), redirect);
    }

    @Test
    void znodeFormCreatesSetsAndDeletesInTheClientsSession() {
        start("zab", "workload=znode,closeSession=false,ops=2");
        stepUntil(() -> view.leader() != null && "open".equals(clientPhase("c1")), 5_000, "a leader and c1's session open");
        String leader = Fx.call(() -> view.leader());
        String created = fate(() -> view.sendZnodeRequest("c1", leader, ZnodeRequests.Op.CREATE, "/viz", "hello", "PERSISTENT", -1));
        assertTrue(created.matches("request c1#\\d+ → ClientReply from " + leader + " at \\d+ms: OK zxid 0x[0-9a-f]+ \\(e\\d+ c\\d+\\)"), created);
        stepUntil(() -> hasZnode(leader, "/viz", "hello"), 2_000, "/viz in the leader's tree");
        // a follower forwards the write to the leader; the follower answers
        String follower = leader.equals("n1") ? "n2" : "n1";
        String set = fate(() -> view.sendZnodeRequest("c1", follower, ZnodeRequests.Op.SET, "/viz", "world", "", 0));
        assertTrue(set.contains("ClientReply from " + follower) && set.contains(": OK zxid"), set);
        stepUntil(() -> hasZnode(leader, "/viz", "world"), 2_000, "/viz set to world");
        // a wrong version: the server's answer says so
        String bad = fate(() -> view.sendZnodeRequest("c1", leader, ZnodeRequests.Op.DELETE, "/viz", "", "", 7));
        assertTrue(bad.contains(": BADVERSION"), bad);
        String deleted = fate(() -> view.sendZnodeRequest("c1", leader, ZnodeRequests.Op.DELETE, "/viz", "", "", -1));
        assertTrue(deleted.contains(": OK zxid"), deleted);
        stepUntil(() -> !hasZnode(leader, "/viz", null), 2_000, "/viz deleted");
        // bad input: one clear line, nothing sent
        assertFalse(Fx.call(() -> view.sendZnodeRequest("c1", leader, ZnodeRequests.Op.CREATE, "viz", "x", "PERSISTENT", -1)));
        assertTrue(status().contains("starts with '/'"), status());
        assertFalse(Fx.call(() -> view.sendZnodeRequest("c1", leader, ZnodeRequests.Op.CREATE, "/x", "x", "SOMETIMES", -1)));
        assertTrue(status().contains("unknown create flags 'SOMETIMES'"), status());
    }

    private String clientPhase(String c) {
        var v = view.viz().state().node(c);
        return v == null || v.json() == null ? null : v.json().path("phase").asText(null);
    }

    private boolean hasZnode(String server, String path, String data) {
        var v = view.viz().state().node(server);
        if (v == null || v.json() == null) {
            return false;
        }
        for (JsonNode z : v.json().findValues("nodes")) {
            for (JsonNode n : z) {
                if (path.equals(n.path("path").asText()) && (data == null || data.equals(n.path("data").asText()))) {
                    return true;
                }
            }
        }
        return false;
    }
}
