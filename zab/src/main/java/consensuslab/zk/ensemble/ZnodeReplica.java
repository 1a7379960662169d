package consensuslab.zk.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.core.StorageCorruptException;
import consensuslab.zab.Txn;
import consensuslab.zab.ZabStateMachine;
import consensuslab.zk.server.ZnodeServer;
import consensuslab.zk.znode.DataTree;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.TreeConfig;
import consensuslab.zk.znode.TreeSnapshot;
import consensuslab.zk.znode.TxnResult;
import consensuslab.zk.znode.ZnodeTxn;
import consensuslab.zk.znode.ZnodeStateMachine;
import consensuslab.zk.znode.ZnodeStateMachine.ZnodeOp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one ensemble member's ZAB peer, and the one data tree of the member: the
 * peer applies committed transactions to it on its event loop, and the member's {@link ZnodeServer},
 * whose request processing runs on the same loop, serves reads and watches from it. After each
 * apply the server is told at once (it fires the watches the apply triggered and answers the
 * request that asked for the write); a snapshot installed by a SNAP sync replaces the server's tree.
 *
 * <p>A transaction this member submitted carries the peer's own name as client and
 * {@code base + tag} as its cxid, so the server can answer the waiting request; {@code base} is
 * chosen per process start, so a transaction of an earlier incarnation never answers a request of
 * this one.
 */
public final class ZnodeReplica implements ZabStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(ZnodeReplica.class);

    static {
        Json.registerSealed(Op.class);
    }

    private final TreeConfig config;
    private final ZnodeServer server;
    private final LocalPeer local;
    private final String peerName;
    private final long base;
    private DataTree tree;
    private final boolean showTree;

    /** The published view of the replica (immutable): last zxid, counts, the first znodes (if shown). */
    public record ReplicaView(String lastZxid, int nodeCount, int sessions, List<String> tree) {
        public ReplicaView {
            tree = List.copyOf(tree);
        }
    }

    /**
     * On the peer's loop (the node factory): the new tree becomes the server's. With
     * {@code showTree} the published view lists the first znodes (for a trace that someone
     * watches); without, it only counts them: the view is built after every handler.
     */
    public ZnodeReplica(TreeConfig config, ZnodeServer server, LocalPeer local, boolean showTree) {
        this.config = config;
        this.showTree = showTree;
        this.server = server;
        this.local = local;
        this.peerName = local.peerId().name();
        this.base = local.base();
        this.tree = new DataTree(config);
        server.useTree(tree);
    }

    @Override
    public String apply(Txn txn) {
        ZnodeOp z;
        try {
            z = ZnodeStateMachine.decode(txn.op());
        } catch (IOException | IllegalArgumentException e) {
            return "error: not a znode op (" + Json.firstLine(e) + ")";
        }
        if (z == null || z.op() == null) {
            return "error: not a znode op";
        }
        if (local.leading()) {
            local.proposalSize(opSize(txn.op())); // as ZooKeeper's ProposalStats: the leader's proposals only
        }
        ZnodeTxn zt = new ZnodeTxn(txn.zxid(), z.time(), z.sessionId(), z.auth(), z.op());
        TxnResult r = tree.apply(zt);
        long tag = peerName.equals(txn.server()) && peerName.equals(txn.client()) && txn.cxid() > base ? txn.cxid() - base : 0;
        if (tag > 0) {
            local.applied(tag);
        }
        try {
            server.applied(tag, zt, r);
        } catch (RuntimeException e) {
            // the replica is right; only this server's answer failed: never halt the peer for it
            LOG.error("answering the transaction at zxid 0x{}: {}", Long.toHexString(txn.zxid()), e.toString(), e);
        }
        return r.result() == null ? "ok" : r.result().getClass().getSimpleName();
    }

    /** An op's size as it travels: a binary op's bytes, a tree's compact JSON. */
    static long opSize(JsonNode op) {
        return op != null && op.isBinary() ? bytes(op).length : jsonSize(op);
    }

    /**
     * The length of {@code n}'s compact JSON encoding, counted from the tree without encoding it
     * (exact for ASCII text, which znode paths and base64 data are).
     */
    static long jsonSize(JsonNode n) {
        if (n == null || n.isNull()) {
            return 4;
        } else if (n.isObject()) {
            long size = 2 + Math.max(0, n.size() - 1);
            for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                java.util.Map.Entry<String, JsonNode> e = it.next();
                size += e.getKey().length() + 3 + jsonSize(e.getValue());
            }
            return size;
        } else if (n.isArray()) {
            long size = 2 + Math.max(0, n.size() - 1);
            for (JsonNode e : n) {
                size += jsonSize(e);
            }
            return size;
        } else if (n.isBinary()) {
            int bytes = bytes(n).length;
            return 2 + 4L * ((bytes + 2) / 3);
        } else if (n.isTextual()) {
            return 2 + n.textValue().length();
        } else if (n.isIntegralNumber() && n.canConvertToLong()) {
            return digits(n.longValue());
        }
        return n.asText().length();
    }

    private static byte[] bytes(JsonNode binary) {
        try {
            return binary.binaryValue();
        } catch (IOException e) {
            throw new IllegalStateException("a binary node without bytes", e); // binary nodes always have them
        }
    }

    /** The length of {@code Long.toString(v)}, counted without making the string. */
    static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int sign = v < 0 ? 1 : 0;
        long a = Math.abs(v);
        int d = 1;
        for (long p = 10; d < 19 && a >= p; p *= 10) {
            d++;
        }
        return sign + d;
    }

    @Override
    public byte[] snapshot() {
        return Json.bytes(tree.snapshot());
    }

    @Override
    public void restore(byte[] snapshot) {
        if (snapshot == null) {
            tree = new DataTree(config);
        } else {
            try {
                tree = DataTree.restore(Json.MAPPER.readValue(snapshot, TreeSnapshot.class), config);
            } catch (IOException e) {
                throw new StorageCorruptException("znode snapshot: " + Json.firstLine(e));
            }
        }
        server.reset(tree);
    }
    @Override
    public Object view() {
        List<String> lines = new ArrayList<>();
        if (showTree && tree.nodeCount() <= 40) {
            for (TreeSnapshot.NodeEntry e : tree.snapshot().nodes()) {
                if (!e.path().startsWith("/zookeeper")) {
                    lines.add(e.path() + " (v" + e.version() + ")");
                }
            }
        }
        return new ReplicaView("0x" + Long.toHexString(tree.lastZxid()), tree.nodeCount(), tree.sessionCount(), lines);
    }
}
