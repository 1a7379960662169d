package consensuslab.zk.ensemble;

import consensuslab.core.Json;
import consensuslab.core.StorageCorruptException;
import consensuslab.zab.Txn;
import consensuslab.zab.ZabStateMachine;
import consensuslab.zk.server.WritePath;
import consensuslab.zk.server.ZnodeServer;
import consensuslab.zk.znode.DataTree;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.TreeConfig;
import consensuslab.zk.znode.TreeSnapshot;
import consensuslab.zk.znode.TxnResult;
import consensuslab.zk.znode.ZnodeStateMachine.ZnodeOp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The state machine of one ensemble member's ZAB peer: the replicated data tree, applied on the
 * peer's event loop in zxid order (its snapshots are what the engine writes to disk and sends in a
 * SNAP sync). Every transaction it applies, and every snapshot it installs, is handed on to the
 * member's {@link ZnodeServer}, whose processor thread keeps its own copy of the tree (the one it
 * serves reads and watches from). The two copies apply the same transactions in the same order,
 * so they agree at every zxid; neither is ever touched by two threads.
 *
 * <p>A transaction this member proposed carries the gateway's name as its client and
 * {@code base + tag} as its cxid, so the server can answer the waiting request; {@code base} is
 * chosen per process start, so a transaction of an earlier incarnation never answers a request of
 * this one.
 */
public final class ZnodeReplica implements ZabStateMachine {

    static {
        Json.registerSealed(Op.class);
    }

    private final TreeConfig config;
    private final ZnodeServer server;
    private final PeerGateway gateway;
    private final String peerName;
    private final String gatewayName;
    private final long base;
    private DataTree tree;

    /** The published view of the replica (immutable): last zxid, counts, the first znodes. */
    public record ReplicaView(String lastZxid, int nodeCount, int sessions, List<String> tree) {
        public ReplicaView {
            tree = List.copyOf(tree);
        }
    }

    public ZnodeReplica(TreeConfig config, ZnodeServer server, PeerGateway gateway, String peerName) {
        this.config = config;
        this.server = server;
        this.gateway = gateway;
        this.peerName = peerName;
        this.gatewayName = gateway.id().name();
        this.base = gateway.base();
        this.tree = new DataTree(config);
    }

    @Override
    public String apply(Txn txn) {
        ZnodeOp z;
        try {
            z = Json.MAPPER.treeToValue(txn.op(), ZnodeOp.class);
        } catch (IOException | IllegalArgumentException e) {
            return "error: not a znode op (" + Json.firstLine(e) + ")";
        }
        if (z == null || z.op() == null) {
            return "error: not a znode op";
        }
        TxnResult r = tree.apply(new consensuslab.zk.znode.ZnodeTxn(txn.zxid(), z.time(), z.sessionId(), z.auth(), z.op()));
        long tag = peerName.equals(txn.server()) && gatewayName.equals(txn.client()) && txn.cxid() > base ? txn.cxid() - base : 0;
        if (tag > 0) {
            gateway.applied(tag);
        }
        server.committed(txn.zxid(), new WritePath.Proposal(tag, z.time(), z.sessionId(), z.auth(), z.op()));
        return r.result() == null ? "ok" : r.result().getClass().getSimpleName();
    }

    @Override
    public byte[] snapshot() {
        return Json.bytes(tree.snapshot());
    }

    @Override
    public void restore(byte[] snapshot) {
        if (snapshot == null) {
            tree = new DataTree(config);
            server.reset(new DataTree(config));
            return;
        }
        try {
            TreeSnapshot s = Json.MAPPER.readValue(snapshot, TreeSnapshot.class);
            tree = DataTree.restore(s, config);
            server.reset(DataTree.restore(s, config));
        } catch (IOException e) {
            throw new StorageCorruptException("znode snapshot: " + Json.firstLine(e));
        }
    }

    @Override
    public Object view() {
        List<String> lines = new ArrayList<>();
        if (tree.nodeCount() <= 40) {
            for (TreeSnapshot.NodeEntry e : tree.snapshot().nodes()) {
                if (!e.path().startsWith("/zookeeper")) {
                    lines.add(e.path() + " (v" + e.version() + ")");
                }
            }
        }
        return new ReplicaView("0x" + Long.toHexString(tree.lastZxid()), tree.nodeCount(), tree.sessions().size(), lines);
    }
}
