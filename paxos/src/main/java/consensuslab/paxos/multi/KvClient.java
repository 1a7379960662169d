package consensuslab.paxos.multi;

import consensuslab.check.KvOp;
import consensuslab.check.KvResult;
import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import java.util.HashMap;
import java.util.Map;

/**
 * A client of the replicated store: runs {@code ops} operations (default 5), one at a time, over
 * {@code keys} keys (default 2), a random mix of get, put, append and cas ({@code mix=append}: appends
 * only). Each request carries
 * (client id, sequence number). If no reply comes within {@code cretry} ms (default 100) it sends
 * the same request (same sequence number) to the next server; a Redirect sends it straight to the
 * named leader. The sequence number is synced to disk before the operation starts, so a restarted
 * client never reuses one. With {@code think} ms (default 0) it waits a random [0, think] ms between
 * an operation's reply and the next operation (bin/lab compare paces every protocol's clients so).
 */
public final class KvClient implements Node<MultiPaxosMessage> {

    /** Retry request {@code seq} at another server. */
    public record ClientRetry(long seq) implements Timer {
    }

    /** Think time over: start operation {@code seq}. */
    public record Think(long seq) implements Timer {
    }

    /** The client's durable record: the last sequence number it used. */
    public record ClientRecord(long seq) {
    }

    /** What a client publishes. */
    public record ClientState(String role, String label, long done, long seq, String pending) {
    }

    static final String FILE = "client.json";

    private final Context<MultiPaxosMessage> ctx;
    private final int ops;
    private final int keys;
    private final long retryMs;
    private final long think;
    private final boolean appendOnly;
    private final Map<String, String> seen = new HashMap<>();
    private long seq;
    private long done;
    private Command pending;
    private int target;
    private int redirects;
    private long timer = -1;

    public KvClient(Context<MultiPaxosMessage> ctx) {
        this.ctx = ctx;
        this.ops = ctx.params().getInt("ops", 5);
        this.keys = Math.max(1, ctx.params().getInt("keys", 2));
        this.retryMs = ctx.params().getLong("cretry", 100);
        this.think = Math.max(0, ctx.params().getLong("think", 0));
        this.appendOnly = "append".equals(ctx.params().get("mix", "all"));
        this.target = (ctx.id().index() - 1) % ctx.servers().size();
    }

    @Override
    public void onStart() {
        ClientRecord r = ctx.storage().readJson(FILE, ClientRecord.class);
        seq = r == null ? 0 : r.seq();
        next();
    }

    private void next() {
        pending = null;
        if (seq >= ops) {
            publish();
            return;
        }
        seq++;
        ctx.storage().writeJson(FILE, new ClientRecord(seq));
        ctx.storage().sync();
        String key = "k" + ctx.random().nextInt(keys);
        String value = ctx.id().name() + "." + seq;
        KvOp op;
        switch (appendOnly ? 2 : ctx.random().nextInt(4)) {
            case 0 -> op = KvOp.get(key);
            case 1 -> op = KvOp.put(key, value);
            case 2 -> op = KvOp.append(key, value);
            default -> op = KvOp.cas(key, seen.get(key), value);
        }
        pending = new Command(ctx.id().name(), seq, op.f(), op.key(), op.value(), op.expected());
        ctx.invoke(seq, op);
        redirects = 0;
        send();
    }

    private void send() {
        ctx.cancelTimer(timer);
        ctx.send(ctx.servers().get(target), new MultiPaxosMessage.Request(seq, pending));
        timer = ctx.setTimer(new ClientRetry(seq), retryMs);
        publish();
    }

    @Override
    public void onMessage(NodeId from, MultiPaxosMessage m) {
        if (pending == null) {
            return;
        }
        if (m instanceof MultiPaxosMessage.Reply r && r.seq() == seq) {
            ctx.cancelTimer(timer);
            done++;
            remember(r);
            ctx.complete(seq, new KvResult(r.ok(), r.value()));
            if (think > 0 && seq < ops) {
                pending = null;
                publish();
                ctx.setTimer(new Think(seq + 1), ctx.random().nextLong(think + 1));
            } else {
                next();
            }
        } else if (m instanceof MultiPaxosMessage.Redirect d && d.seq() == seq && d.leader() != null && redirects < 3) {
            int t = NodeId.of(d.leader()).index() - 1;
            if (t != target && t < ctx.servers().size()) {
                redirects++;
                target = t;
                send();
            }
        }
    }

    private void remember(MultiPaxosMessage.Reply r) {
        switch (pending.f()) {
            case "get" -> seen.put(pending.key(), r.value());
            case "put" -> seen.put(pending.key(), pending.value());
            case "cas" -> {
                if (r.ok()) {
                    seen.put(pending.key(), pending.value());
                }
            }
            default -> seen.remove(pending.key());
        }
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof Think th && th.seq() == seq + 1 && pending == null) {
            next();
        } else if (t instanceof ClientRetry r && r.seq() == seq && pending != null) {
            target = (target + 1) % ctx.servers().size();
            redirects = 0;
            send();
        }
    }

    private void publish() {
        ctx.publish(new ClientState("client", pending == null ? "done " + done : "#" + seq + " \u2192 " + ctx.servers().get(target),
                done, seq, pending == null ? null : pending.render()));
    }
}
