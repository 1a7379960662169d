package consensuslab.echo;

import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;

/**
 * Sends {@code ops} pings (default 5), one at a time, each to a random server, and retries on a
 * timeout ({@code retry} ms, default 50) until a pong for it arrives.
 */
public final class EchoClient implements Node<EchoMessage> {

    /** Retry the current ping. */
    public record Retry(long seq) implements Timer {
    }

    /** An operation as recorded in the trace. */
    public record EchoOp(String f, long seq) {
    }

    private final Context<EchoMessage> ctx;
    private final int ops;
    private final long retryMs;
    private long seq;
    private long timer;
    private long done;
    private boolean waiting;

    public EchoClient(Context<EchoMessage> ctx) {
        this.ctx = ctx;
        this.ops = ctx.params().getInt("ops", 5);
        this.retryMs = ctx.params().getLong("retry", 50);
    }

    @Override
    public void onStart() {
        next();
    }

    private void next() {
        if (seq >= ops) {
            ctx.publish(new EchoState("client", done, "done " + done));
            return;
        }
        seq++;
        waiting = true;
        ctx.invoke(seq, new EchoOp("ping", seq));
        ping();
    }

    private void ping() {
        NodeId server = ctx.servers().get(ctx.random().nextInt(ctx.servers().size()));
        ctx.send(server, new EchoMessage.Ping(seq));
        timer = ctx.setTimer(new Retry(seq), retryMs);
        ctx.publish(new EchoState("client", done, "ping " + seq + " → " + server));
    }

    @Override
    public void onMessage(NodeId from, EchoMessage m) {
        if (m instanceof EchoMessage.Pong p && p.seq() == seq && waiting) {
            waiting = false;
            ctx.cancelTimer(timer);
            done++;
            ctx.complete(seq, p.served());
            next();
        }
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof Retry r && r.seq() == seq && waiting) {
            ping();
        }
    }
}
