package consensuslab.paxos.basic;

import consensuslab.core.Context;
import consensuslab.core.NodeId;
import consensuslab.paxos.Ballot;

/**
 * The acceptor: promises and accepts by its {@link AcceptorRules} (lab 3's exercise), and never replies before the promise or acceptance is
 * synced to durable storage, so a crash and restart cannot make it forget what it told a proposer.
 */
public final class Acceptor {

    /** The acceptor's durable state, one small JSON file. */
    public record AcceptorRecord(Ballot promised, Ballot acceptedBallot, String acceptedValue) {
    }

    static final String FILE = "acceptor.json";

    private final Context<PaxosMessage> ctx;
    private final PaxosNode node;
    private Ballot promised = Ballot.ZERO;
    private Ballot acceptedBallot = Ballot.ZERO;
    private String acceptedValue;
    private final boolean noSync;

    private final AcceptorRules rules;

    Acceptor(Context<PaxosMessage> ctx, PaxosNode node, AcceptorRules rules) {
        this.ctx = ctx;
        this.node = node;
        this.rules = rules;
        this.noSync = "nosync".equals(ctx.params().get("bug", ""));
        AcceptorRecord r = ctx.storage().readJson(FILE, AcceptorRecord.class);
        if (r != null) {
            promised = r.promised();
            acceptedBallot = r.acceptedBallot();
            acceptedValue = r.acceptedValue();
        }
    }

    void onPrepare(NodeId from, PaxosMessage.Prepare p) {
        AcceptorRules.Decision d = rules.onPrepare(state(), p.ballot());
        if (adopt(d)) {
            node.send(from, new PaxosMessage.Promise(p.ballot(), acceptedBallot, acceptedValue));
        } // else: below our promise, ignored (a nack would only be an optimization)
    }

    void onAccept(NodeId from, PaxosMessage.Accept a) {
        AcceptorRules.Decision d = rules.onAccept(state(), a.ballot(), a.value());
        if (adopt(d)) {
            node.send(from, new PaxosMessage.Accepted(a.ballot(), a.value()));
        }
    }

    private AcceptorRecord state() {
        return new AcceptorRecord(promised, acceptedBallot, acceptedValue);
    }

    /** Takes the rules' new state, durable before any reply; returns whether to reply. */
    private boolean adopt(AcceptorRules.Decision d) {
        if (!d.next().equals(state())) {
            promised = d.next().promised();
            acceptedBallot = d.next().acceptedBallot();
            acceptedValue = d.next().acceptedValue();
            persist();
        }
        return d.reply();
    }

    private void persist() {
        ctx.storage().writeJson(FILE, new AcceptorRecord(promised, acceptedBallot, acceptedValue));
        if (!noSync) { // bug=nosync: a planted bug, replying before the state is durable
            ctx.storage().sync();
        }
    }

    Ballot promised() {
        return promised;
    }

    Ballot acceptedBallot() {
        return acceptedBallot;
    }

    String acceptedValue() {
        return acceptedValue;
    }
}
