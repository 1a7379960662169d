package consensuslab.zk.znode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import consensuslab.core.Json;
import consensuslab.core.StorageCorruptException;
import consensuslab.zab.ZabStateMachine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The data tree as the state machine the ZAB engine feeds: each committed {@code consensuslab.zab.Txn}
 * carries, as its JSON op, a {@link ZnodeOp}. That op holds the time and session stamped by the server
 * that took the request, plus the znode {@link Op}. The engine's zxid becomes the znode txn's zxid, so
 * czxid, mzxid and pzxid are ZAB zxids.
 */
public final class ZnodeStateMachine implements ZabStateMachine {
    private final TreeConfig config;
    private DataTree tree;
    private TxnResult last;

    /** What travels inside a ZAB transaction for the znode service. */
    public record ZnodeOp(long time, long sessionId, List<Id> auth, Op op) {
        public ZnodeOp {
            auth = auth == null ? List.of() : List.copyOf(auth);
        }
    }

    /** The published view of one replica's tree (immutable). */
    public record ZnodeView(String lastZxid, int nodeCount, int sessions, List<String> tree) {
        public ZnodeView {
            tree = List.copyOf(tree);
        }
    }

    public ZnodeStateMachine(TreeConfig config) {
        this.config = config;
        this.tree = new DataTree(config);
    }

    /**
     * A znode op as a transaction carries it: for the writes every workload makes (create, delete,
     * setData) a {@link ZnodeOpNode}, the op in binary, which the engine's codec copies as it is
     * and which a trace shows as {@link #tree}; the rest as their JSON tree.
     */
    public static JsonNode encode(ZnodeOp op) {
        ZnodeOpNode binary = ZnodeOpNode.of(op);
        return binary != null ? binary : tree(op);
    }

    /**
     * A znode op as a JSON tree: what {@code Json.tree(op)} gives, built by hand for the writes every
     * workload makes (create, delete, setData), through Jackson for the rest ({@code valueToTree}
     * was a sixth of the leader's event loop when every write went through it).
     */
    public static ObjectNode tree(ZnodeOp op) {
        ObjectNode o = opTree(op.op());
        if (o == null) {
            return (ObjectNode) Json.tree(op);
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("time", op.time());
        n.put("sessionId", op.sessionId());
        ArrayNode auth = n.putArray("auth");
        for (Id id : op.auth()) {
            auth.add(idTree(id));
        }
        n.set("op", o);
        return n;
    }

    private static ObjectNode opTree(Op op) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (op instanceof Op.SetData s) {
            n.put("type", "SetData").put("path", s.path()).put("data", s.data()).put("version", s.version());
        } else if (op instanceof Op.Delete d) {
            n.put("type", "Delete").put("path", d.path()).put("version", d.version());
        } else if (op instanceof Op.Create c) {
            n.put("type", "Create").put("path", c.path()).put("data", c.data());
            if (c.acl() == null) {
                n.putNull("acl");
            } else {
                ArrayNode acl = n.putArray("acl");
                for (Acl a : c.acl()) {
                    ObjectNode e = acl.addObject().put("perms", a.perms());
                    e.set("id", a.id() == null ? NullNode.getInstance() : idTree(a.id()));
                }
            }
            n.put("flags", c.flags()).put("ttl", c.ttl());
        } else {
            return null;
        }
        return n;
    }

    private static ObjectNode idTree(Id id) {
        return JsonNodeFactory.instance.objectNode().put("scheme", id.scheme()).put("id", id.id());
    }

    /**
     * A transaction's op back as a {@link ZnodeOp}: from its binary form ({@link ZnodeOpNode}), or
     * from a JSON tree what {@code Json.MAPPER.treeToValue(node,
     * ZnodeOp.class)} gives, read straight from the tree for the writes every workload makes
     * (create, delete, setData), through Jackson for the rest. Applying is on every replica's write
     * path, and Jackson's databind was a sixth of the event loop's time there.
     *
     * @throws IOException when the tree is not a znode op
     */
    public static ZnodeOp decode(JsonNode n) throws IOException {
        if (n instanceof ZnodeOpNode made) {
            return made.op(); // proposed here: nothing to read
        }
        if (n != null && n.isBinary()) {
            return ZnodeOpNode.read(n.binaryValue()); // proposed elsewhere, carried in binary
        }
        ZnodeOp fast = n == null ? null : readInOrder(n);
        if (fast == null && n != null) {
            fast = readFast(n);
        }
        return fast != null ? fast : Json.MAPPER.treeToValue(n, ZnodeOp.class);
    }

