package consensuslab.visualizer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import consensuslab.core.Json;
import consensuslab.zk.sim.WireRequest;
import consensuslab.zk.sim.ZnodeSimClient;
import consensuslab.zk.wire.OpCode;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.CreateMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The znode workload's typed requests (create, set, delete with a path, data, flags and version),
 * as the workload's own clients send them: a ZAB {@code ClientRequest} carrying the operation's
 * opcode and jute request in the client's session. And back: the client operation such a request
 * stands for, as the client would have recorded it, so that checkers count it as invoked.
 */
public final class ZnodeRequests {

    private ZnodeRequests() {
    }

    /** The operations of the form. */
    public enum Op {
        CREATE, SET, DELETE
    }

    /**
     * The message to inject, as JSON: {@code {"type":"ClientRequest","cxid":..,"op":{WireRequest}}}.
     *
     * @param flags the create mode's name (PERSISTENT, EPHEMERAL, PERSISTENT_SEQUENTIAL, ...); create only
     * @param version the expected version, -1 for any; set and delete only
     */
    public static ObjectNode message(long cxid, long time, long sessionId, Op op, String path, String data, String flags, int version) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a znode path starts with '/': " + path);
        }
        byte[] bytes = data == null ? null : data.getBytes(StandardCharsets.UTF_8);
        WireRequest w = switch (op) {
            case CREATE -> {
                CreateMode mode;
                try {
                    mode = CreateMode.valueOf(flags.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IllegalArgumentException("unknown create flags '" + flags + "' (PERSISTENT, EPHEMERAL, "
                            + "PERSISTENT_SEQUENTIAL, EPHEMERAL_SEQUENTIAL)");
                }
                yield WireRequest.of(time, sessionId, OpCode.CREATE2, new Proto.CreateRequest(path, bytes, Acl.OPEN_ACL_UNSAFE, mode.flag(), -1, false));
            }
            case SET -> WireRequest.of(time, sessionId, OpCode.SET_DATA, new Proto.SetDataRequest(path, bytes, version));
            case DELETE -> WireRequest.of(time, sessionId, OpCode.DELETE, new Proto.DeleteRequest(path, version));
        };
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("type", "ClientRequest");
        m.put("cxid", cxid);
        m.set("op", Json.tree(w));
        return m;
    }

    /** The client operation a znode request stands for (as the workload's client records it), or null if it is none. */
    public static ZnodeSimClient.ZnodeClientOp clientOp(JsonNode wire) {
        if (wire == null || !wire.has("type") || !wire.has("request") || !wire.has("sessionId")) {
            return null;
        }
        try {
            WireRequest w = Json.MAPPER.treeToValue(wire, WireRequest.class);
            String sid = "0x" + Long.toHexString(w.sessionId());
            Proto.Request r = w.decode();
            if (r instanceof Proto.CreateRequest c) {
                CreateMode mode = CreateMode.fromFlag(c.flags());
                return new ZnodeSimClient.ZnodeClientOp("create", c.path(), text(c.data()), -1, mode == null ? null : mode.name(), sid);
            }
            if (r instanceof Proto.SetDataRequest s) {
                return new ZnodeSimClient.ZnodeClientOp("setData", s.path(), text(s.data()), s.version(), null, sid);
            }
            if (r instanceof Proto.DeleteRequest d) {
                return new ZnodeSimClient.ZnodeClientOp("delete", d.path(), null, d.version(), null, sid);
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A session id as the client publishes it ("0xc0101"), or -1. */
    public static long sessionId(String published) {
        if (published == null || !published.startsWith("0x")) {
            return -1;
        }
        try {
            return Long.parseLong(published.substring(2), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
