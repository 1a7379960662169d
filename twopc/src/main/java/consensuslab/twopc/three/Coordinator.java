package consensuslab.twopc.three;

import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import consensuslab.twopc.CoordinatorView;
import consensuslab.twopc.LogRecord;
import consensuslab.twopc.Sorted;
import consensuslab.twopc.Txn;
import consensuslab.twopc.TxnLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Skeen's three-phase-commit coordinator, n1.
 *
 * <ul>
 * <li>Phase 1: CanCommit to every participant (resent every {@code retry} ms); a no vote, or
 * missing votes after {@code voteTimeout} ms, decide abort.</li>
 * <li>Phase 2: all yes: <b>force PRECOMMIT</b>, send PreCommit (resent to the silent ones), collect
 * acks; after {@code ackTimeout} ms it goes on without the missing ones (they are taken as failed:
 * they will learn the outcome when they recover).</li>
 * <li>Phase 3: <b>force COMMIT</b>, send DoCommit and the outcome.</li>
 * <li>It never resumes a transaction after a crash: the participants' termination protocol owns it.
 * Recovering, it answers from its log: COMMIT means committed; no PRECOMMIT record means it never
 * sent PreCommit, so no one can be pre-committed and the only possible outcome is abort; PRECOMMIT
 * without a decision means it must ask (it sends StateReq until a participant reports a decision).</li>
 * </ul>
 */
public final class Coordinator implements Node<ThreePcMessage> {

    public record VoteRetry(String txn) implements Timer {
    }

    public record VoteTimeout(String txn) implements Timer {
    }

    public record AckRetry(String txn) implements Timer {
    }

    public record AckTimeout(String txn) implements Timer {
    }

    /** Recovered with PRECOMMIT and no decision: ask the participants again. */
    public record AskAgain(String txn) implements Timer {
    }

    private enum Phase { COLLECTING, PRECOMMITTING, RECOVERING, COMMITTED, ABORTED }

    private static final class Tx {
        final Txn body;
        Phase phase;
        final TreeSet<String> yes = new TreeSet<>();
        final TreeSet<String> no = new TreeSet<>();
        final TreeSet<String> acked = new TreeSet<>();

        Tx(Txn body, Phase phase) {
            this.body = body;
            this.phase = phase;
        }
    }

    private final Context<ThreePcMessage> ctx;
    private final TxnLog log;
    private final long retry;
    private final long voteTimeout;
    private final long ackTimeout;
    private final long timeout;
    private final Map<String, Tx> txns = new LinkedHashMap<>();
    private int round;
    /** Transactions reported aborted by presumption: a late Submit for one must not start it. */
    private final TreeSet<String> presumed = new TreeSet<>();

    public Coordinator(Context<ThreePcMessage> ctx) {
        this.ctx = ctx;
        this.log = new TxnLog(ctx);
        this.retry = ctx.params().getLong("retry", 40);
        this.voteTimeout = ctx.params().getLong("voteTimeout", 150);
        this.ackTimeout = ctx.params().getLong("ackTimeout", 150);
        this.timeout = ctx.params().getLong("timeout", 300);
    }

    @Override
    public void onStart() {
        for (LogRecord r : log.recover()) {
            switch (r.kind()) {
                case "PRECOMMIT" -> txns.put(r.txn(), new Tx(r.body(), Phase.RECOVERING));
                case "COMMIT" -> txns.computeIfAbsent(r.txn(), k -> new Tx(r.body(), Phase.COMMITTED)).phase = Phase.COMMITTED;
                case "ABORT" -> txns.computeIfAbsent(r.txn(), k -> new Tx(r.body(), Phase.ABORTED)).phase = Phase.ABORTED;
                default -> { }
            }
        }
        for (Tx tx : txns.values()) {
            if (tx.phase == Phase.RECOVERING) {
                ctx.note("recovery: " + tx.body.id() + " pre-committed, undecided: ask the participants");
                ctx.setTimer(new AskAgain(tx.body.id()), 0);
            } else if (tx.phase == Phase.COMMITTED) {
                broadcast(tx, new ThreePcMessage.DoCommit(tx.body.id()));
            }
        }
        publish();
    }

