package consensuslab.paxos.basic;

import consensuslab.core.Context;
import consensuslab.core.NodeId;
import consensuslab.paxos.Ballot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The proposer: phase 1 (Prepare, collect a majority of Promises), then phase 2 (Accept with the
 * value of the highest accepted proposal reported, or its own input if none). Acceptors stay silent
 * on a ballot below their promise, so a proposer only notices it lost when its retry timer fires;
 * it then starts again with a higher ballot.
 *
 * <p>How long it waits before retrying is the {@code backoff} parameter:
 * <ul>
 *   <li>{@code fixed}: always {@code retry} ms. Two proposers can preempt each other forever (the
 *       dueling-proposers livelock of "Paxos Made Simple" §2.4).</li>
 *   <li>{@code random}: a random delay in [retry, retry·(1+k)) after the k-th failed attempt (k ≤ 4),
 *       drawn from ctx.random(): the duel ends once one proposer gets a clear run.</li>
 *   <li>{@code leader}: a distinguished proposer. A proposer that has seen a ballot of a proposer with
 *       a lower server index within the last 3·retry ms stands back and lets it finish.</li>
 * </ul>
 */
public final class Proposer {

    /** Retry the proposal: the attempt number it belongs to. */
    public record Retry(int attempt) implements consensuslab.core.Timer {
    }

    /** The proposer's one durable fact: the highest round it has used, so a restart never reuses a ballot. */
    public record ProposerRecord(long round) {
    }

    enum Phase { IDLE, PREPARING, ACCEPTING, DONE }

    static final String FILE = "proposer.json";

    private final Context<PaxosMessage> ctx;
    private final PaxosNode node;
    private final String input;
    private final String backoff;
    private final long retryMs;
    private final long startDelay;
    private Phase phase = Phase.IDLE;
    private Ballot ballot = Ballot.ZERO;
    private long maxRoundSeen;
    private int attempts;
    private long timer = -1;
    private long deferUntil = -1;
    private final Map<NodeId, PaxosMessage.Promise> promises = new TreeMap<>();
    private String proposed;

    Proposer(Context<PaxosMessage> ctx, PaxosNode node, String input) {
        this.ctx = ctx;
        this.node = node;
        this.input = input;
        this.backoff = ctx.params().get("backoff", "random");
        if (!List.of("fixed", "random", "leader").contains(backoff)) {
            throw new IllegalArgumentException("parameter backoff=" + backoff + " must be fixed, random or leader");
        }
        this.retryMs = ctx.params().getLong("retry", 50);
        this.startDelay = ctx.params().getLong("stagger", 0) * (ctx.id().index() - 1);
        ProposerRecord r = ctx.storage().readJson(FILE, ProposerRecord.class);
        maxRoundSeen = r == null ? 0 : r.round();
    }

    void start() {
        timer = ctx.setTimer(new Retry(0), startDelay);
    }

    void onTimer(Retry r) {
        if (r.attempt() != attempts || phase == Phase.DONE) {
            return;
        }
        if (node.learner().learned() != null) {
            done();
            return;
        }
        if ("leader".equals(backoff) && ctx.now() < deferUntil) {
            timer = ctx.setTimer(new Retry(attempts), deferUntil - ctx.now());
            node.publish();
            return;
        }
        prepare();
    }

    private void prepare() {
        long round = maxRoundSeen + 1;
        maxRoundSeen = round;
        ctx.storage().writeJson(FILE, new ProposerRecord(round));
        ctx.storage().sync();
        ballot = new Ballot(round, ctx.id().index());
        phase = Phase.PREPARING;
        promises.clear();
        proposed = null;
        attempts++;
        node.sendToAcceptors(new PaxosMessage.Prepare(ballot));
        timer = ctx.setTimer(new Retry(attempts), delay());
        node.publish();
    }

    private long delay() {
        if ("random".equals(backoff)) {
            int k = Math.min(attempts, 4);
            return retryMs + ctx.random().nextLong(retryMs * k);
        }
        return retryMs;
    }

    void onPromise(NodeId from, PaxosMessage.Promise p) {
        maxRoundSeen = Math.max(maxRoundSeen, p.acceptedBallot().round());
        if (phase != Phase.PREPARING || !p.ballot().equals(ballot)) {
            return;
        }
        promises.put(from, p);
        if (promises.size() >= node.majority()) {
            Ballot best = Ballot.ZERO;
            String value = input;
            boolean planted = "noadopt".equals(ctx.params().get("bug", ""));
            for (PaxosMessage.Promise q : planted ? List.<PaxosMessage.Promise>of() : promises.values()) {
                if (q.acceptedValue() != null && q.acceptedBallot().greaterThan(best)) {
                    best = q.acceptedBallot();
                    value = q.acceptedValue();
                }
            }
            phase = Phase.ACCEPTING;
            proposed = value;
            node.sendToAcceptors(new PaxosMessage.Accept(ballot, value));
        }
        node.publish();
    }

    /** Some proposer's ballot reached this node's acceptor. */
    void seen(Ballot b) {
        if (b.round() > maxRoundSeen) {
            maxRoundSeen = b.round();
        }
        if (b.proposer() != 0 && b.proposer() < ctx.id().index()) {
            deferUntil = ctx.now() + 3 * retryMs;
        }
    }

    /** The learner here learned the outcome: nothing more to propose. */
    void done() {
        if (phase != Phase.DONE) {
            phase = Phase.DONE;
            ctx.cancelTimer(timer);
        }
    }

    Phase phase() {
        return phase;
    }

    Ballot ballot() {
        return ballot;
    }

    String input() {
        return input;
    }

    String proposed() {
        return proposed;
    }

    List<String> promisesFrom() {
        return promises.keySet().stream().map(NodeId::name).toList();
    }
}
