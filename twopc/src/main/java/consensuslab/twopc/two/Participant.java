package consensuslab.twopc.two;

import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import consensuslab.twopc.LockedStore;
import consensuslab.twopc.LogRecord;
import consensuslab.twopc.ParticipantView;
import consensuslab.twopc.Txn;
import consensuslab.twopc.TxnLog;
import consensuslab.twopc.Settings;
import consensuslab.twopc.TxnState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A two-phase-commit participant (resource manager), n2..nN, with its own key-value store.
 *
 * <ul>
 * <li>On Prepare it locks the keys it must write; on a lock conflict, or with probability
 * {@code noVoteRate} (an injected fault), it aborts and votes no. Otherwise it <b>forces a
 * PREPARED record</b> (with the writes, so recovery can redo them) and then votes yes: READY, in
 * doubt, locks held.</li>
 * <li>A READY participant never decides alone. After {@code timeout} ms without a decision it asks
 * the coordinator <em>and its peers</em> (cooperative termination), and asks again every
 * {@code timeout} ms until one answers.</li>
 * <li>Commit: <b>force COMMIT</b>, apply, release, Ack (presumed abort: the coordinator forgets
 * after all acks). Abort: a lazy ABORT record, release, no ack.</li>
 * <li>Asked by an in-doubt peer: it answers a decision it knows; if it never voted yes it aborts
 * unilaterally (forcing ABORT, so that it votes no if the Prepare comes later) and answers abort;
 * if it is in doubt too, it stays silent.</li>
 * <li>Recovery ({@link ParticipantRecovery}, lab 1's exercise): replays the log: COMMIT records rebuild the store, PREPARED without a decision is
 * READY again (locks re-taken) and asks at once; no record at all means it never voted yes.</li>
 * </ul>
 */
public final class Participant implements Node<TwoPcMessage> {

    /** In doubt too long: ask the coordinator and the peers. */
    public record DecisionTimeout(String txn) implements Timer {
    }

    private static final class Tx {
        final Txn body;
        TxnState state;
        long timer = -1;

        Tx(Txn body, TxnState state) {
            this.body = body;
            this.state = state;
        }
    }

    private final Context<TwoPcMessage> ctx;
    private final TxnLog log;
    private final LockedStore kv = new LockedStore();
    private final Map<String, Tx> txns = new LinkedHashMap<>();
    private final long timeout;
    private final double noVoteRate;
    /** {@code bug=noforce}: a planted bug for the property tests to find: PREPARED is not forced. */
    private final boolean noForceBug;
    private final NodeId coordinator = NodeId.server(1);

    private final ParticipantRecovery recovery;
    /** How many numbers this instance drew from {@code ctx.random()}: with the incarnation, the random source's state. */
    private int draws;

    public Participant(Context<TwoPcMessage> ctx, ParticipantRecovery recovery) {
        this.ctx = ctx;
        this.recovery = recovery;
        this.log = new TxnLog(ctx);
        this.timeout = ctx.params().getLong("timeout", 200);
        this.noVoteRate = Settings.probability(ctx.params(), "noVoteRate", 0.05);
        this.noForceBug = "noforce".equals(ctx.params().get("bug", ""));
    }

    private String me() {
        return ctx.id().name();
    }

    @Override
    public void onStart() {
        List<LogRecord> records = log.recover();
        Map<String, Txn> bodies = new HashMap<>();
        for (LogRecord r : records) {
            if (r.kind().equals("PREPARED")) {
                bodies.put(r.txn(), r.body());
            }
        }
        ParticipantRecovery.Recovered back = recovery.recover(records, me());
        back.states().forEach((txn, state) -> txns.put(txn, new Tx(bodies.get(txn), state)));
        kv.apply(back.store());
        for (Tx tx : txns.values()) {
            if (tx.state == TxnState.READY) {
                kv.relock(tx.body.id(), tx.body.writesAt(me()).keySet());
                ctx.note("recovery: " + tx.body.id() + " in doubt (READY): ask");
                tx.timer = ctx.setTimer(new DecisionTimeout(tx.body.id()), 0);
            }
        }
        publish();
    }

    @Override
    public void onMessage(NodeId from, TwoPcMessage m) {
        if (m instanceof TwoPcMessage.Prepare p) {
            onPrepare(from, p);
        } else if (m instanceof TwoPcMessage.Commit c) {
            Tx tx = txns.get(c.txn());
            if (tx != null && tx.state == TxnState.READY) {
                commit(tx);
            }
            if (tx != null && tx.state == TxnState.COMMITTED) {
                ctx.send(from, new TwoPcMessage.Ack(c.txn()));
            }
        } else if (m instanceof TwoPcMessage.Abort a) {
            abort(a.txn());
        } else if (m instanceof TwoPcMessage.PeerDecision d) {
            Tx tx = txns.get(d.txn());
            if (tx != null && tx.state == TxnState.READY) {
                ctx.note("cooperative termination: " + from + " says " + (d.commit() ? "commit" : "abort") + " " + d.txn());
                if (d.commit()) {
                    commit(tx);
                } else {
                    abort(d.txn());
                }
            }
        } else if (m instanceof TwoPcMessage.DecisionRequest d) {
            onPeerAsks(from, d.txn());
        }
    }

    private void onPrepare(NodeId from, TwoPcMessage.Prepare p) {
        Tx tx = txns.get(p.txn());
        if (tx != null) {
            if (tx.state == TxnState.READY || tx.state == TxnState.COMMITTED) {
                ctx.send(from, new TwoPcMessage.Vote(p.txn(), true)); // a resent Prepare: same vote
            } else if (tx.state == TxnState.ABORTED) {
                ctx.send(from, new TwoPcMessage.Vote(p.txn(), false));
            }
            return;
        }
        tx = new Tx(p.body(), TxnState.INIT);
        txns.put(p.txn(), tx);
        publish();
        boolean locked = kv.tryLock(p.txn(), p.body().writesAt(me()).keySet());
        boolean injected = noVoteRate > 0 && draw() < noVoteRate;
        if (!locked || injected) {
            ctx.note("vote no on " + p.txn() + (locked ? " (injected fault)" : " (lock conflict)"));
            kv.release(p.txn());
            tx.state = TxnState.ABORTED;
            ctx.send(from, new TwoPcMessage.Vote(p.txn(), false));
            publish();
            return;
        }
        LogRecord prepared = new LogRecord("PREPARED", p.txn(), p.body());
        if (noForceBug) {
            log.lazy(prepared); // planted bug: the yes vote is not durable
        } else {
            log.force(prepared); // before voting yes
        }
        tx.state = TxnState.READY;
        ctx.send(from, new TwoPcMessage.Vote(p.txn(), true));
        tx.timer = ctx.setTimer(new DecisionTimeout(p.txn()), timeout);
        publish();
    }

    private void commit(Tx tx) {
        log.force(new LogRecord("COMMIT", tx.body.id(), null));
        ctx.cancelTimer(tx.timer);
        kv.apply(tx.body.writesAt(me()));
        kv.release(tx.body.id());
        tx.state = TxnState.COMMITTED;
        publish();
    }

    private void abort(String txn) {
        Tx tx = txns.get(txn);
        if (tx == null) {
            txns.put(txn, new Tx(null, TxnState.ABORTED)); // a later Prepare gets a no
            publish();
            return;
        }
        if (tx.state == TxnState.COMMITTED || tx.state == TxnState.ABORTED) {
            return;
        }
        if (tx.state == TxnState.READY) {
            log.lazy(new LogRecord("ABORT", txn, null));
        }
        ctx.cancelTimer(tx.timer);
        kv.release(txn);
        tx.state = TxnState.ABORTED;
        publish();
    }

    private void onPeerAsks(NodeId from, String txn) {
        Tx tx = txns.get(txn);
        if (tx == null) {
            // Never voted yes: abort unilaterally, durably, so a late Prepare gets a no.
            log.force(new LogRecord("ABORT", txn, null));
            txns.put(txn, new Tx(null, TxnState.ABORTED));
            publish();
            ctx.send(from, new TwoPcMessage.PeerDecision(txn, false));
        } else if (tx.state.decided()) {
            ctx.send(from, new TwoPcMessage.PeerDecision(txn, tx.state == TxnState.COMMITTED));
        }
        // READY (or INIT): in doubt too, nothing to say.
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof DecisionTimeout d) {
            Tx tx = txns.get(d.txn());
            if (tx != null && tx.state == TxnState.READY) {
                ctx.send(coordinator, new TwoPcMessage.DecisionRequest(d.txn()));
                for (String p : tx.body.participants()) {
                    if (!p.equals(me())) {
                        ctx.send(NodeId.of(p), new TwoPcMessage.DecisionRequest(d.txn()));
                    }
                }
                tx.timer = ctx.setTimer(d, timeout);
            }
        }
    }

    private void publish() {
        Map<String, String> view = new TreeMap<>();
        int ready = 0;
        int committed = 0;
        int aborted = 0;
        for (Map.Entry<String, Tx> e : txns.entrySet()) {
            TxnState s = e.getValue().state;
            view.put(e.getKey(), s.name());
            if (s.inDoubt()) {
                ready++;
            } else if (s == TxnState.COMMITTED) {
                committed++;
            } else if (s == TxnState.ABORTED) {
                aborted++;
            }
        }
        ctx.publish(new ParticipantView("participant", "ready " + ready + " · C" + committed + " A" + aborted,
                java.util.Collections.unmodifiableMap(view), kv.locks(), kv.store(), log.tail()));
    }

    private double draw() {
        draws++;
        return ctx.random().nextDouble();
    }

    /** This participant's memory as a value, for the exhaustive search (it reads no clock). */
    public record Key(List<TxKey> txns, Map<String, String> store, Map<String, String> locks, List<String> log, int draws) {
    }

    /** One transaction's memory, with the handle of its decision timer. */
    public record TxKey(String txn, Txn body, TxnState state, long timer) {
    }

    /**
     * Null with {@code maxBlocking} set: the blocking-time checker then judges how long a participant
     * has been in doubt, which its state does not show.
     */
    @Override
    public Key stateKey() {
        if (ctx.params().getLong("maxBlocking", -1) >= 0) {
            return null;
        }
        List<TxKey> keys = new ArrayList<>();
        txns.forEach((id, tx) -> keys.add(new TxKey(id, tx.body, tx.state, tx.timer)));
        return new Key(keys, kv.store(), kv.locks(), log.tail(), draws);
    }

    /** For tests: this participant's state for a transaction, or null if unknown. */
    public TxnState state(String txn) {
        Tx tx = txns.get(txn);
        return tx == null ? null : tx.state;
    }
}
