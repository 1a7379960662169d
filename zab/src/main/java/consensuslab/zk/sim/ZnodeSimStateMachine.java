package consensuslab.zk.sim;

import consensuslab.zab.Txn;
import consensuslab.zab.Zxid;
import consensuslab.zab.ZabStateMachine;
import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.core.NodeId;
import consensuslab.zk.znode.Notification;
import consensuslab.zk.znode.SessionTracker;
import consensuslab.zk.znode.ZnodeStateMachine.ZnodeOp;
import consensuslab.zk.request.Caller;
import consensuslab.zk.request.FinalRequestProcessor;
import consensuslab.zk.request.PrepRequestProcessor;
import consensuslab.zk.request.Reply;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.znode.Code;
import consensuslab.zk.znode.DataTree;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.TxnResult;
import consensuslab.zk.znode.ZnodeTxn;
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
 * a client's data request travels as a {@link WireRequest} (opcode and jute bytes) and is processed
 * by the real server's code: a write is prepared and applied when its transaction commits, a read
 * is served from this replica's tree without a transaction, as a ZooKeeper server serves them;
 * the answer is a {@link WireReply}. Session opens and closes are {@link ZnodeStateMachine}
 * transactions.
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
        if (txn.op() != null && txn.op().has("request")) {
            return Json.string(applyRequest(txn.zxid(), txn.op()));
        }
        String result = sm.apply(txn);
        TxnResult r = sm.lastResult();
        if (r != null && r.zxid() == txn.zxid()) {
            noteWatches(r);
            if (expireSessions) {
                trackSessions(txn);
            }
        }
        return result;
    }

    /** Fired watches become notices for the clients that set them (watcher id = client number). */
    private void noteWatches(TxnResult r) {
        for (Notification n : r.notifications()) {
            notices.add(new Notice(NodeId.client((int) n.watcher()).name(), Json.string(new WatchEvent(n.type().name(), n.path()))));
        }
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

    /**
     * A client's write request, as the real server processes it: decoded by the wire codec,
     * prepared into its transaction's op ({@link PrepRequestProcessor}), applied to the tree, and
     * answered from the result ({@link FinalRequestProcessor}).
     */
    private WireReply applyRequest(long zxid, JsonNode op) {
        try {
            WireRequest w = Json.MAPPER.treeToValue(op, WireRequest.class);
            Proto.Request body = w.decode();
            if (!PrepRequestProcessor.isWrite(w.type())) {
                return WireReply.of(Reply.error(Code.UNIMPLEMENTED));
            }
            Op write = PrepRequestProcessor.prepare(w.type(), body);
            TxnResult r = sm.tree().apply(new ZnodeTxn(zxid, w.time(), w.sessionId(), List.of(), write));
            noteWatches(r);
            return WireReply.of(FinalRequestProcessor.answer(w.type(), body, r.result()));
        } catch (ZnodeException e) {
            return WireReply.of(Reply.error(e.code()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return WireReply.of(Reply.error(Code.MARSHALLINGERROR));
        }
    }

    /**
     * A write as the inspector names it, its type and path ("SetData /p0"): a client's wire request
     * is prepared by the real server's processor first, a session's close names the session.
     */
    @Override
    public String describe(JsonNode op) {
        JsonNode w = op.path("op");
        if (op.has("request")) {
            try {
                WireRequest r = Json.MAPPER.treeToValue(op, WireRequest.class);
                if (!PrepRequestProcessor.isWrite(r.type())) {
                    return "read " + r.type();
                }
                w = Json.tree(PrepRequestProcessor.prepare(r.type(), r.decode()));
            } catch (java.io.IOException | IllegalArgumentException | ZnodeException e) {
                return "malformed request";
            }
        }
        if (op.has("read")) {
            return op.path("read").asText() + " " + op.path("path").asText();
        }
        if (!w.isObject()) {
            return ZabStateMachine.super.describe(op);
        }
        String on = w.has("path") ? " " + w.path("path").asText()
                : w.has("sessionId") ? " 0x" + Long.toHexString(w.path("sessionId").asLong())
                : w.has("ops") ? " (" + w.path("ops").size() + " ops)" : "";
        return w.path("type").asText("write") + on;
    }

    /** A client's read request, answered from this replica's tree by the real server's processor. */
    @Override
    public String read(JsonNode op) {
        if (op != null && op.has("read")) {
            return recipeRead(op);
        }
        if (op == null || !op.has("request")) {
            return null;
        }
        try {
            WireRequest w = Json.MAPPER.treeToValue(op, WireRequest.class);
            if (!FinalRequestProcessor.isRead(w.type())) {
                return null;
            }
            Reply r = FinalRequestProcessor.read(w.type(), w.decode(), sm.tree(), new Caller(DataTree.NO_WATCHER, w.sessionId(), List.of()));
            return Json.string(WireReply.of(r));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Json.string(WireReply.of(Reply.error(Code.MARSHALLINGERROR)));
        }
    }

    /**
     * A recipe client's read ({@code workload=recipes}): {@code {"read": "getData"|"exists"|"getChildren",
     * "path": .., "watch": true, "client": "c2"}}; a watch is left for that client on this server, as
     * ZooKeeper does.
     */
    private String recipeRead(JsonNode op) {
        String f = op.path("read").asText("");
        String path = op.path("path").asText("");
        long watcher = op.path("watch").asBoolean(false) ? NodeId.of(op.path("client").asText("c1")).index() : DataTree.NO_WATCHER;
        try {
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
