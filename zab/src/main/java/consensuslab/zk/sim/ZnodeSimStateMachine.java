package consensuslab.zk.sim;

import consensuslab.zab.Txn;
import consensuslab.zab.Zxid;
import consensuslab.zab.ZabStateMachine;
import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.core.NodeId;
import consensuslab.zk.znode.Notification;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.SessionTracker;
import consensuslab.zk.znode.TxnResult;
import consensuslab.zk.znode.ZnodeStateMachine.ZnodeOp;
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
    public record ReadResult(String code, String path, String data, Stat stat, List<String> children) {
        public ReadResult(String code, String path, String data, Stat stat) {
            this(code, path, data, stat, null);
        }
    }

    /** A watch event as a client receives it (in a ClientReply with cxid -1). */
    public record WatchEvent(String event, String path) {
    }

    /** Sessions expire (the leader closes them) only where the workload's clients ping: {@code workload=recipes}. */
    private final boolean expireSessions;
    private SessionTracker sessions = new SessionTracker(20);
    private final List<Notice> notices = new ArrayList<>();
    /** The latest time seen in a ping or an expiry check (the leader checks every half tick). */
    private long lastNow;

    public ZnodeSimStateMachine() {
        this(false);
    }

    public ZnodeSimStateMachine(boolean expireSessions) {
        this.expireSessions = expireSessions;
    }

    private ZnodeStateMachine sm = new ZnodeStateMachine(TreeConfig.defaults());
    private TreeView view;

    public DataTree tree() {
        return sm.tree();
    }

    @Override
    public String apply(Txn txn) {
        view = null;
        String result = sm.apply(txn);
        TxnResult r = sm.lastResult();
        if (r != null && r.zxid() == txn.zxid()) {
            for (Notification n : r.notifications()) {
                notices.add(new Notice(NodeId.client((int) n.watcher()).name(), Json.string(new WatchEvent(n.type().name(), n.path()))));
            }
            if (expireSessions) {
                trackSessions(txn);
            }
        }
        return result;
    }

    private void trackSessions(Txn txn) {
        Op op = Json.MAPPER.convertValue(txn.op().path("op"), Op.class);
        // the request's time stamp may be old (a retried request): count from the latest time this replica knows
        long time = Math.max(txn.op().path("time").asLong(0), lastNow);
        if (op instanceof Op.CreateSession cs) {
            sessions.add(cs.sessionId(), cs.timeout(), time);
        } else if (op instanceof Op.CloseSession cs) {
            sessions.remove(cs.sessionId());
        }
    }

    @Override
    public List<Notice> takeNotices() {
        List<Notice> out = List.copyOf(notices);
        notices.clear();
        return out;
    }

    /** {@code {"ping": sessionId}}: the client's session is alive. */
    @Override
    public boolean touch(JsonNode op, long now) {
        if (op == null || !op.has("ping")) {
            return false;
        }
        lastNow = Math.max(lastNow, now);
        sessions.touch(op.path("ping").asLong(), now);
        return true;
    }

    @Override
    public void leading(long now) {
        lastNow = Math.max(lastNow, now);
        sessions = new SessionTracker(20);
        if (expireSessions) {
            sm.tree().sessions().forEach((id, timeout) -> sessions.add(id, timeout, now));
        }
    }

    /** The leader closes each expired session with a closeSession transaction (its ephemerals go with it). */
    @Override
    public List<JsonNode> expired(long now) {
        lastNow = Math.max(lastNow, now);
        List<JsonNode> out = new ArrayList<>();
        for (long id : sessions.expired(now)) {
            sessions.remove(id);
            out.add(Json.tree(new ZnodeOp(now, id, List.of(), new Op.CloseSession(id))));
        }
        return out;
    }

    @Override
    public String read(JsonNode op) {
        if (op == null || !op.has("read")) {
            return null;
        }
        String f = op.path("read").asText("");
        String path = op.path("path").asText("");
        try {
            // {"watch": true, "client": "c2"} leaves a one-shot watch for c2 on this server, as ZooKeeper does
            long watcher = op.path("watch").asBoolean(false) ? NodeId.of(op.path("client").asText("c1")).index() : DataTree.NO_WATCHER;
            if (f.equals("getChildren")) {
                DataTree.ChildrenAndStat c = sm.tree().getChildren(path, watcher, List.of());
                return Json.string(new ReadResult("OK", path, null, c.stat(), c.children()));
            } else if (f.equals("getData")) {
                DataTree.DataAndStat d = sm.tree().getData(path, watcher, List.of());
                return Json.string(new ReadResult("OK", path, d.data() == null ? null : new String(d.data(), StandardCharsets.UTF_8), d.stat()));
            } else if (f.equals("exists")) {
                return Json.string(new ReadResult("OK", path, null, sm.tree().exists(path, watcher, List.of())));
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
