package consensuslab.zk.znode;

import com.fasterxml.jackson.databind.JsonNode;
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

    public static JsonNode encode(ZnodeOp op) {
        return Json.tree(op);
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
            z = Json.MAPPER.treeToValue(txn.op(), ZnodeOp.class);
        } catch (IOException | IllegalArgumentException e) {
            return "error: not a znode op (" + Json.firstLine(e) + ")";
        }
        if (z.op() == null) {
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
        return new ZnodeView("0x" + Long.toHexString(tree.lastZxid()), tree.nodeCount(), tree.sessions().size(), lines);
    }
}
