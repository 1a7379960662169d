package consensuslab.paxos.multi;

import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import consensuslab.paxos.Ballot;
import consensuslab.paxos.LogEntry;
import consensuslab.paxos.Colocated;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Multi-Paxos replica: hosts a {@link Proposer}, an {@link Acceptor} and a {@link Learner}
 * (which holds the key-value store), routes messages to them, and runs the leader failure
 * detector: a follower that hears nothing from a leader for an election timeout (random in
 * [election, 2·election) ms, default 150) becomes a candidate. The leader sends a heartbeat every
 * {@code heartbeat} ms (default 50) and retransmits unanswered Accepts after {@code resend} ms (40).
 * All three run off one periodic {@link Tick} every min(heartbeat, resend)/2 or election/4 ms,
 * whichever is smaller (20 ms by default).
 *
 * <p>Messages to itself (its proposer to its own acceptor) are queued and handled right after the
 * current handler, without crossing the network.
 */
public final class MultiPaxosServer implements Node<MultiPaxosMessage> {

    /** The replica's periodic timer: heartbeats, retransmission, failure detection. */
    public record Tick() implements Timer {
    }

    private final Context<MultiPaxosMessage> ctx;
    private final Learner learner;
    private final Acceptor acceptor;
    private final Proposer proposer;
    private final Colocated<MultiPaxosMessage> colocated;
    private final long heartbeatMs;
    private final long resendMs;
    private final long electionMs;
    private final long tickMs;
    private long electionTimeout;
    private long lastContact;
    private long lastHeartbeat;
    private NodeId leader;
    private final boolean staleReads;

    public MultiPaxosServer(Context<MultiPaxosMessage> ctx) {
        this(ctx, new consensuslab.paxos.reference.ReferenceSlotRecovery());
    }

    public MultiPaxosServer(Context<MultiPaxosMessage> ctx, SlotRecovery recovery) {
        this.ctx = ctx;
        this.colocated = new Colocated<>(ctx);
        this.heartbeatMs = ctx.params().getLong("heartbeat", 50);
        this.resendMs = ctx.params().getLong("resend", 40);
        this.electionMs = ctx.params().getLong("election", 150);
        this.tickMs = Math.max(1, Math.min(Math.min(heartbeatMs, resendMs) / 2, electionMs / 4));
        this.staleReads = "staleread".equals(ctx.params().get("bug", ""));
        this.learner = new Learner(ctx, this);
        this.acceptor = new Acceptor(ctx, this, learner.snapshotSlot());
        this.proposer = new Proposer(ctx, this, recovery);
    }

    @Override
    public void onStart() {
        lastContact = ctx.now();
        // n1 starts campaigning first, so a fresh cluster usually has its leader without a duel.
        electionTimeout = ctx.id().index() == 1 && ctx.now() == 0 ? tickMs : randomTimeout();
        ctx.setTimer(new Tick(), tickMs);
        publish();
    }

    private long randomTimeout() {
        return electionMs + ctx.random().nextLong(electionMs);
    }

