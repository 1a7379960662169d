package consensuslab.paxos.basic;

import consensuslab.core.Context;
import consensuslab.core.NodeId;
import consensuslab.paxos.Ballot;

/**
 * The acceptor: promises and accepts, and never replies before the promise or acceptance is
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

    Acceptor(Context<PaxosMessage> ctx, PaxosNode node) {
        this.ctx = ctx;
        this.node = node;
        this.noSync = "nosync".equals(ctx.params().get("bug", ""));
        AcceptorRecord r = ctx.storage().readJson(FILE, AcceptorRecord.class);
        if (r != null) {
            promised = r.promised();
            acceptedBallot = r.acceptedBallot();
            acceptedValue = r.acceptedValue();
        }
    }

    void onPrepare(NodeId from, PaxosMessage.Prepare p) {
        if (p.ballot().compareTo(promised) < 0) {
            return; // below our promise: ignored (a nack would only be an optimization)
        }
        if (p.ballot().greaterThan(promised)) {
            promised = p.ballot();
            persist();
        }
        node.send(from, new PaxosMessage.Promise(p.ballot(), acceptedBallot, acceptedValue));
    }

    void onAccept(NodeId from, PaxosMessage.Accept a) {
        if (a.ballot().compareTo(promised) < 0) {
            return;
        }
        if (!a.ballot().equals(acceptedBallot) || !a.value().equals(acceptedValue) || !a.ballot().equals(promised)) {
            promised = a.ballot();
            acceptedBallot = a.ballot();
            acceptedValue = a.value();
            persist();
        }
        node.send(from, new PaxosMessage.Accepted(a.ballot(), a.value()));
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