    @Override
    public void onMessage(NodeId from, ThreePcMessage m) {
        if (m instanceof ThreePcMessage.Submit s) {
            onSubmit(s);
        } else if (m instanceof ThreePcMessage.Vote v) {
            onVote(from, v);
        } else if (m instanceof ThreePcMessage.Ack a) {
            Tx tx = txns.get(a.txn());
            if (tx != null && tx.phase == Phase.PRECOMMITTING) {
                tx.acked.add(from.name());
                if (tx.acked.size() == tx.body.participants().size()) {
                    commit(tx);
                } else {
                    publish();
                }
            }
        } else if (m instanceof ThreePcMessage.StateReq q) {
            ctx.send(from, new ThreePcMessage.StateReport(q.txn(), q.round(), reportState(q.txn()),
                    txns.containsKey(q.txn()) && txns.get(q.txn()).phase == Phase.RECOVERING));
        } else if (m instanceof ThreePcMessage.StateReport r) {
            Tx tx = txns.get(r.txn());
            if (tx != null && tx.phase == Phase.RECOVERING && (r.state().equals("COMMITTED") || r.state().equals("ABORTED"))) {
                adopt(tx, r.state().equals("COMMITTED"), from);
            }
        } else if (m instanceof ThreePcMessage.DoCommit d) {
            Tx tx = txns.get(d.txn());
            if (tx != null && (tx.phase == Phase.RECOVERING || tx.phase == Phase.PRECOMMITTING)) {
                adopt(tx, true, from); // a backup coordinator decided
            }
        } else if (m instanceof ThreePcMessage.Abort a) {
            Tx tx = txns.get(a.txn());
            if (tx != null && (tx.phase == Phase.RECOVERING || tx.phase == Phase.COLLECTING)) {
                adopt(tx, false, from);
            }
        } else if (m instanceof ThreePcMessage.Query q) {
            String s = reportState(q.txn());
            if (s.equals("COMMITTED") || s.equals("ABORTED")) {
                ctx.send(from, new ThreePcMessage.Outcome(q.txn(), s.equals("COMMITTED")));
            }
        }
    }

    /** What this coordinator can say about a transaction. */
    private String reportState(String txn) {
        Tx tx = txns.get(txn);
        if (tx == null) {
            presumed.add(txn);
            return "ABORTED"; // no PRECOMMIT record: it never sent PreCommit, so commit is impossible
        }
        return switch (tx.phase) {
            case COLLECTING -> "INIT";
            case PRECOMMITTING, RECOVERING -> "PRECOMMIT";
            case COMMITTED -> "COMMITTED";
            default -> "ABORTED";
        };
    }

    private void onSubmit(ThreePcMessage.Submit s) {
        if (presumed.contains(s.txn())) {
            return;
        }
        Tx known = txns.get(s.txn());
        if (known != null) {
            if (known.phase == Phase.COMMITTED || known.phase == Phase.ABORTED) {
                ctx.send(NodeId.of(known.body.client()), new ThreePcMessage.Outcome(s.txn(), known.phase == Phase.COMMITTED));
            }
            return;
        }
        Tx tx = new Tx(s.body(), Phase.COLLECTING);
        txns.put(s.txn(), tx);
        broadcast(tx, new ThreePcMessage.CanCommit(s.txn(), s.body()));
        ctx.setTimer(new VoteRetry(s.txn()), retry);
        ctx.setTimer(new VoteTimeout(s.txn()), voteTimeout);
        publish();
    }

    private void onVote(NodeId from, ThreePcMessage.Vote v) {
        Tx tx = txns.get(v.txn());
        if (tx == null || tx.phase != Phase.COLLECTING) {
            return;
        }
        if (!v.yes()) {
            tx.no.add(from.name());
            abort(tx);
            return;
        }
        tx.yes.add(from.name());
        if (tx.yes.size() == tx.body.participants().size()) {
            log.force(new LogRecord("PRECOMMIT", v.txn(), tx.body));
            tx.phase = Phase.PRECOMMITTING;
            broadcast(tx, new ThreePcMessage.PreCommit(v.txn()));
            ctx.setTimer(new AckRetry(v.txn()), retry);
            ctx.setTimer(new AckTimeout(v.txn()), ackTimeout);
        }
        publish();
    }

