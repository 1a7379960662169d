package consensuslab.zab;

import consensuslab.core.Context;
import consensuslab.core.Json;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import consensuslab.zab.ZabMessage.ClientReply;
import consensuslab.zab.ZabMessage.ClientRequest;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client c1..cM: sends {@code ops} writes (default 10; put, append or cas on keys k0..k{keys-1}),
 * up to {@code outstanding} at a time (default 1), to one server chosen at random, which forwards
 * them to the leader. "Not serving" answers make it move to another server and resend after
 * {@code retryDelay} ms; a write unanswered for {@code clientTimeout} ms is given up (its outcome
 * is unknown: invoke without return). Ops start after {@code clientStart} ms (default 0). With
 * {@code think} ms (default 0) it waits a random [0, think] ms after a reply before the next write.
 */
public final class KvClient implements Node<ZabMessage> {

    /** An operation as recorded in the trace (same fields as consensuslab.check.KvOp). */
    public record ClientOp(String f, String key, String value, String expected) {
    }

    /**
     * A result as recorded in the trace (same fields as consensuslab.check.KvResult, plus the zxid
     * the write got): ok, except a cas that did not swap; append returns the new value.
     */
    public record ClientResult(boolean ok, String value, long zxid) {
    }

    public record Next() implements Timer {
    }

    public record Resend(long cxid) implements Timer {
    }

    public record GiveUp(long cxid) implements Timer {
    }

    private final Context<ZabMessage> ctx;
    private final int ops;
    private final int keys;
    private final int window;
    private final long timeout;
    private final long retryDelay;
    private final long start;
    private final long think;
    private NodeId server;
    private long nextCxid;
    private long done;
    private final Map<Long, ClientOp> inflight = new TreeMap<>();
    private final Map<Long, Long> giveUpTimers = new TreeMap<>();

    public KvClient(Context<ZabMessage> ctx) {
        this.ctx = ctx;
        this.ops = ctx.params().getInt("ops", 10);
        this.keys = Math.max(1, ctx.params().getInt("keys", 3));
        this.window = Math.max(1, ctx.params().getInt("outstanding", 1));
        long tick = ctx.params().getLong("tickTime", 20);
        this.timeout = ctx.params().getLong("clientTimeout", 40 * tick);
        this.retryDelay = ctx.params().getLong("retryDelay", 5 * tick);
        this.start = ctx.params().getLong("clientStart", 0);
        this.think = Math.max(0, ctx.params().getLong("think", 0));
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

    private void fill() {
        while (inflight.size() < window && nextCxid < ops) {
            long cxid = ++nextCxid;
            String key = "k" + ctx.random().nextInt(keys);
            int r = ctx.random().nextInt(10);
            ClientOp op = r < 5 ? new ClientOp("put", key, ctx.id() + "-" + cxid, null)
                    : r < 9 ? new ClientOp("append", key, "," + ctx.id() + "-" + cxid, null)
                    : new ClientOp("cas", key, ctx.id() + "-" + cxid, null);
            inflight.put(cxid, op);
            ctx.invoke(cxid, op);
            send(cxid);
            giveUpTimers.put(cxid, ctx.setTimer(new GiveUp(cxid), timeout));
        }
        publish();
    }

    private void send(long cxid) {
        ClientOp op = inflight.get(cxid);
        if (op != null) {
            ctx.send(server, new ClientRequest(cxid, Json.tree(op)));
        }
    }

    @Override
    public void onMessage(NodeId from, ZabMessage m) {
        if (!(m instanceof ClientReply r) || !inflight.containsKey(r.cxid())) {
            return;
        }
        if (r.ok()) {
            ClientOp op = inflight.remove(r.cxid());
            Long t = giveUpTimers.remove(r.cxid());
            if (t != null) {
                ctx.cancelTimer(t);
            }
            done++;
            // as consensuslab.check.KvResult: ok is "swapped" for a cas
            boolean ok = !"cas".equals(op.f()) || "true".equals(r.value());
            ctx.complete(r.cxid(), new ClientResult(ok, "put".equals(op.f()) ? null : r.value(), r.zxid()));
            if (think > 0) {
                ctx.setTimer(new Next(), ctx.random().nextLong(think + 1));
            } else {
                fill();
            }
        } else {
            if (from.equals(server)) {
                pickServer();
            }
            ctx.setTimer(new Resend(r.cxid()), retryDelay);
        }
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof Next) {
            fill();
        } else if (t instanceof Resend rs) {
            send(rs.cxid());
        } else if (t instanceof GiveUp g) {
            if (inflight.remove(g.cxid()) != null) {
                giveUpTimers.remove(g.cxid());
                pickServer();
                fill();
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

    private void publish() {
        ctx.publish(new ClientView("client", "done " + done + "/" + ops + " → " + server, done, server.name()));
    }

    /** What a client publishes. */
    public record ClientView(String role, String label, long done, String server) {
    }
}
