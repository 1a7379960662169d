package consensuslab.paxos.perop;

import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;

/**
 * A client of {@link PerOpPaxos}: {@code ops} operations one at a time, each a fresh instance
 * ({@code c1.7}) it asks server n1 to decide; with no answer in {@code cretry} ms it asks the next
 * server, and so on round the ring (the instance is the same, so whichever proposer wins, the value
 * is the one chosen). Waits a random [0, think] ms between operations. Records invoke/return.
 */
public final class OpClient implements Node<PerOpMessage> {

    /** An operation as recorded in the trace. */
    public record DecideOp(String f, String instance) {
    }

    /** Its result: the value chosen. */
    public record DecideResult(boolean ok, String value) {
    }

    public record Retry(long seq) implements Timer {
    }

    public record Think(long seq) implements Timer {
    }

    /** What a client publishes. */
    public record ClientState(String role, String label, long done) {
    }

    private static final String FILE = "client-seq.json";

    private final Context<PerOpMessage> ctx;
    private final int ops;
    private final long think;
    private final long retry;
    private long seq;
    private String current;
    private int target;
    private long timer = -1;
    private long done;

    public OpClient(Context<PerOpMessage> ctx) {
        this.ctx = ctx;
        this.ops = ctx.params().getInt("ops", 5);
        this.think = Math.max(0, ctx.params().getLong("think", 0));
        this.retry = ctx.params().getLong("cretry", 200);
    }

    @Override
    public void onStart() {
        Long s = ctx.storage().readJson(FILE, Long.class);
        seq = s == null ? 0 : s;
        next();
    }

    private void next() {
        current = null;
        if (seq >= ops) {
            publish();
            return;
        }
        seq++;
        ctx.storage().writeJson(FILE, seq); // never reuse an instance after a crash
        ctx.storage().sync();
        current = ctx.id() + "." + seq;
        ctx.invoke(seq, new DecideOp("decide", current));
        send();
    }

    private void send() {
        ctx.send(ctx.servers().get(target), new PerOpMessage.Decide(current));
        timer = ctx.setTimer(new Retry(seq), retry);
        publish();
    }

    @Override
    public void onMessage(NodeId from, PerOpMessage m) {
        if (m instanceof PerOpMessage.Decided d && d.instance().equals(current)) {
            ctx.cancelTimer(timer);
            done++;
            ctx.complete(seq, new DecideResult(true, d.value()));
            current = null;
            if (think > 0 && seq < ops) {
                publish();
                ctx.setTimer(new Think(seq + 1), ctx.random().nextLong(think + 1));
            } else {
                next();
            }
        }
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof Think th && th.seq() == seq + 1 && current == null) {
            next();
        } else if (t instanceof Retry r && r.seq() == seq && current != null) {
            target = (target + 1) % ctx.servers().size();
            send();
        }
    }

    private void publish() {
        ctx.publish(new ClientState("client", current == null ? "done " + done : current + " \u2192 " + ctx.servers().get(target), done));
    }
}
