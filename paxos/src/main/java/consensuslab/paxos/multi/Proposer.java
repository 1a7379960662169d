package consensuslab.paxos.multi;

import consensuslab.core.Context;
import consensuslab.core.NodeId;
import consensuslab.paxos.Ballot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Multi-Paxos proposer, i.e. the leader when it wins. As a candidate it runs phase 1 once for
 * every slot from its commit index on; with a majority of promises it re-proposes, in its own
 * ballot, the highest-ballot proposal reported for each open slot and fills the gaps with no-ops
 * (its {@link SlotRecovery}, lab 4's exercise).
 * As a stable leader it then skips phase 1: each new client command costs only phase 2
 * (Accept / Accepted) in the next free slot. It steps down when it sees a higher ballot.
 */
public final class Proposer {

    enum Role { FOLLOWER, CANDIDATE, LEADER }

    /** A proposal in flight and when its Accepts were last sent. */
    private record Proposal(Command command, long sentAt) {
    }

    private final Context<MultiPaxosMessage> ctx;
    private final MultiPaxosServer server;
    private Role role = Role.FOLLOWER;
    private Ballot ballot = Ballot.ZERO;
    private long maxRoundSeen;
    private long fromSlot;
    private long nextSlot;
    private long phase1SentAt;
    private final Map<NodeId, MultiPaxosMessage.Promise> promises = new TreeMap<>();
    private final TreeMap<Long, Proposal> proposals = new TreeMap<>();

    private final SlotRecovery recovery;

    Proposer(Context<MultiPaxosMessage> ctx, MultiPaxosServer server, SlotRecovery recovery) {
        this.ctx = ctx;
        this.server = server;
        this.recovery = recovery;
    }

    /**
     * Phase 1 with a ballot above any seen. Our own acceptor handles the Prepare first and syncs
     * its promise, so a ballot that ever reaches phase 2 is on disk and a restart never reuses it.
     */
    void startElection() {
        maxRoundSeen = Math.max(maxRoundSeen, server.acceptor().promised().round());
        ballot = new Ballot(maxRoundSeen + 1, ctx.id().index());
        maxRoundSeen = ballot.round();
        role = Role.CANDIDATE;
        promises.clear();
        proposals.clear();
        fromSlot = server.learner().commitIndex();
        phase1SentAt = ctx.now();
        ctx.note("candidate " + ballot + " from slot " + fromSlot);
        server.sendToAcceptors(new MultiPaxosMessage.Prepare(ballot, fromSlot));
    }

    void onPromise(NodeId from, MultiPaxosMessage.Promise p) {
        if (role != Role.CANDIDATE || !p.ballot().equals(ballot)) {
            return;
        }
        server.learner().installSnapshot(p.snapshot());
        promises.put(from, p);
        if (promises.size() >= server.majority()) {
            becomeLeader();
        }
    }

    private void becomeLeader() {
        role = Role.LEADER;
        Learner learner = server.learner();
        long start = learner.commitIndex();
        boolean planted = "noadopt".equals(ctx.params().get("bug", ""));
        List<List<MultiPaxosMessage.AcceptedEntry>> reported = new ArrayList<>();
        for (MultiPaxosMessage.Promise p : planted ? List.<MultiPaxosMessage.Promise>of() : promises.values()) {
            reported.add(p.accepted());
        }
        SortedMap<Long, Command> plan = recovery.recover(start, learner.maxChosen(), reported, learner::isChosen);
        long max = plan.isEmpty() ? Math.max(learner.maxChosen(), start - 1) : Math.max(learner.maxChosen(), plan.lastKey());
        int reproposed = 0;
        int noops = 0;
        for (Map.Entry<Long, Command> e : plan.entrySet()) {
            if (e.getValue().equals(Command.noop())) {
                noops++;
            } else {
                reproposed++;
            }
            propose(e.getKey(), e.getValue());
        }
        nextSlot = max + 1;
        promises.clear();
        ctx.note("leader " + ballot + ": slots " + start + ".." + max + " re-proposed " + reproposed + ", no-ops " + noops);
        server.sendHeartbeat();
    }

    /** A client request reached this node. */
    void onRequest(NodeId from, MultiPaxosMessage.Request r) {
        Command c = r.command();
        for (Proposal p : proposals.values()) {
            if (p.command().equals(c)) {
                return; // already in flight: the reply comes when it is chosen
            }
        }
        propose(nextSlot++, c);
    }

    private void propose(long slot, Command c) {
        proposals.put(slot, new Proposal(c, ctx.now()));
        server.sendToAcceptors(new MultiPaxosMessage.Accept(ballot, slot, c, server.learner().commitIndex()));
    }

    void onAccepted(NodeId from, MultiPaxosMessage.Accepted a) {
        Proposal p = proposals.get(a.slot());
        if (role != Role.LEADER || !a.ballot().equals(ballot) || p == null) {
            return;
        }
        server.learner().vote(a.slot(), ballot, p.command(), from);
        proposals.headMap(server.learner().commitIndex()).clear();
        if (server.learner().isChosen(a.slot())) {
            proposals.remove(a.slot());
        }
    }

    /** Any ballot seen in a message: a higher one means someone else leads or campaigns. */
    void observe(Ballot b) {
        if (b.round() > maxRoundSeen) {
            maxRoundSeen = b.round();
        }
        if (b.greaterThan(ballot) && role != Role.FOLLOWER) {
            stepDown(b);
        }
    }

    private void stepDown(Ballot higher) {
        ctx.note("step down: saw ballot " + higher);
        role = Role.FOLLOWER;
        promises.clear();
        proposals.clear();
        server.heardFromLeader();
    }

    /** Periodic: retransmit what is unanswered (the links may lose messages). */
    void tick(long resendMs) {
        long now = ctx.now();
        if (role == Role.CANDIDATE && now - phase1SentAt >= resendMs) {
            phase1SentAt = now;
            for (NodeId n : ctx.servers()) {
                if (!promises.containsKey(n)) {
                    server.send(n, new MultiPaxosMessage.Prepare(ballot, fromSlot));
                }
            }
        } else if (role == Role.LEADER) {
            for (Map.Entry<Long, Proposal> e : proposals.entrySet()) {
                if (now - e.getValue().sentAt() >= resendMs) {
                    e.setValue(new Proposal(e.getValue().command(), now));
                    for (NodeId n : ctx.servers()) {
                        if (!n.equals(ctx.id())) {
                            server.send(n, new MultiPaxosMessage.Accept(ballot, e.getKey(), e.getValue().command(),
                                    server.learner().commitIndex()));
                        }
                    }
                }
            }
        }
    }

    Role role() {
        return role;
    }

    Ballot ballot() {
        return ballot;
    }

    List<String> promisesFrom() {
        return promises.keySet().stream().map(NodeId::name).toList();
    }

    int inFlight() {
        return proposals.size();
    }
}
