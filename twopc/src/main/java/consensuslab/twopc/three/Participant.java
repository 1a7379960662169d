package consensuslab.twopc.three;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A three-phase-commit participant, n2..nN; it also plays the <em>backup coordinator</em> of the
 * termination protocol.
 *
 * <ul>
 * <li>CanCommit: lock or vote no (conflict, or {@code noVoteRate}); otherwise <b>force
 * PREPARED</b>, vote yes: READY. PreCommit: <b>force PRECOMMIT</b>, Ack: PRECOMMIT. DoCommit:
 * apply, release: COMMITTED. Abort: release: ABORTED.</li>
 * <li>Termination: in doubt for {@code timeout} ms without hearing from the coordinator, it takes
 * the coordinator for dead and sends StateReq to every other site; the reports that arrive within
 * {@code collect} ms say who is alive. The lowest live participant that was up all along (not
 * recovered) becomes the backup coordinator and decides from the states: a decision anyone knows
 * wins; else commit if any participant is PRECOMMIT (first moving the READY ones to PRECOMMIT and
 * collecting their acks), otherwise abort. The others wait {@code timeout} ms and run the protocol
 * again if nothing came.</li>
 * <li>Recovery: a participant that finds an undecided PREPARED or PRECOMMIT in its log is
 * <em>recovered</em>: it missed what happened while it was down, so it asks everyone at once and
 * adopts any decision reported; it may act as backup only when every site, the coordinator
 * included, has answered (then the states it sees are complete).</li>
 * <li>The timeout is the failure detector. Across a partition it is wrong: each side terminates on
 * its own, and one side may commit while the other aborts. That is 3PC's textbook weakness, and
 * this class reproduces it faithfully.</li>
 * </ul>
 */
public final class Participant implements Node<ThreePcMessage> {

    /** In doubt too long: run the termination protocol. */
    public record TermTimeout(String txn) implements Timer {
    }

    /** The StateReq round's reports are in. */
    public record CollectTimeout(String txn, int round) implements Timer {
    }

    /** As backup: stop waiting for PreCommit acks and commit. */
    public record BackupAckTimeout(String txn, int round) implements Timer {
    }

    private record Report(String state, boolean recovered) {
    }

    private static final class Tx {
        final Txn body;
        TxnState state;
        boolean recovered;
        long timer = -1;
        int round;
        boolean collecting;
        boolean backupPrecommitting;
        final TreeMap<String, Report> reports = new TreeMap<>();
        final TreeSet<String> waiting = new TreeSet<>();

        Tx(Txn body, TxnState state) {
            this.body = body;
            this.state = state;
        }
    }

    private final Context<ThreePcMessage> ctx;
    private final TxnLog log;
    private final LockedStore kv = new LockedStore();
    private final Map<String, Tx> txns = new LinkedHashMap<>();
    private final long timeout;
    private final long collect;
    private final double noVoteRate;
    /** {@code bug=noforce}: a planted bug for the property tests to find: PREPARED is not forced. */
    private final boolean noForceBug;

    public Participant(Context<ThreePcMessage> ctx) {
        this.ctx = ctx;
        this.log = new TxnLog(ctx);
        this.timeout = ctx.params().getLong("timeout", 300);
        this.collect = ctx.params().getLong("collect", 25);
        this.noVoteRate = Settings.probability(ctx.params(), "noVoteRate", 0.05);
        this.noForceBug = "noforce".equals(ctx.params().get("bug", ""));
    }

    private String me() {
        return ctx.id().name();
    }

