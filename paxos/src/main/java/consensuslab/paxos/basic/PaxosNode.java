package consensuslab.paxos.basic;

import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import consensuslab.paxos.Ballot;
import consensuslab.paxos.LogEntry;
import consensuslab.paxos.Colocated;
import java.util.List;

/**
 * A single-decree Paxos server: hosts an acceptor and a learner, and a proposer if its index is at
 * most {@code proposers} (default 2). It only routes messages to its roles. A message to itself
 * (its proposer to its own acceptor, say) does not cross the network: it is queued and handled
 * right after the current handler, so it is not counted as a message.
 */
public final class PaxosNode implements Node<PaxosMessage> {

    private final Context<PaxosMessage> ctx;
    private final Acceptor acceptor;
    private final Learner learner;
    private final Proposer proposer;
    private final Colocated<PaxosMessage> colocated;

    public PaxosNode(Context<PaxosMessage> ctx) {
        this(ctx, new consensuslab.paxos.reference.ReferenceAcceptorRules());
    }

    public PaxosNode(Context<PaxosMessage> ctx, AcceptorRules rules) {
        this.ctx = ctx;
        this.colocated = new Colocated<>(ctx);
        int proposers = ctx.params().getInt("proposers", 2);
        this.acceptor = new Acceptor(ctx, this, rules);
        this.learner = new Learner(ctx, this);
        this.proposer = ctx.id().index() <= proposers ? new Proposer(ctx, this, "v" + ctx.id().index()) : null;
    }

    @Override
    public void onStart() {
        learner.start();
        if (proposer != null) {
            proposer.start();
        }
        publish();
    }

    @Override
    public void onMessage(NodeId from, PaxosMessage m) {
        dispatch(from, m);
        drain();
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof Proposer.Retry r && proposer != null) {
            proposer.onTimer(r);
        } else if (t instanceof Learner.Poll) {
            learner.onPoll();
        }
        drain();
    }

    private void dispatch(NodeId from, PaxosMessage m) {
        if (m instanceof PaxosMessage.Prepare p) {
            observe(from, p.ballot());
            acceptor.onPrepare(from, p);
        } else if (m instanceof PaxosMessage.Accept a) {
            observe(from, a.ballot());
            acceptor.onAccept(from, a);
        } else if (m instanceof PaxosMessage.Promise p) {
            if (proposer != null) {
                proposer.onPromise(from, p);
            }
        } else if (m instanceof PaxosMessage.Accepted a) {
            learner.onAccepted(from, a);
        } else if (m instanceof PaxosMessage.Chosen c) {
            learner.onChosen(c);
        } else if (m instanceof PaxosMessage.AskChosen) {
            learner.onAskChosen(from);
        }
        publish();
    }

    /** A proposer's ballot arrived: tell our proposer, and tell a late proposer what is already chosen. */
    private void observe(NodeId from, Ballot b) {
        if (proposer != null && !from.equals(ctx.id())) {
            proposer.seen(b);
        }
        if (learner.learned() != null && !from.equals(ctx.id())) {
            send(from, new PaxosMessage.Chosen(learner.learned()));
        }
    }

    private void drain() {
        colocated.drain(this::dispatch);
    }

    void send(NodeId to, PaxosMessage m) {
        colocated.send(to, m);
    }

    /** To every acceptor: all servers, this one first. */
    void sendToAcceptors(PaxosMessage m) {
        colocated.sendToAcceptors(m);
    }

    int majority() {
        return colocated.majority();
    }

    Learner learner() {
        return learner;
    }

    void onLearned() {
        if (proposer != null) {
            proposer.done();
        }
    }

    void publish() {
        String learned = learner.learned();
        String role = learned != null ? "learner"
                : proposer != null && proposer.phase() != Proposer.Phase.IDLE ? "proposer" : "acceptor";
        StringBuilder label = new StringBuilder();
        if (proposer != null && !proposer.ballot().equals(Ballot.ZERO)) {
            label.append("b").append(proposer.ballot()).append(' ');
        }
        label.append("p").append(acceptor.promised());
        if (acceptor.acceptedValue() != null) {
            label.append(" a").append(acceptor.acceptedBallot()).append('=').append(acceptor.acceptedValue());
        }
        if (learned != null) {
            label.append(" \u2713").append(learned);
        }
        List<LogEntry> log = learned != null ? List.of(new LogEntry(0, learned, "", true))
                : acceptor.acceptedValue() != null
                        ? List.of(new LogEntry(0, acceptor.acceptedValue(), acceptor.acceptedBallot().toString(), false))
                        : List.of();
        ctx.publish(new PaxosState(role, label.toString(), proposer == null ? null : proposer.input(),
                proposer == null ? null : proposer.phase().name(), proposer == null ? null : proposer.ballot().toString(),
                proposer == null ? List.of() : proposer.promisesFrom(), acceptor.promised().toString(),
                acceptor.acceptedBallot().toString(), acceptor.acceptedValue(), log));
    }
}