    /**
     * The shape {@link #encode} builds, fields in its order, read in one pass over the fields (no
     * lookups by name); null for anything else ({@link #readFast} then decides).
     */
    private static ZnodeOp readInOrder(JsonNode n) throws IOException {
        if (!(n instanceof ObjectNode) || n.size() != 4) {
            return null;
        }
        java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = n.fields();
        JsonNode time = next(it, "time");
        JsonNode session = time == null ? null : next(it, "sessionId");
        JsonNode auth = session == null ? null : next(it, "auth");
        JsonNode op = auth == null ? null : next(it, "op");
        if (op == null || !time.isIntegralNumber() || !time.canConvertToLong() || !session.isIntegralNumber()
                || !session.canConvertToLong() || !auth.isArray() || !(op instanceof ObjectNode)) {
            return null;
        }
        List<Id> ids = auth.isEmpty() ? List.of() : new ArrayList<>(auth.size());
        for (JsonNode a : auth) {
            if (!(a instanceof ObjectNode) || a.size() != 2) {
                return null;
            }
            java.util.Iterator<java.util.Map.Entry<String, JsonNode>> f = a.fields();
            JsonNode scheme = next(f, "scheme");
            JsonNode id = scheme == null ? null : next(f, "id");
            if (id == null || !scheme.isTextual() || !id.isTextual()) {
                return null;
            }
            ids.add(new Id(scheme.textValue(), id.textValue()));
        }
        java.util.Iterator<java.util.Map.Entry<String, JsonNode>> f = op.fields();
        JsonNode type = next(f, "type");
        JsonNode path = type == null ? null : next(f, "path");
        if (path == null || !type.isTextual() || !path.isTextual()) {
            return null;
        }
        Op o = null;
        switch (type.textValue()) {
            case "SetData" -> {
                JsonNode data = op.size() == 4 ? next(f, "data") : null;
                JsonNode version = data == null ? null : next(f, "version");
                if (version != null && isInt(version) && isData(data)) {
                    o = new Op.SetData(path.textValue(), data(data), version.intValue());
                }
            }
            case "Delete" -> {
                JsonNode version = op.size() == 3 ? next(f, "version") : null;
                if (version != null && isInt(version)) {
                    o = new Op.Delete(path.textValue(), version.intValue());
                }
            }
            default -> {
                return null; // Create and the rest: readFast
            }
        }
        return o == null ? null : new ZnodeOp(time.longValue(), session.longValue(), ids.isEmpty() ? List.of() : ids, o);
    }

    /** The next field's value if it is named {@code name}, else null. */
    private static JsonNode next(java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it, String name) {
        if (!it.hasNext()) {
            return null;
        }
        java.util.Map.Entry<String, JsonNode> e = it.next();
        return name.equals(e.getKey()) ? e.getValue() : null;
    }

    /** The common shapes, every field present with its type; null for anything else (Jackson then decides). */
    private static ZnodeOp readFast(JsonNode n) throws IOException {
        JsonNode time = n.get("time");
        JsonNode session = n.get("sessionId");
        JsonNode auth = n.get("auth");
        JsonNode op = n.get("op");
        if (n.size() != 4 || time == null || !time.canConvertToLong() || !time.isIntegralNumber() || session == null
                || !session.isIntegralNumber() || !session.canConvertToLong() || auth == null || !auth.isArray() || op == null
                || !op.isObject()) {
            return null;
        }
        List<Id> ids = new ArrayList<>(auth.size());
        for (JsonNode a : auth) {
            JsonNode scheme = a.get("scheme");
            JsonNode id = a.get("id");
            if (!a.isObject() || a.size() != 2 || scheme == null || !scheme.isTextual() || id == null || !id.isTextual()) {
                return null;
            }
            ids.add(new Id(scheme.textValue(), id.textValue()));
        }
        JsonNode type = op.get("type");
        JsonNode path = op.get("path");
        if (type == null || !type.isTextual() || path == null || !path.isTextual()) {
            return null;
        }
        Op o = switch (type.textValue()) {
            case "SetData" -> op.size() == 4 && isInt(op.get("version")) && isData(op.get("data"))
                    ? new Op.SetData(path.textValue(), data(op.get("data")), op.get("version").intValue()) : null;
            case "Delete" -> op.size() == 3 && isInt(op.get("version")) ? new Op.Delete(path.textValue(), op.get("version").intValue()) : null;
            case "Create" -> op.size() == 6 && isInt(op.get("flags")) && isLong(op.get("ttl")) && isData(op.get("data"))
                    ? create(path.textValue(), op) : null;
            default -> null;
        };
        return o == null ? null : new ZnodeOp(time.longValue(), session.longValue(), ids, o);
    }

