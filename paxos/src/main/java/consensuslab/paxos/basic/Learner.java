package consensuslab.paxos.basic;

import consensuslab.core.Context;
import consensuslab.core.NodeId;
import consensuslab.paxos.Ballot;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The learner: learns a value once a majority of acceptors report accepting it in one ballot, and
 * then tells the other learners ({@code Chosen}). A learner that has not learned within
 * {@code poll} ms (default 4·retry) asks its peers, which covers lost {@code Chosen} messages and
 * restarts (a learner keeps nothing on disk: what it learned can always be learned again).
 */
public final class Learner {

    /** Ask the peers what was chosen, if still unknown. */
    public record Poll() implements consensuslab.core.Timer {
    }

    private final Context<PaxosMessage> ctx;
    private final PaxosNode node;
    private final long pollMs;
    private final Map<Ballot, Set<NodeId>> votes = new TreeMap<>();
    private String learned;

    Learner(Context<PaxosMessage> ctx, PaxosNode node) {
        this.ctx = ctx;
        this.node = node;
        this.pollMs = ctx.params().getLong("poll", 4 * ctx.params().getLong("retry", 50));
    }

    void start() {
        ctx.setTimer(new Poll(), pollMs);
    }

    void onAccepted(NodeId from, PaxosMessage.Accepted a) {
        Set<NodeId> who = votes.computeIfAbsent(a.ballot(), b -> new TreeSet<>());
        who.add(from);
        if (who.size() >= node.majority()) {
            learn(a.value());
            for (NodeId n : ctx.servers()) {
                if (!n.equals(ctx.id())) {
                    node.send(n, new PaxosMessage.Chosen(a.value()));
                }
            }
        }
    }

    void onChosen(PaxosMessage.Chosen c) {
        learn(c.value());
    }

    void onAskChosen(NodeId from) {
        if (learned != null) {
            node.send(from, new PaxosMessage.Chosen(learned));
        }
    }

    void onPoll() {
        if (learned == null) {
            for (NodeId n : ctx.servers()) {
                if (!n.equals(ctx.id())) {
                    node.send(n, new PaxosMessage.AskChosen());
                }
            }
            ctx.setTimer(new Poll(), pollMs);
        }
    }

    private void learn(String value) {
        if (!value.equals(learned)) {
            // A second, different value would break agreement: publish it so the checker sees it.
            learned = value;
            votes.clear();
            ctx.note("learned " + value);
            node.onLearned();
        }
    }

    public String learned() {
        return learned;
    }
}
