package consensuslab.zk.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.zab.Txn;
import consensuslab.zab.Zxid;
import consensuslab.zk.sim.WireReply;
import consensuslab.zk.sim.WireRequest;
import consensuslab.zk.sim.ZnodeSimStateMachine;
import consensuslab.zk.wire.JuteIn;
import consensuslab.zk.wire.OpCode;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.wire.WireException;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.Code;
import consensuslab.zk.znode.CreateMode;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.Stat;
import consensuslab.zk.znode.ZnodeStateMachine.ZnodeOp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulated znode workload runs the real server's request processing: the same request
 * sequence, sent as bytes to a standalone server over TCP and handed to the simulated server's
 * state machine the way its ZAB peer does (a read answered at once, a write applied when its
 * transaction commits), gives the same error codes, paths, data and Stat. Zxids are compared by
 * their order (the simulator's are ZAB epoch-1 zxids), times not at all, and the ephemeral owner
 * as "this session".
 */
class SimulatorServerEquivalenceTest {

    private record Step(int type, Proto.Request body) {
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Step> steps() {
        List<Acl> open = Acl.OPEN_ACL_UNSAFE;
        return List.of(
                new Step(OpCode.CREATE2, new Proto.CreateRequest("/a", b("x"), open, CreateMode.PERSISTENT.flag(), -1, false)),
                new Step(OpCode.CREATE2, new Proto.CreateRequest("/a", b("again"), open, CreateMode.PERSISTENT.flag(), -1, false)),
                new Step(OpCode.GET_DATA, new Proto.PathWatchRequest("/a", false)),
                new Step(OpCode.SET_DATA, new Proto.SetDataRequest("/a", b("yy"), 0)),
                new Step(OpCode.SET_DATA, new Proto.SetDataRequest("/a", b("zz"), 0)),
                new Step(OpCode.CREATE2, new Proto.CreateRequest("/a/e", b("eph"), open, CreateMode.EPHEMERAL.flag(), -1, false)),
                new Step(OpCode.EXISTS, new Proto.PathWatchRequest("/a", false)),
                new Step(OpCode.CREATE2, new Proto.CreateRequest("/a/s-", null, open, CreateMode.PERSISTENT_SEQUENTIAL.flag(), -1, false)),
                new Step(OpCode.CREATE2, new Proto.CreateRequest("/a/s-", b(""), open, CreateMode.EPHEMERAL_SEQUENTIAL.flag(), -1, false)),
                new Step(OpCode.GET_DATA, new Proto.PathWatchRequest("/a/e", false)),
                new Step(OpCode.GET_DATA, new Proto.PathWatchRequest("/missing", false)),
                new Step(OpCode.CREATE2, new Proto.CreateRequest("/no/parent", null, open, CreateMode.PERSISTENT.flag(), -1, false)),
                new Step(OpCode.CREATE2, new Proto.CreateRequest("/c", null, open, CreateMode.CONTAINER.flag(), -1, false)),
                new Step(OpCode.DELETE, new Proto.DeleteRequest("/a", -1)),
                new Step(OpCode.DELETE, new Proto.DeleteRequest("/a/e", 3)),
                new Step(OpCode.DELETE, new Proto.DeleteRequest("/a/e", 0)),
                new Step(OpCode.SET_DATA, new Proto.SetDataRequest("/a", null, -1)),
                new Step(OpCode.EXISTS, new Proto.PathWatchRequest("/a", false)),
                new Step(OpCode.EXISTS, new Proto.PathWatchRequest("/a/e", false)));
    }

    /** One reply in a comparable form: code, then the body's fields with zxids as ordinals. */
    private static final class Normalizer {
        private final Map<Long, Integer> zxids = new HashMap<>();
        private final long session;

        Normalizer(long session) {
            this.session = session;
        }

        String z(long zxid) {
            return "z" + zxids.computeIfAbsent(zxid, k -> zxids.size() + 1);
        }

        String stat(Stat s) {
            return "{v" + s.version() + " cv" + s.cversion() + " av" + s.aversion() + " len" + s.dataLength() + " kids" + s.numChildren()
                    + " eph=" + (s.ephemeralOwner() == 0 ? "-" : s.ephemeralOwner() == session ? "this-session" : "other")
                    + " c" + z(s.czxid()) + " m" + z(s.mzxid()) + " p" + z(s.pzxid()) + "}";
        }

        String reply(int type, String code, JuteIn in) throws WireException {
            if (!code.equals("OK")) {
                return code;
            }
            return switch (type) {
                case OpCode.CREATE2 -> "OK " + in.readString() + " " + stat(in.readStat());
                case OpCode.GET_DATA -> {
                    byte[] d = in.readBuffer();
                    yield "OK " + (d == null ? "null" : "'" + new String(d, StandardCharsets.UTF_8) + "'") + " " + stat(in.readStat());
                }
                case OpCode.SET_DATA, OpCode.EXISTS -> "OK " + stat(in.readStat());
                default -> "OK" + (in.hasMore() ? " +" + in.remaining() + " bytes" : "");
            };
        }
    }

    private static List<String> onRealServer() throws Exception {
        try (ZnodeServer server = new ZnodeServer(ServerSettings.forTests(200)).start(); RawClient c = new RawClient(server.port())) {
            Proto.ConnectResponse cr = c.connect(4000, 0, null);
            Normalizer n = new Normalizer(cr.sessionId());
            List<String> out = new ArrayList<>();
            int xid = 1;
            for (Step s : steps()) {
                JuteIn in = c.call(xid++, s.type(), s.body());
                Proto.ReplyHeader h = Proto.ReplyHeader.read(in);
                out.add(n.reply(s.type(), Code.of(h.err()).name(), in));
            }
            return out;
        }
    }

    private static List<String> inTheSimulator() throws Exception {
        ZnodeSimStateMachine sm = new ZnodeSimStateMachine();
        long session = 0xc0101L;
        long zxid = Zxid.make(1, 0);
        long cxid = 0;
        long time = 1_000;
        // the client's session, opened as ZnodeSimClient opens it
        sm.apply(new Txn(++zxid, "n1", "c1", ++cxid, Json.tree(new ZnodeOp(time, session, List.of(), new Op.CreateSession(session, 4000)))));
        Normalizer n = new Normalizer(session);
        List<String> out = new ArrayList<>();
        for (Step s : steps()) {
            // what QuorumPeer does with a client's request: a local read, or a transaction applied on commit
            JsonNode op = Json.tree(WireRequest.of(++time, session, s.type(), s.body()));
            String answer = sm.read(op);
            if (answer == null) {
                answer = sm.apply(new Txn(++zxid, "n1", "c1", ++cxid, op));
            }
            WireReply w = Json.MAPPER.readValue(answer, WireReply.class);
            out.add(n.reply(s.type(), w.code(), new JuteIn(w.body())));
        }
        return out;
    }

    @Test
    void theSameRequestsGiveTheSameRepliesAndStatInTheSimulatorAndOnARealServer() throws Exception {
        List<String> real = onRealServer();
        List<String> sim = inTheSimulator();
        for (int i = 0; i < real.size(); i++) {
            System.out.println("SimulatorServerEquivalenceTest: " + (i + 1) + ": " + real.get(i));
        }
        assertEquals(real, sim);
        // the sequence covers successes and the errors a client meets
        String all = String.join("\n", real);
        for (String expected : List.of("NODEEXISTS", "BADVERSION", "NONODE", "NOTEMPTY", "BADARGUMENTS", "this-session")) {
            org.junit.jupiter.api.Assertions.assertTrue(all.contains(expected), expected + " missing from\n" + all);
        }
    }
}
