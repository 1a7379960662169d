package consensuslab.twopc.two;

import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import consensuslab.twopc.CoordinatorView;
import consensuslab.twopc.LogRecord;
import consensuslab.twopc.Sorted;
import consensuslab.twopc.Txn;
import consensuslab.twopc.TxnLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The two-phase-commit coordinator (transaction manager), n1, with presumed abort.
 *
 * <ul>
 * <li>Phase 1: on a client's Submit it writes a lazy BEGIN record and sends Prepare to every
 * participant, resending to the silent ones every {@code retry} ms; a no vote, or missing votes
 * after {@code voteTimeout} ms, decide abort.</li>
 * <li>Phase 2: with every vote yes it <b>forces COMMIT</b> and only then sends Commit (and the
 * outcome to the client); it resends Commit until each participant acks, then writes a lazy END and
 * forgets. Abort is never logged and never acknowledged (presumed abort): a transaction the
 * coordinator does not know is aborted.</li>
 * <li>Recovery: COMMIT without END: send Commit again. BEGIN without COMMIT: abort it and tell
 * the participants and the client. Anything else the log does not show: presumed aborted.</li>
 * </ul>
 */
public final class Coordinator implements Node<TwoPcMessage> {

    /** Phase-1 retransmission for one transaction. */
    public record VoteRetry(String txn) implements Timer {
    }

    /** Phase 1 gives up: missing votes count as no. */
    public record VoteTimeout(String txn) implements Timer {
    }

    /** Phase-2 retransmission of Commit to participants that have not acked. */
    public record CommitRetry(String txn) implements Timer {
    }

    private enum Phase { COLLECTING, COMMITTED, ABORTED, ENDED }

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

    private final Context<TwoPcMessage> ctx;
    private final TxnLog log;
    private final long retry;
    private final long voteTimeout;
    private final Map<String, Tx> txns = new LinkedHashMap<>();
    /** Transactions answered "aborted" by presumption: a late Submit for one must not start it. */
    private final TreeSet<String> presumed = new TreeSet<>();

    public Coordinator(Context<TwoPcMessage> ctx) {
        this.ctx = ctx;
        this.log = new TxnLog(ctx);
        this.retry = ctx.params().getLong("retry", 40);
        this.voteTimeout = ctx.params().getLong("voteTimeout", 150);
    }

    @Override
    public void onStart() {
        Map<String, Txn> begun = new LinkedHashMap<>();
        Map<String, Txn> committed = new LinkedHashMap<>();
        TreeSet<String> ended = new TreeSet<>();
        for (LogRecord r : log.recover()) {
            switch (r.kind()) {
                case "BEGIN" -> begun.put(r.txn(), r.body());
                case "COMMIT" -> committed.put(r.txn(), r.body());
                case "END" -> ended.add(r.txn());
                default -> { }
            }
        }
        for (Map.Entry<String, Txn> e : committed.entrySet()) {
            Tx tx = new Tx(e.getValue(), ended.contains(e.getKey()) ? Phase.ENDED : Phase.COMMITTED);
            txns.put(e.getKey(), tx);
            if (tx.phase == Phase.COMMITTED) {
                ctx.note("recovery: " + e.getKey() + " committed, not ended: send Commit again");
                sendCommit(tx);
                ctx.send(NodeId.of(tx.body.client()), new TwoPcMessage.Outcome(e.getKey(), true));
            }
        }
        for (Map.Entry<String, Txn> e : begun.entrySet()) {
            if (committed.containsKey(e.getKey()) || ended.contains(e.getKey())) {
                continue;
            }
            Tx tx = new Tx(e.getValue(), Phase.COLLECTING);
            txns.put(e.getKey(), tx);
            ctx.note("recovery: " + e.getKey() + " begun, undecided: abort");
            abort(tx);
        }
        publish();
    }

    @Override
    public void onMessage(NodeId from, TwoPcMessage m) {
        if (m instanceof TwoPcMessage.Submit s) {
            onSubmit(s);
        } else if (m instanceof TwoPcMessage.Vote v) {
            onVote(from, v);
        } else if (m instanceof TwoPcMessage.Ack a) {
            onAck(from, a);
        } else if (m instanceof TwoPcMessage.DecisionRequest d) {
            Tx tx = txns.get(d.txn());
            if (tx == null || tx.phase == Phase.ABORTED) {
                ctx.send(from, new TwoPcMessage.Abort(d.txn())); // presumed abort
            } else if (tx.phase == Phase.COMMITTED || tx.phase == Phase.ENDED) {
                ctx.send(from, new TwoPcMessage.Commit(d.txn()));
            }
            // COLLECTING: undecided; the asker will ask again.
        } else if (m instanceof TwoPcMessage.Query q) {
            Tx tx = txns.get(q.txn());
            if (tx == null) {
                presumed.add(q.txn());
                ctx.send(from, new TwoPcMessage.Outcome(q.txn(), false));
            } else if (tx.phase != Phase.COLLECTING) {
                ctx.send(from, new TwoPcMessage.Outcome(q.txn(), tx.phase != Phase.ABORTED));
            }
        }
    }