    @Override
    public void onStart() {
        for (LogRecord r : log.recover()) {
            Tx tx = txns.get(r.txn());
            switch (r.kind()) {
                case "PREPARED" -> txns.put(r.txn(), new Tx(r.body(), TxnState.READY));
                case "PRECOMMIT" -> {
                    if (tx != null) {
                        tx.state = TxnState.PRECOMMIT;
                    }
                }
                case "COMMIT" -> {
                    if (tx != null) {
                        tx.state = TxnState.COMMITTED;
                        kv.apply(tx.body.writesAt(me()));
                    }
                }
                case "ABORT" -> txns.computeIfAbsent(r.txn(), k -> new Tx(null, TxnState.ABORTED)).state = TxnState.ABORTED;
                default -> { }
            }
        }
        for (Tx tx : txns.values()) {
            if (tx.state.inDoubt()) {
                tx.recovered = true;
                kv.relock(tx.body.id(), tx.body.writesAt(me()).keySet());
                ctx.note("recovery: " + tx.body.id() + " in doubt (" + tx.state + "): ask everyone");
                tx.timer = ctx.setTimer(new TermTimeout(tx.body.id()), 0);
            }
        }
        publish();
    }

    @Override
    public void onMessage(NodeId from, ThreePcMessage m) {
        if (m instanceof ThreePcMessage.CanCommit c) {
            onCanCommit(from, c);
        } else if (m instanceof ThreePcMessage.PreCommit p) {
            Tx tx = txns.get(p.txn());
            if (tx == null) {
                return;
            }
            if (tx.state == TxnState.READY) {
                log.force(new LogRecord("PRECOMMIT", p.txn(), null));
                tx.state = TxnState.PRECOMMIT;
                rearm(tx);
                publish();
            }
            if (tx.state == TxnState.PRECOMMIT || tx.state == TxnState.COMMITTED) {
                ctx.send(from, new ThreePcMessage.Ack(p.txn()));
            } else if (tx.state == TxnState.ABORTED) {
                ctx.note("PreCommit for " + p.txn() + " from " + from + " ignored: already aborted");
            }
        } else if (m instanceof ThreePcMessage.DoCommit d) {
            Tx tx = txns.get(d.txn());
            if (tx != null && tx.state == TxnState.ABORTED) {
                ctx.note("DoCommit for " + d.txn() + " from " + from + " ignored: already aborted");
            } else if (tx != null && !tx.state.decided()) {
                commit(tx);
            }
        } else if (m instanceof ThreePcMessage.Abort a) {
            Tx tx = txns.get(a.txn());
            if (tx != null && tx.state == TxnState.COMMITTED) {
                ctx.note("Abort for " + a.txn() + " from " + from + " ignored: already committed");
            } else {
                abort(a.txn());
            }
        } else if (m instanceof ThreePcMessage.StateReq q) {
            onStateReq(from, q);
        } else if (m instanceof ThreePcMessage.StateReport r) {
            onReport(from, r);
        } else if (m instanceof ThreePcMessage.Ack a) {
            Tx tx = txns.get(a.txn());
            if (tx != null && tx.backupPrecommitting) {
                tx.waiting.remove(from.name());
                if (tx.waiting.isEmpty()) {
                    finishCommit(tx);
                }
            }
        } else if (m instanceof ThreePcMessage.Query q) {
            Tx tx = txns.get(q.txn());
            if (tx != null && tx.state.decided()) {
                ctx.send(from, new ThreePcMessage.Outcome(q.txn(), tx.state == TxnState.COMMITTED));
            }
        }
    }

    private void onCanCommit(NodeId from, ThreePcMessage.CanCommit c) {
        Tx tx = txns.get(c.txn());
        if (tx != null) {
            if (tx.state == TxnState.ABORTED) {
                ctx.send(from, new ThreePcMessage.Vote(c.txn(), false));
            } else if (tx.state != TxnState.INIT) {
                ctx.send(from, new ThreePcMessage.Vote(c.txn(), true));
            }
            return;
        }
        tx = new Tx(c.body(), TxnState.INIT);
        txns.put(c.txn(), tx);
        publish();
        boolean locked = kv.tryLock(c.txn(), c.body().writesAt(me()).keySet());
        boolean injected = noVoteRate > 0 && ctx.random().nextDouble() < noVoteRate;
        if (!locked || injected) {
            ctx.note("vote no on " + c.txn() + (locked ? " (injected fault)" : " (lock conflict)"));
            kv.release(c.txn());
            tx.state = TxnState.ABORTED;
            ctx.send(from, new ThreePcMessage.Vote(c.txn(), false));
            publish();
            return;
        }
        LogRecord prepared = new LogRecord("PREPARED", c.txn(), c.body());
        if (noForceBug) {
            log.lazy(prepared); // planted bug: the yes vote is not durable
        } else {
            log.force(prepared); // before voting yes
        }
        tx.state = TxnState.READY;
        ctx.send(from, new ThreePcMessage.Vote(c.txn(), true));
        rearm(tx);
        publish();
    }