    private void commit(Tx tx) {
        log.force(new LogRecord("COMMIT", tx.body.id(), tx.body));
        tx.phase = Phase.COMMITTED;
        broadcast(tx, new ThreePcMessage.DoCommit(tx.body.id()));
        ctx.send(NodeId.of(tx.body.client()), new ThreePcMessage.Outcome(tx.body.id(), true));
        publish();
    }

    private void abort(Tx tx) {
        tx.phase = Phase.ABORTED;
        for (String p : tx.body.participants()) {
            if (!tx.no.contains(p)) {
                ctx.send(NodeId.of(p), new ThreePcMessage.Abort(tx.body.id()));
            }
        }
        ctx.send(NodeId.of(tx.body.client()), new ThreePcMessage.Outcome(tx.body.id(), false));
        publish();
    }

    /** A recovering coordinator learns the decision someone else made. */
    private void adopt(Tx tx, boolean commit, NodeId from) {
        ctx.note("learned " + (commit ? "commit" : "abort") + " of " + tx.body.id() + " from " + from);
        log.lazy(new LogRecord(commit ? "COMMIT" : "ABORT", tx.body.id(), tx.body));
        tx.phase = commit ? Phase.COMMITTED : Phase.ABORTED;
        ctx.send(NodeId.of(tx.body.client()), new ThreePcMessage.Outcome(tx.body.id(), commit));
        publish();
    }

    private void broadcast(Tx tx, ThreePcMessage m) {
        for (String p : tx.body.participants()) {
            ctx.send(NodeId.of(p), m);
        }
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof VoteRetry r) {
            Tx tx = txns.get(r.txn());
            if (tx != null && tx.phase == Phase.COLLECTING) {
                for (String p : tx.body.participants()) {
                    if (!tx.yes.contains(p)) {
                        ctx.send(NodeId.of(p), new ThreePcMessage.CanCommit(tx.body.id(), tx.body));
                    }
                }
                ctx.setTimer(r, retry);
            }
        } else if (t instanceof VoteTimeout vt) {
            Tx tx = txns.get(vt.txn());
            if (tx != null && tx.phase == Phase.COLLECTING) {
                ctx.note("vote timeout " + vt.txn() + ": abort");
                abort(tx);
            }
        } else if (t instanceof AckRetry r) {
            Tx tx = txns.get(r.txn());
            if (tx != null && tx.phase == Phase.PRECOMMITTING) {
                for (String p : tx.body.participants()) {
                    if (!tx.acked.contains(p)) {
                        ctx.send(NodeId.of(p), new ThreePcMessage.PreCommit(tx.body.id()));
                    }
                }
                ctx.setTimer(r, retry);
            }
        } else if (t instanceof AckTimeout at) {
            Tx tx = txns.get(at.txn());
            if (tx != null && tx.phase == Phase.PRECOMMITTING) {
                ctx.note("ack timeout " + at.txn() + ": commit without " + missing(tx));
                commit(tx);
            }
        } else if (t instanceof AskAgain a) {
            Tx tx = txns.get(a.txn());
            if (tx != null && tx.phase == Phase.RECOVERING) {
                round++;
                broadcast(tx, new ThreePcMessage.StateReq(a.txn(), round));
                ctx.setTimer(a, timeout);
            }
        }
    }

    private String missing(Tx tx) {
        TreeSet<String> m = new TreeSet<>(tx.body.participants());
        m.removeAll(tx.acked);
        return String.join(",", m);
    }

    private void publish() {
        Map<String, String> view = new TreeMap<>();
        int open = 0;
        for (Map.Entry<String, Tx> e : txns.entrySet()) {
            view.put(e.getKey(), e.getValue().phase.name());
            Phase p = e.getValue().phase;
            if (p != Phase.COMMITTED && p != Phase.ABORTED) {
                open++;
            }
        }
        ctx.publish(new CoordinatorView("coordinator", "3PC, " + open + " open, " + txns.size() + " txns",
                Sorted.copy(view), log.tail()));
    }

    /** For tests: the phase of a transaction here, or null if unknown. */
    public String phase(String txn) {
        Tx tx = txns.get(txn);
        return tx == null ? null : tx.phase.name();
    }
}