    private void onSubmit(TwoPcMessage.Submit s) {
        if (presumed.contains(s.txn())) {
            return;
        }
        Tx known = txns.get(s.txn());
        if (known != null) {
            if (known.phase != Phase.COLLECTING) {
                ctx.send(NodeId.of(known.body.client()), new TwoPcMessage.Outcome(s.txn(), known.phase != Phase.ABORTED));
            }
            return;
        }
        Tx tx = new Tx(s.body(), Phase.COLLECTING);
        txns.put(s.txn(), tx);
        log.lazy(new LogRecord("BEGIN", s.txn(), s.body()));
        for (String p : tx.body.participants()) {
            ctx.send(NodeId.of(p), new TwoPcMessage.Prepare(s.txn(), s.body()));
        }
        ctx.setTimer(new VoteRetry(s.txn()), retry);
        ctx.setTimer(new VoteTimeout(s.txn()), voteTimeout);
        publish();
    }

    private void onVote(NodeId from, TwoPcMessage.Vote v) {
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
            log.force(new LogRecord("COMMIT", v.txn(), tx.body)); // the decision is durable before anyone hears it
            tx.phase = Phase.COMMITTED;
            sendCommit(tx);
            ctx.send(NodeId.of(tx.body.client()), new TwoPcMessage.Outcome(v.txn(), true));
            publish();
        } else {
            publish();
        }
    }

    private void sendCommit(Tx tx) {
        for (String p : tx.body.participants()) {
            if (!tx.acked.contains(p)) {
                ctx.send(NodeId.of(p), new TwoPcMessage.Commit(tx.body.id()));
            }
        }
        ctx.setTimer(new CommitRetry(tx.body.id()), retry);
    }

    private void abort(Tx tx) {
        tx.phase = Phase.ABORTED;
        for (String p : tx.body.participants()) {
            if (!tx.no.contains(p)) {
                ctx.send(NodeId.of(p), new TwoPcMessage.Abort(tx.body.id()));
            }
        }
        ctx.send(NodeId.of(tx.body.client()), new TwoPcMessage.Outcome(tx.body.id(), false));
        publish();
    }

    private void onAck(NodeId from, TwoPcMessage.Ack a) {
        Tx tx = txns.get(a.txn());
        if (tx == null || tx.phase != Phase.COMMITTED) {
            return;
        }
        tx.acked.add(from.name());
        if (tx.acked.size() == tx.body.participants().size()) {
            log.lazy(new LogRecord("END", a.txn(), null));
            tx.phase = Phase.ENDED;
        }
        publish();
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof VoteRetry r) {
            Tx tx = txns.get(r.txn());
            if (tx != null && tx.phase == Phase.COLLECTING) {
                for (String p : tx.body.participants()) {
                    if (!tx.yes.contains(p)) {
                        ctx.send(NodeId.of(p), new TwoPcMessage.Prepare(tx.body.id(), tx.body));
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
        } else if (t instanceof CommitRetry cr) {
            Tx tx = txns.get(cr.txn());
            if (tx != null && tx.phase == Phase.COMMITTED) {
                sendCommit(tx);
            }
        }
    }

    private void publish() {
        Map<String, String> view = new TreeMap<>();
        int open = 0;
        for (Map.Entry<String, Tx> e : txns.entrySet()) {
            view.put(e.getKey(), e.getValue().phase.name());
            if (e.getValue().phase == Phase.COLLECTING || e.getValue().phase == Phase.COMMITTED) {
                open++;
            }
        }
        ctx.publish(new CoordinatorView("coordinator", "2PC TM, " + open + " open, " + txns.size() + " txns",
                Sorted.copy(view), log.tail()));
    }

    /** This coordinator's memory as a value, for the exhaustive search: it draws no random numbers and reads no clock. */
    public record Key(List<TxKey> txns, List<String> presumed, List<String> log) {
    }

    /** One transaction's memory. */
    public record TxKey(String txn, Txn body, String phase, List<String> yes, List<String> no, List<String> acked) {
    }

    @Override
    public Key stateKey() {
        List<TxKey> keys = new ArrayList<>();
        txns.forEach((id, tx) -> keys.add(new TxKey(id, tx.body, tx.phase.name(), List.copyOf(tx.yes), List.copyOf(tx.no),
                List.copyOf(tx.acked))));
        return new Key(keys, List.copyOf(presumed), log.tail());
    }

    /** For tests: the phase of a transaction here, or null if unknown. */
    public String phase(String txn) {
        Tx tx = txns.get(txn);
        return tx == null ? null : tx.phase.name();
    }
}