    private void rearm(Tx tx) {
        ctx.cancelTimer(tx.timer);
        tx.timer = ctx.setTimer(new TermTimeout(tx.body.id()), timeout);
    }

    private void commit(Tx tx) {
        log.lazy(new LogRecord("COMMIT", tx.body.id(), null));
        ctx.cancelTimer(tx.timer);
        kv.apply(tx.body.writesAt(me()));
        kv.release(tx.body.id());
        tx.state = TxnState.COMMITTED;
        tx.backupPrecommitting = false;
        publish();
    }

    private void abort(String txn) {
        Tx tx = txns.get(txn);
        if (tx == null) {
            txns.put(txn, new Tx(null, TxnState.ABORTED));
            publish();
            return;
        }
        if (tx.state.decided()) {
            return;
        }
        if (tx.state.inDoubt()) {
            log.lazy(new LogRecord("ABORT", txn, null));
        }
        ctx.cancelTimer(tx.timer);
        kv.release(txn);
        tx.state = TxnState.ABORTED;
        tx.backupPrecommitting = false;
        publish();
    }

    private void onStateReq(NodeId from, ThreePcMessage.StateReq q) {
        Tx tx = txns.get(q.txn());
        if (tx == null) {
            // Never voted yes (or the vote was no): abort unilaterally and durably, then say so.
            log.force(new LogRecord("ABORT", q.txn(), null));
            tx = new Tx(null, TxnState.ABORTED);
            txns.put(q.txn(), tx);
            publish();
        }
        ctx.send(from, new ThreePcMessage.StateReport(q.txn(), q.round(), tx.state.name(), tx.recovered));
    }