    @Override
    public void onMessage(NodeId from, MultiPaxosMessage m) {
        dispatch(from, m);
        drain();
        publish();
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof Tick) {
            long now = ctx.now();
            if (proposer.role() == Proposer.Role.LEADER) {
                if (now - lastHeartbeat >= heartbeatMs) {
                    sendHeartbeat();
                }
            } else if (now - lastContact >= electionTimeout) {
                lastContact = now;
                electionTimeout = randomTimeout();
                leader = null;
                proposer.startElection();
            }
            proposer.tick(resendMs);
            ctx.setTimer(new Tick(), tickMs);
        }
        drain();
        publish();
    }

    private void dispatch(NodeId from, MultiPaxosMessage m) {
        if (m instanceof MultiPaxosMessage.Request r) {
            onRequest(from, r);
        } else if (m instanceof MultiPaxosMessage.Prepare p) {
            proposer.observe(p.ballot());
            if (p.ballot().atLeast(acceptor.promised()) && !from.equals(ctx.id())) {
                heardFromLeader(); // someone is campaigning: give it time
                leader = null;
            }
            acceptor.onPrepare(from, p);
        } else if (m instanceof MultiPaxosMessage.Accept a) {
            proposer.observe(a.ballot());
            if (acceptor.onAccept(from, a) && !from.equals(ctx.id())) {
                fromLeader(from, a.ballot(), a.commitIndex());
            }
        } else if (m instanceof MultiPaxosMessage.Heartbeat h) {
            proposer.observe(h.ballot());
            if (h.ballot().compareTo(acceptor.promised()) < 0) {
                send(from, new MultiPaxosMessage.Nack(h.ballot(), acceptor.promised()));
            } else {
                fromLeader(from, h.ballot(), h.commitIndex());
            }
        } else if (m instanceof MultiPaxosMessage.Promise p) {
            proposer.onPromise(from, p);
        } else if (m instanceof MultiPaxosMessage.Accepted a) {
            proposer.onAccepted(from, a);
        } else if (m instanceof MultiPaxosMessage.Nack n) {
            proposer.observe(n.promised());
        } else if (m instanceof MultiPaxosMessage.CatchUpRequest c) {
            learner.onCatchUpRequest(from, c);
        } else if (m instanceof MultiPaxosMessage.CatchUp c) {
            learner.onCatchUp(c);
        }
    }

    private void fromLeader(NodeId from, Ballot b, long commitIndex) {
        heardFromLeader();
        leader = from;
        learner.onCommitHint(from, b, commitIndex);
    }

    private void onRequest(NodeId client, MultiPaxosMessage.Request r) {
        Command c = r.command();
        if (staleReads && "get".equals(c.f())) {
            // planted bug: answer reads from this replica's state, outside the log
            send(client, new MultiPaxosMessage.Reply(r.seq(), true, learner.kv().data().get(c.key())));
            return;
        }
        KvStore.Executed done = learner.kv().executed(c.client(), c.seq());
        if (done != null) {
            send(client, new MultiPaxosMessage.Reply(r.seq(), done.ok(), done.value()));
        } else if (c.seq() <= learner.kv().lastSeq(c.client())) {
            return; // an old retry, long since answered
        } else if (proposer.role() == Proposer.Role.LEADER) {
            proposer.onRequest(client, r);
        } else {
            send(client, new MultiPaxosMessage.Redirect(r.seq(), leader == null ? null : leader.name()));
        }
    }

    /** The learner applied a slot: the leader answers the client. */
    void onApplied(Command c, KvStore.Executed r) {
        if (r != null && proposer.role() == Proposer.Role.LEADER) {
            send(NodeId.of(c.client()), new MultiPaxosMessage.Reply(c.seq(), r.ok(), r.value()));
        }
    }

    void sendHeartbeat() {
        lastHeartbeat = ctx.now();
        leader = ctx.id();
        for (NodeId n : ctx.servers()) {
            if (!n.equals(ctx.id())) {
                send(n, new MultiPaxosMessage.Heartbeat(proposer.ballot(), learner.commitIndex()));
            }
        }
    }

    void heardFromLeader() {
        lastContact = ctx.now();
    }

    private void drain() {
        colocated.drain(this::dispatch);
    }

    void send(NodeId to, MultiPaxosMessage m) {
        colocated.send(to, m);
    }

    /** To every acceptor, this node's own first. */
    void sendToAcceptors(MultiPaxosMessage m) {
        colocated.sendToAcceptors(m);
    }

    int majority() {
        return colocated.majority();
    }

    long heartbeatMs() {
        return heartbeatMs;
    }

    Learner learner() {
        return learner;
    }

    Acceptor acceptor() {
        return acceptor;
    }

    /** A published log entry and what it was built from (same objects: reuse it). */
    private record Cached(Object accepted, Object chosen, LogEntry entry) {
    }

    private final TreeMap<Long, Cached> logCache = new TreeMap<>();

    /** The log from the snapshot on: accepted entries, marked chosen once learned. */
    private List<LogEntry> logView() {
        long from = learner.snapshotSlot();
        logCache.headMap(from).clear();
        TreeMap<Long, Object[]> src = new TreeMap<>();
        for (Map.Entry<Long, MultiPaxosMessage.AcceptedEntry> e : acceptor.acceptedEntries().tailMap(from, true).entrySet()) {
            src.put(e.getKey(), new Object[] {e.getValue(), null});
        }
        for (Map.Entry<Long, Command> e : learner.chosenEntries().tailMap(from, true).entrySet()) {
            src.computeIfAbsent(e.getKey(), k -> new Object[2])[1] = e.getValue();
        }
        logCache.keySet().retainAll(src.keySet());
        List<LogEntry> out = new ArrayList<>(src.size());
        for (Map.Entry<Long, Object[]> e : src.entrySet()) {
            Object acc = e.getValue()[0];
            Object ch = e.getValue()[1];
            Cached c = logCache.get(e.getKey());
            if (c == null || c.accepted() != acc || c.chosen() != ch) {
                MultiPaxosMessage.AcceptedEntry a = (MultiPaxosMessage.AcceptedEntry) acc;
                Command cmd = ch != null ? (Command) ch : a.command();
                c = new Cached(acc, ch, new LogEntry(e.getKey(), cmd.render(), a == null ? "" : a.ballot().toString(), ch != null));
                logCache.put(e.getKey(), c);
            }
            out.add(c.entry());
        }
        return Collections.unmodifiableList(out);
    }

    void publish() {
        String role = switch (proposer.role()) {
            case LEADER -> "leader";
            case CANDIDATE -> "candidate";
            default -> "follower";
        };
        List<LogEntry> log = logView();
        String label = (proposer.role() == Proposer.Role.FOLLOWER ? "p" + acceptor.promised() : "b" + proposer.ballot())
                + " ci=" + learner.commitIndex() + (learner.snapshotSlot() > 0 ? " snap=" + learner.snapshotSlot() : "");
        ctx.publish(new MultiPaxosState(role, label, proposer.ballot().toString(), acceptor.promised().toString(),
                leader == null ? null : leader.name(), proposer.promisesFrom(), learner.commitIndex(), learner.snapshotSlot(),
                log, learner.kv().data()));
    }
}
