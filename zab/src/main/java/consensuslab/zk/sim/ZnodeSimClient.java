package consensuslab.zk.sim;

import consensuslab.zab.ZabMessage;
import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Context;
import consensuslab.core.Json;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import consensuslab.zab.ZabMessage.ClientReply;
import consensuslab.zab.ZabMessage.ClientRequest;
import consensuslab.zk.wire.JuteIn;
import consensuslab.zk.wire.OpCode;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.CreateMode;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.OpResult;
import consensuslab.zk.znode.Stat;
import consensuslab.zk.znode.ZnodeStateMachine.ZnodeOp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ZooKeeper client c1..cM of the znode workload ({@code --param workload=znode}): it opens a
 * session (a createSession transaction; session id 0xc0iaa for client ci's attempt aa), then issues {@code ops}
 * operations (default 10), one at a time and in order: create (persistent, ephemeral, persistent
 * sequential, ephemeral sequential), setData and delete (half of them conditional on the version it
 * last saw), getData and exists (reads served by its server without a transaction), and finally
 * closes its session (closeSession transaction), unless {@code closeSession=false}. "Not serving"
 * answers make it move to another server and resend after {@code retryDelay} ms; an operation
 * unanswered for {@code clientTimeout} ms is given up (outcome unknown: invoke without return); a
 * session open or close given up is issued again.
 */
public final class ZnodeSimClient implements Node<ZabMessage> {

    /** An operation as recorded in the trace; version -1 is "any", mode is the create mode. */
    public record ZnodeClientOp(String f, String path, String data, int version, String mode, String session) {
    }

    /**
     * A result as recorded in the trace: ok (code OK), the code otherwise (NODEEXISTS, BADVERSION,
     * NONODE, ...), the path created or read, its data and version, and the zxid of the
     * transaction (0 for a read, which writes nothing).
     */
    public record ZnodeClientResult(boolean ok, String code, String path, String data, int version, long zxid) {
    }

    public record Next() implements Timer {
    }

    public record Resend(long cxid) implements Timer {
    }

    public record GiveUp(long cxid) implements Timer {
    }

    /** What the client publishes. */
    public record ClientView(String role, String label, String session, String phase, long done, String server) {
    }

    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;

    private final Context<ZabMessage> ctx;
    private final int ops;
    private final int keys;
    private final long timeout;
    private final long retryDelay;
    private final long start;
    private final boolean close;
    private long sessionId;
    private int attempts;
    private NodeId server;
    private long nextCxid;
    private int issued;
    private long done;
    private boolean open;
    private boolean closed;
    /** The one outstanding request (FIFO: one at a time), or -1. */
    private long inflight = -1;
    private ZnodeClientOp inflightOp;
    private JsonNode inflightBody;
    private long giveUpTimer = -1;
    private final Map<String, Integer> versions = new TreeMap<>();

    public ZnodeSimClient(Context<ZabMessage> ctx) {
        this.ctx = ctx;
        this.ops = ctx.params().getInt("ops", 10);
        this.keys = Math.max(1, ctx.params().getInt("keys", 3));
        long tick = ctx.params().getLong("tickTime", 20);
        this.timeout = ctx.params().getLong("clientTimeout", 40 * tick);
        this.retryDelay = ctx.params().getLong("retryDelay", 5 * tick);
        this.start = ctx.params().getLong("clientStart", 0);
        this.close = !"false".equals(ctx.params().get("closeSession", "true"));
    }

    public long sessionId() {
        return sessionId;
    }

    @Override
    public void onStart() {
        pickServer();
        ctx.setTimer(new Next(), start);
        publish();
    }

    private void pickServer() {
        server = ctx.servers().get(ctx.random().nextInt(ctx.servers().size()));
    }

    private String sid() {
        return "0x" + Long.toHexString(sessionId);
    }

    /** Issues the next request if none is outstanding. */
    private void next() {
        if (inflight >= 0) {
            return;
        }
        long cxid = nextCxid + 1;
        ZnodeClientOp op;
        Op write;
        if (!open) {
            // a new id per attempt: an earlier attempt that commits late leaves an orphan session, never reopens a closed one
            sessionId = 0xc0000L + 0x100L * ctx.id().index() + ++attempts;
            op = new ZnodeClientOp("createSession", null, null, -1, null, sid());
            write = new Op.CreateSession(sessionId, 4_000);
        } else if (issued < ops) {
            issued++;
            String data = ctx.id() + "-" + cxid;
            String p = "/p" + ctx.random().nextInt(keys);
            String e = "/e" + ctx.random().nextInt(keys);
            int r = ctx.random().nextInt(10);
            boolean conditional = ctx.random().nextBoolean();
            if (r < 2) {
                op = create(p, data, CreateMode.PERSISTENT);
            } else if (r == 2) {
                op = create(e, data, CreateMode.EPHEMERAL);
            } else if (r == 3) {
                op = create("/s-", data, CreateMode.PERSISTENT_SEQUENTIAL);
            } else if (r == 4) {
                op = create("/q-", data, CreateMode.EPHEMERAL_SEQUENTIAL);
            } else if (r < 7) {
                op = new ZnodeClientOp("setData", p, data, conditional ? versions.getOrDefault(p, 0) : -1, null, sid());
            } else if (r == 7) {
                String path = ctx.random().nextBoolean() ? p : e;
                op = new ZnodeClientOp("delete", path, null, conditional ? versions.getOrDefault(path, 0) : -1, null, sid());
            } else if (r == 8) {
                op = new ZnodeClientOp("getData", p, null, -1, null, sid());
            } else {
                op = new ZnodeClientOp("exists", e, null, -1, null, sid());
            }
            write = null;
        } else if (close && !closed) {
            op = new ZnodeClientOp("closeSession", null, null, -1, null, sid());
            write = new Op.CloseSession(sessionId);
        } else {
            publish();
            return;
        }
        nextCxid = cxid;
        inflight = cxid;
        inflightOp = op;
        ctx.invoke(cxid, op);
        inflightBody = write != null ? Json.tree(new ZnodeOp(ctx.now(), sessionId, List.of(), write))
                : Json.tree(request(ctx.now(), sessionId, op));
        ctx.send(server, new ClientRequest(cxid, inflightBody));
        giveUpTimer = ctx.setTimer(new GiveUp(cxid), timeout);
        publish();
    }

    private ZnodeClientOp create(String path, String data, CreateMode mode) {
        return new ZnodeClientOp("create", path, data, -1, mode.name(), sid());
    }

    /**
     * A data operation as ZooKeeper's client sends it (opcode and jute request); the session's
     * open and close are the server's own transactions and stay {@code null} here.
     */
    static WireRequest request(long time, long sessionId, ZnodeClientOp op) {
        byte[] data = op.data() == null ? null : op.data().getBytes(StandardCharsets.UTF_8);
        return switch (op.f()) {
            case "create" -> WireRequest.of(time, sessionId, OpCode.CREATE2,
                    new Proto.CreateRequest(op.path(), data, OPEN, CreateMode.valueOf(op.mode()).flag(), -1, false));
            case "setData" -> WireRequest.of(time, sessionId, OpCode.SET_DATA, new Proto.SetDataRequest(op.path(), data, op.version()));
            case "delete" -> WireRequest.of(time, sessionId, OpCode.DELETE, new Proto.DeleteRequest(op.path(), op.version()));
            case "getData" -> WireRequest.of(time, sessionId, OpCode.GET_DATA, new Proto.PathWatchRequest(op.path(), false));
            case "exists" -> WireRequest.of(time, sessionId, OpCode.EXISTS, new Proto.PathWatchRequest(op.path(), false));
            default -> null;
        };
    }

    @Override
    public void onMessage(NodeId from, ZabMessage m) {
        if (!(m instanceof ClientReply r) || r.cxid() != inflight) {
            return;
        }
        if (!r.ok()) {
            if (from.equals(server)) {
                pickServer();
            }
            ctx.setTimer(new Resend(r.cxid()), retryDelay);
            return;
        }
        ZnodeClientOp op = inflightOp;
        inflight = -1;
        inflightOp = null;
        ctx.cancelTimer(giveUpTimer);
        done++;
        ZnodeClientResult res = result(op, r);
        if (op.f().equals("createSession") && res.ok()) {
            open = true;
        } else if (op.f().equals("closeSession")) {
            closed = true;
        }
        if (res.ok() && res.path() != null && res.version() >= 0) {
            versions.put(res.path(), res.version());
        } else if ("NONODE".equals(res.code()) && op.path() != null) {
            versions.remove(op.path());
        }
        if (res.ok() && op.f().equals("delete")) {
            versions.remove(op.path());
        }
        ctx.complete(r.cxid(), res);
        next();
    }

    private ZnodeClientResult result(ZnodeClientOp op, ClientReply r) {
        try {
            if (op.f().equals("createSession") || op.f().equals("closeSession")) {
                OpResult o = Json.MAPPER.readValue(r.value(), OpResult.class);
                if (o instanceof OpResult.Error e) {
                    return new ZnodeClientResult(false, e.code().name(), e.path(), null, -1, r.zxid());
                }
                return new ZnodeClientResult(true, "OK", op.path(), null, -1, r.zxid());
            }
            WireReply w = Json.MAPPER.readValue(r.value(), WireReply.class);
            if (!"OK".equals(w.code())) {
                return new ZnodeClientResult(false, w.code(), op.path(), null, -1, r.zxid());
            }
            JuteIn in = new JuteIn(w.body());
            switch (op.f()) {
                case "create": {
                    String path = in.readString();
                    return new ZnodeClientResult(true, "OK", path, op.data(), in.readStat().version(), r.zxid());
                }
                case "setData":
                    return new ZnodeClientResult(true, "OK", op.path(), op.data(), in.readStat().version(), r.zxid());
                case "getData": {
                    byte[] data = in.readBuffer();
                    Stat s = in.readStat();
                    return new ZnodeClientResult(true, "OK", op.path(), data == null ? null : new String(data, StandardCharsets.UTF_8),
                            s.version(), r.zxid());
                }
                case "exists":
                    return new ZnodeClientResult(true, "OK", op.path(), null, in.readStat().version(), r.zxid());
                default:
                    return new ZnodeClientResult(true, "OK", op.path(), null, -1, r.zxid());
            }
        } catch (java.io.IOException | RuntimeException e) {
            return new ZnodeClientResult(false, "BADREPLY", op.path(), r.value(), -1, r.zxid());
        }
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof Next) {
            next();
        } else if (t instanceof Resend rs) {
            if (rs.cxid() == inflight) {
                ctx.send(server, new ClientRequest(inflight, inflightBody));
            }
        } else if (t instanceof GiveUp g) {
            if (g.cxid() == inflight) {
                // outcome unknown: no return; session open/close are issued again by next()
                inflight = -1;
                inflightOp = null;
                pickServer();
                next();
            }
        }
    }

    @Override
    public void onLinkDown(NodeId peer) {
        if (peer.equals(server)) {
            pickServer();
        }
    }

    public long done() {
        return done;
    }

    public boolean finished() {
        return inflight < 0 && issued >= ops && open && (closed || !close);
    }

    private void publish() {
        String phase = !open ? "connecting" : closed ? "closed" : issued < ops || !close ? "open" : "closing";
        ctx.publish(new ClientView("client", sid() + " " + phase + ", done " + done + " → " + server, sid(), phase, done, server.name()));
    }
}