    private void onReport(NodeId from, ThreePcMessage.StateReport r) {
        Tx tx = txns.get(r.txn());
        if (tx == null || !tx.state.inDoubt()) {
            return;
        }
        if (r.state().equals("COMMITTED") || r.state().equals("ABORTED")) {
            ctx.note("termination: " + from + " reports " + r.state() + " for " + r.txn());
            if (r.state().equals("COMMITTED")) {
                commit(tx);
            } else {
                abort(r.txn());
            }
            return;
        }
        if (tx.collecting && r.round() == tx.round) {
            tx.reports.put(from.name(), new Report(r.state(), r.recovered()));
        }
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof TermTimeout tt) {
            Tx tx = txns.get(tt.txn());
            if (tx != null && tx.state.inDoubt() && !tx.backupPrecommitting) {
                tx.round++;
                tx.collecting = true;
                tx.reports.clear();
                for (NodeId n : ctx.servers()) {
                    if (!n.equals(ctx.id())) {
                        ctx.send(n, new ThreePcMessage.StateReq(tt.txn(), tx.round));
                    }
                }
                tx.timer = ctx.setTimer(new CollectTimeout(tt.txn(), tx.round), collect);
            }
        } else if (t instanceof CollectTimeout ct) {
            Tx tx = txns.get(ct.txn());
            if (tx != null && tx.state.inDoubt() && tx.collecting && ct.round() == tx.round) {
                tx.collecting = false;
                terminate(tx);
            }
        } else if (t instanceof BackupAckTimeout bt) {
            Tx tx = txns.get(bt.txn());
            if (tx != null && tx.backupPrecommitting && bt.round() == tx.round) {
                finishCommit(tx);
            }
        }
    }

    /** The termination protocol's decision step, once a round's reports are in. */
    private void terminate(Tx tx) {
        Map<String, Report> all = new TreeMap<>(tx.reports);
        all.put(me(), new Report(tx.state.name(), tx.recovered));
        String coordinator = NodeId.server(1).name();
        TreeSet<String> continuous = new TreeSet<>((a, b) -> NodeId.of(a).compareTo(NodeId.of(b)));
        TreeSet<String> participants = new TreeSet<>(continuous.comparator());
        for (Map.Entry<String, Report> e : all.entrySet()) {
            if (e.getKey().equals(coordinator)) {
                continue;
            }
            participants.add(e.getKey());
            if (!e.getValue().recovered()) {
                continuous.add(e.getKey());
            }
        }
        String backup;
        if (!continuous.isEmpty()) {
            backup = continuous.first();
        } else if (all.size() == ctx.servers().size()) {
            backup = participants.first(); // every site answered: the states are complete
        } else {
            ctx.note("termination " + tx.body.id() + ": recovered, and not every site answered: wait");
            tx.timer = ctx.setTimer(new TermTimeout(tx.body.id()), timeout);
            return;
        }
        if (!backup.equals(me())) {
            tx.timer = ctx.setTimer(new TermTimeout(tx.body.id()), timeout);
            return;
        }
        boolean anyPre = false;
        for (String p : participants) {
            anyPre |= all.get(p).state().equals("PRECOMMIT");
        }
        ctx.note("termination " + tx.body.id() + ": backup " + me() + " with " + String.join(",", all.keySet())
                + " alive, decides " + (anyPre ? "commit" : "abort"));
        if (!anyPre) {
            abort(tx.body.id());
            for (NodeId n : ctx.servers()) {
                if (!n.equals(ctx.id())) {
                    ctx.send(n, new ThreePcMessage.Abort(tx.body.id()));
                }
            }
            ctx.send(NodeId.of(tx.body.client()), new ThreePcMessage.Outcome(tx.body.id(), false));
            return;
        }
        if (tx.state == TxnState.READY) {
            log.force(new LogRecord("PRECOMMIT", tx.body.id(), null));
            tx.state = TxnState.PRECOMMIT;
        }
        tx.waiting.clear();
        for (String p : participants) {
            if (all.get(p).state().equals("READY") || all.get(p).state().equals("INIT")) {
                tx.waiting.add(p);
            }
        }
        tx.backupPrecommitting = true;
        publish();
        if (tx.waiting.isEmpty()) {
            finishCommit(tx);
            return;
        }
        for (String p : tx.waiting) {
            ctx.send(NodeId.of(p), new ThreePcMessage.PreCommit(tx.body.id()));
        }
        tx.timer = ctx.setTimer(new BackupAckTimeout(tx.body.id(), tx.round), collect);
    }

    private void finishCommit(Tx tx) {
        commit(tx);
        for (NodeId n : ctx.servers()) {
            if (!n.equals(ctx.id())) {
                ctx.send(n, new ThreePcMessage.DoCommit(tx.body.id()));
            }
        }
        ctx.send(NodeId.of(tx.body.client()), new ThreePcMessage.Outcome(tx.body.id(), true));
    }

    private void publish() {
        Map<String, String> view = new TreeMap<>();
        int doubt = 0;
        int committed = 0;
        int aborted = 0;
        for (Map.Entry<String, Tx> e : txns.entrySet()) {
            TxnState s = e.getValue().state;
            view.put(e.getKey(), s.name());
            if (s.inDoubt()) {
                doubt++;
            } else if (s == TxnState.COMMITTED) {
                committed++;
            } else if (s == TxnState.ABORTED) {
                aborted++;
            }
        }
        ctx.publish(new ParticipantView("participant", "in doubt " + doubt + " · C" + committed + " A" + aborted,
                Collections.unmodifiableMap(view), kv.locks(), kv.store(), log.tail()));
    }

    /** For tests: this participant's state for a transaction, or null if unknown. */
    public TxnState state(String txn) {
        Tx tx = txns.get(txn);
        return tx == null ? null : tx.state;
    }
}
