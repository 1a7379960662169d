package consensuslab.zk.sim;

import consensuslab.zab.Txn;
import consensuslab.zab.Zxid;
import consensuslab.zab.ZabStateMachine;
import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.zk.znode.DataTree;
import consensuslab.zk.znode.Stat;
import consensuslab.zk.znode.TreeConfig;
import consensuslab.zk.znode.TreeSnapshot;
import consensuslab.zk.znode.ZnodeException;
import consensuslab.zk.znode.ZnodeStateMachine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The znode data tree as a simulated server's state machine ({@code --param workload=znode}):
 * writes are {@link ZnodeStateMachine} transactions; reads ({@code {"read":"getData"|"exists","path":..}})
 * are served from this replica's tree without a transaction, as a ZooKeeper server serves them.
 * Its published view is the whole tree with the main Stat fields, the open sessions and the tree's
 * digest, so that replicas can be compared at equal zxids.
 */
public final class ZnodeSimStateMachine implements ZabStateMachine {

    /** At most this many znodes are listed in the view (the digest covers them all). */
    static final int VIEW_NODES = 200;

    /** One znode as published: data (cut to 16 characters) and the main Stat fields. */
    public record ZnodeLine(String path, String data, String czxid, String mzxid, int version, int cversion,
                            int numChildren, String ephemeralOwner) {
    }

    /** A replica's tree as published (immutable). */
    public record TreeView(String lastZxid, String digest, int nodeCount, List<String> sessions, List<ZnodeLine> nodes) {
        public TreeView {
            sessions = List.copyOf(sessions);
            nodes = List.copyOf(nodes);
        }
    }

    /** The answer to a local read: code OK or the error, the data and stat when the znode exists. */
    public record ReadResult(String code, String path, String data, Stat stat) {
    }

    private ZnodeStateMachine sm = new ZnodeStateMachine(TreeConfig.defaults());
    private TreeView view;

    public DataTree tree() {
        return sm.tree();
    }

    @Override
    public String apply(Txn txn) {
        view = null;
        return sm.apply(txn);
    }

    @Override
    public String read(JsonNode op) {
        if (op == null || !op.has("read")) {
            return null;
        }
        String f = op.path("read").asText("");
        String path = op.path("path").asText("");
        try {
            if (f.equals("getData")) {
                DataTree.DataAndStat d = sm.tree().getData(path, DataTree.NO_WATCHER, List.of());
                return Json.string(new ReadResult("OK", path, d.data() == null ? null : new String(d.data(), StandardCharsets.UTF_8), d.stat()));
            } else if (f.equals("exists")) {
                return Json.string(new ReadResult("OK", path, null, sm.tree().exists(path, DataTree.NO_WATCHER, List.of())));
            }
            return Json.string(new ReadResult("UNIMPLEMENTED", path, null, null));
        } catch (ZnodeException e) {
            return Json.string(new ReadResult(e.code().name(), path, null, null));
        }
    }

    @Override
    public byte[] snapshot() {
        return sm.snapshot();
    }

    @Override
    public void restore(byte[] snapshot) {
        view = null;
        if (snapshot == null) {
            sm = new ZnodeStateMachine(TreeConfig.defaults());
        } else {
            sm.restore(snapshot);
        }
    }

    @Override
    public TreeView view() {
        if (view == null) {
            DataTree t = sm.tree();
            List<ZnodeLine> lines = new ArrayList<>();
            for (TreeSnapshot.NodeEntry e : t.snapshot().nodes()) {
                if (e.path().startsWith("/zookeeper") || lines.size() >= VIEW_NODES) {
                    continue;
                }
                Stat s = t.statOf(e.path());
                String data = e.data() == null ? null : new String(e.data(), StandardCharsets.UTF_8);
                lines.add(new ZnodeLine(e.path(), data != null && data.length() > 16 ? data.substring(0, 16) + "..." : data,
                        Zxid.hex(s.czxid()), Zxid.hex(s.mzxid()), s.version(), s.cversion(), s.numChildren(),
                        s.ephemeralOwner() == 0 ? null : "0x" + Long.toHexString(s.ephemeralOwner())));
            }
            List<String> sessions = new ArrayList<>();
            for (Long id : t.sessions().keySet()) {
                sessions.add("0x" + Long.toHexString(id));
            }
            view = new TreeView(Zxid.hex(t.lastZxid()), Long.toHexString(t.digest()), t.nodeCount(), sessions, lines);
        }
        return view;
    }
}
