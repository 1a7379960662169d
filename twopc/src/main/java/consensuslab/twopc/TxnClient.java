package consensuslab.twopc;

import consensuslab.core.Context;
import consensuslab.core.Message;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client role, shared by 2PC and 3PC: submits {@code txns} transactions (default 5) one at a
 * time to the coordinator n1; each writes {@code writes} random keys (default 1) out of
 * {@code keys} (default 8) at every participant. Waits for the outcome; after {@code clientTimeout}
 * ms (default 500) without one it asks again, and keeps asking. Records invoke/return with
 * {@link TxnOp} and {@link TxnResult}. With {@code ownKeys=true} each client writes keys of its own
 * ({@code c1.k3}), so two clients never conflict on a lock (bin/lab compare uses it).
 *
 * @param <M> the protocol's message type
 */
public final class TxnClient<M extends Message> implements Node<M> {

    /** How a protocol's messages carry the client's requests. */
    public interface Wire<M extends Message> {
        M submit(Txn txn);

        M query(String txn);

        /** Whom to ask for an outcome that is late. */
        List<NodeId> askWhom(Context<M> ctx);
    }

    /** Submit the next transaction. */
    public record Next(long seq) implements Timer {
    }

    /** No outcome yet for this transaction: ask again. */
    public record AskOutcome(long seq) implements Timer {
    }

    /** What a client publishes. */
    public record ClientView(String role, String label, long committed, long aborted) {
    }

    private static final String SEQ_FILE = "client-seq.json";

    private final Context<M> ctx;
    private final Wire<M> wire;
    private final int txns;
    private final int keys;
    private final int writes;
    private final long timeout;
    private final long think;
    private final boolean ownKeys;
    private long seq;
    private String current;
    private long timer = -1;
    private long committed;
    private long aborted;
    /** How many numbers this instance drew from {@code ctx.random()}: with the incarnation, the random source's state. */
    private int draws;

    public TxnClient(Context<M> ctx, Wire<M> wire) {
        this.ctx = ctx;
        this.wire = wire;
        this.txns = ctx.params().getInt("txns", 5);
        this.keys = Math.max(1, ctx.params().getInt("keys", 8));
        this.writes = Math.max(1, Math.min(keys, ctx.params().getInt("writes", 1)));
        this.timeout = ctx.params().getLong("clientTimeout", 500);
        this.think = Math.max(0, ctx.params().getLong("think", 20));
        this.ownKeys = ctx.params().getBool("ownKeys", false);
    }

    @Override
    public void onStart() {
        Long done = ctx.storage().readJson(SEQ_FILE, Long.class);
        seq = done == null ? 0 : done; // a transaction cut short by a crash stays without a return
        publish("idle");
        ctx.setTimer(new Next(1), thinkTime());
    }

    private void submit() {
        seq++;
        ctx.storage().writeJson(SEQ_FILE, seq); // never reuse a transaction id after a crash
        ctx.storage().sync();
        current = ctx.id() + "." + seq;
        Map<String, Map<String, String>> w = new TreeMap<>();
        for (NodeId p : ctx.servers()) {
            if (p.index() == 1) {
                continue; // n1 is the coordinator
            }
            List<String> pool = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                pool.add(ownKeys ? ctx.id() + ".k" + k : "k" + k);
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 0; i < writes; i++) {
                kv.put(pool.remove(pick(pool.size())), current);
            }
            w.put(p.name(), kv);
        }
        Txn t = new Txn(current, ctx.id().name(), w);
        ctx.invoke(seq, new TxnOp("txn", current, t.writes()));
        ctx.send(NodeId.server(1), wire.submit(t));
        timer = ctx.setTimer(new AskOutcome(seq), timeout);
        publish("waiting " + current);
    }

    @Override
    public void onMessage(NodeId from, M m) {
        if (m instanceof TxnOutcome o && current != null && o.txn().equals(current)) {
            ctx.cancelTimer(timer);
            if (o.commit()) {
                committed++;
            } else {
                aborted++;
            }
            ctx.complete(seq, new TxnResult(o.commit() ? "COMMITTED" : "ABORTED"));
            current = null;
            publish("done " + committed + "C/" + aborted + "A");
            if (seq < txns) {
                ctx.setTimer(new Next(seq + 1), thinkTime());
            }
        }
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof Next n && n.seq() == seq + 1 && current == null && seq < txns) {
            submit();
        } else if (t instanceof AskOutcome a && a.seq() == seq && current != null) {
            for (NodeId n : wire.askWhom(ctx)) {
                ctx.send(n, wire.query(current));
            }
            timer = ctx.setTimer(new AskOutcome(seq), timeout);
        }
    }

    private long thinkTime() {
        draws++;
        return ctx.random().nextLong(think + 1);
    }

    private int pick(int bound) {
        draws++;
        return ctx.random().nextInt(bound);
    }

    /** This client's memory as a value, for the exhaustive search (it reads no clock). */
    public record Key(long seq, String current, long timer, long committed, long aborted, int draws) {
    }

    @Override
    public Key stateKey() {
        return new Key(seq, current, timer, committed, aborted, draws);
    }

    private void publish(String label) {
        ctx.publish(new ClientView("client", label, committed, aborted));
    }
}
