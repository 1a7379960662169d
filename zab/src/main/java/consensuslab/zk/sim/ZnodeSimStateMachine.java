package consensuslab.zk.sim;

import consensuslab.zab.Txn;
import consensuslab.zab.Zxid;
import consensuslab.zab.ZabStateMachine;
import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
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
        return sm.apply(txn);
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
            return WireReply.of(FinalRequestProcessor.answer(w.type(), body, r.result()));
        } catch (ZnodeException e) {
            return WireReply.of(Reply.error(e.code()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return WireReply.of(Reply.error(Code.MARSHALLINGERROR));
        }
    }

    /** A client's read request, answered from this replica's tree by the real server's processor. */
    @Override
    public String read(JsonNode op) {
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