    private static Op.Create create(String path, JsonNode op) throws IOException {
        JsonNode acl = op.get("acl");
        List<Acl> acls = null;
        if (acl != null && !acl.isNull()) {
            if (!acl.isArray()) {
                return null;
            }
            acls = new ArrayList<>(acl.size());
            for (JsonNode a : acl) {
                JsonNode perms = a.get("perms");
                JsonNode id = a.get("id");
                if (!a.isObject() || a.size() != 2 || !isInt(perms) || id == null || !id.isObject() || id.size() != 2
                        || id.get("scheme") == null || !id.get("scheme").isTextual() || id.get("id") == null || !id.get("id").isTextual()) {
                    return null;
                }
                acls.add(new Acl(perms.intValue(), new Id(id.get("scheme").textValue(), id.get("id").textValue())));
            }
        } else if (acl == null) {
            return null;
        }
        return new Op.Create(path, data(op.get("data")), acls, op.get("flags").intValue(), op.get("ttl").longValue());
    }

    private static boolean isInt(JsonNode v) {
        return v != null && v.isIntegralNumber() && v.canConvertToInt();
    }

    private static boolean isLong(JsonNode v) {
        return v != null && v.isIntegralNumber() && v.canConvertToLong();
    }

    private static boolean isData(JsonNode v) {
        return v != null && (v.isNull() || v.isBinary() || v.isTextual());
    }

    private static byte[] data(JsonNode v) throws IOException {
        return v.isNull() ? null : v.binaryValue();
    }

    public DataTree tree() {
        return tree;
    }

    /** The full result (with notifications) of the last applied transaction. */
    public TxnResult lastResult() {
        return last;
    }

    @Override
    public String apply(consensuslab.zab.Txn txn) {
        ZnodeOp z;
        try {
            z = decode(txn.op());
        } catch (IOException | IllegalArgumentException e) {
            return "error: not a znode op (" + Json.firstLine(e) + ")";
        }
        if (z == null || z.op() == null) {
            return "error: not a znode op (no op field)";
        }
        last = tree.apply(new ZnodeTxn(txn.zxid(), z.time(), z.sessionId(), z.auth(), z.op()));
        return Json.string(last.result());
    }

    @Override
    public byte[] snapshot() {
        return Json.bytes(tree.snapshot());
    }

    @Override
    public void restore(byte[] snapshot) {
        try {
            tree = DataTree.restore(Json.MAPPER.readValue(snapshot, TreeSnapshot.class), config);
        } catch (IOException e) {
            throw new StorageCorruptException("znode snapshot: " + Json.firstLine(e));
        }
    }

    private String ephemeral(String path) {
        long owner = tree.statOf(path).ephemeralOwner();
        return owner == 0 ? "" : ", ephemeral of 0x" + Long.toHexString(owner);
    }

    @Override
    public Object view() {
        List<String> lines = new ArrayList<>();
        for (TreeSnapshot.NodeEntry e : tree.snapshot().nodes()) {
            if (e.path().startsWith("/zookeeper")) {
                continue;
            }
            String data = e.data() == null ? "null" : new String(e.data(), StandardCharsets.UTF_8);
            lines.add(e.path() + " = " + (data.length() > 24 ? data.substring(0, 24) + "..." : data)
                    + " (v" + e.version() + ephemeral(e.path()) + ")");
        }
        return new ZnodeView("0x" + Long.toHexString(tree.lastZxid()), tree.nodeCount(), tree.sessionCount(), lines);
    }
}
