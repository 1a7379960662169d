package consensuslab.sim;

import consensuslab.core.Context;
import consensuslab.core.LinkKind;
import consensuslab.core.Message;
import consensuslab.core.Node;
import consensuslab.core.NodeFactory;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Storage;
import consensuslab.core.Synced;
import consensuslab.core.Timer;
import consensuslab.faults.Fault;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A seeded discrete-event simulator. Virtual time only moves when the next event is taken, so a run
 * is a pure function of its {@link SimConfig} and the calls made on this object.
 *
 * <p>Drive it with {@link #step()}, {@link #runUntil(long)}, {@link #runSteps(long)},
 * {@link #runUntil(Predicate, long)}, or pick events yourself with {@link #pending()} and
 * {@link #deliver(long)}. Faults come from the schedule, or from {@link #crash}, {@link #partition}
 * and friends at any moment.
 */
public final class Simulator<M extends Message> {

    private static final int K_START = 0;
    private static final int K_DELIVER = 1;
    private static final int K_TIMER = 2;
    private static final int K_FAULT = 3;
    private static final int K_LINK_DOWN = 4;

    /** One queued event. Mutable only while being built. */
    private static final class Ev implements Comparable<Ev> {
        long time;
        long seq;
        int kind;
        int to;
        int from;
        Message msg;
        long id;
        int epoch;
        Timer timer;
        int incarnation;
        Fault fault;

        @Override
        public int compareTo(Ev o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final class Slot {
        final NodeId id;
        final int index;
        final SimStorage storage = new SimStorage();
        Node<M> node;
        Ctx ctx;
        boolean up = true;
        boolean paused;
        int incarnation;
        int syncs;
        Object published;
        final Set<Long> timers = new HashSet<>();
        final List<Ev> deferred = new ArrayList<>();

        Slot(NodeId id, int index) {
            this.id = id;
            this.index = index;
            storage.onSync(() -> onSync(this));
        }
    }

    /**
     * How long a {@link Context#requestSync} takes on the simulated disk (virtual ms): the writes
     * become durable, and the node hears {@link Synced}, that much later.
     */
    public static final long SYNC_MS = 1;

    private final SimConfig config;
    private final NodeFactory<M> factory;
    private final List<NodeId> servers;
    private final List<NodeId> clients;
    private final Slot[] slots;
    private final java.util.Map<NodeId, Slot> byId = new java.util.HashMap<>();
    private final PriorityQueue<Ev> queue = new PriorityQueue<>();
    private final SplittableRandom net;
    private final List<TraceListener> listeners = new ArrayList<>();
    private boolean tracing;

    private long now;
    private long nextSeq;
    private long traceSeq;
    private long nextMsgId = 1;
    private long nextTimer = 1;

    private long minLatency;
    private long maxLatency;
    private final List<Fault.Impair> impairs = new ArrayList<>();
    private final List<Fault.CrashAtSync> syncCrashes = new ArrayList<>();
    /** The node each role target's latest crash or pause hit, for the restart or resume that names the role. */
    private final java.util.Map<String, NodeId> roleHits = new java.util.TreeMap<>();
    /** Nodes to crash at their next sync: true to let that sync take effect first. */
    private final java.util.Map<NodeId, Boolean> armedSyncs = new java.util.TreeMap<>();
    /** Partitions waiting for a message type to be sent. */
    private final List<Fault.OnSend> armed = new ArrayList<>();
    /** Partition group per slot; -1 reaches everyone. Null: no partition. */
    private int[] group;
    private final int[][] connEpoch;
    private final boolean[][] connOpen;
    private final long[][] lastArrival;

    private long events;
    private long sent;
    private long delivered;
    private long dropped;
    private long duplicated;

    public Simulator(SimConfig config, NodeFactory<M> factory) {
        this.config = config;
        this.factory = factory;
        List<NodeId> s = new ArrayList<>();
        for (int i = 1; i <= config.servers(); i++) {
            s.add(NodeId.server(i));
        }
        List<NodeId> c = new ArrayList<>();
        for (int i = 1; i <= config.clients(); i++) {
            c.add(NodeId.client(i));
        }
        this.servers = Collections.unmodifiableList(s);
        this.clients = Collections.unmodifiableList(c);
        int n = s.size() + c.size();
        this.slots = new Simulator.Slot[n];
        for (int i = 0; i < n; i++) {
            slots[i] = new Slot(i < s.size() ? s.get(i) : c.get(i - s.size()), i);
            byId.put(slots[i].id, slots[i]);
        }
        this.net = new SplittableRandom(mix(config.seed(), 0x5eed, 0));
        this.minLatency = config.minLatency();
        this.maxLatency = config.maxLatency();
        this.connEpoch = new int[n][n];
        this.connOpen = new boolean[n][n];
        this.lastArrival = new long[n][n];
        for (Fault f : config.faults().byTime()) {
            if (f instanceof Fault.Impair imp) {
                impairs.add(imp);
            } else if (f instanceof Fault.Latency lat) {
                minLatency = lat.min();
                maxLatency = lat.max();
            } else if (f instanceof Fault.CrashAtSync cs) {
                syncCrashes.add(cs);
            } else {
                if (f instanceof Fault.NodeFault nf && nf.action() == Fault.NodeFault.Action.START) {
                    slot(nf.node()).up = false; // joins late: down until its start fault
                }
                Ev ev = ev(f.at(), K_FAULT, -1);
                ev.fault = f;
                queue.add(ev);
            }
        }
        for (Slot slot : slots) {
            if (slot.up) {
                queue.add(ev(0, K_START, slot.index));
            }
        }
    }

    // ---- observation -----------------------------------------------------------------------

    /** Adds a listener that sees every trace event from now on. Tracing costs time; none is off. */
    public void addListener(TraceListener l) {
        listeners.add(Objects.requireNonNull(l));
        tracing = true;
    }

    public SimConfig config() {
        return config;
    }

    public long now() {
        return now;
    }

    public List<NodeId> servers() {
        return servers;
    }

    public List<NodeId> clients() {
        return clients;
    }

    /** The last state the node published (kept while it is down), or null. */
    public Object state(NodeId n) {
        return slot(n).published;
    }

    /** The live node instance (null while crashed), for tests that inspect a role directly. */
    public Node<M> node(NodeId n) {
        return slot(n).node;
    }

    public boolean isUp(NodeId n) {
        return slot(n).up;
    }

    public boolean isPaused(NodeId n) {
        return slot(n).paused;
    }

    /** The node's storage, as it stands now (not only the durable part). */
    public Storage storage(NodeId n) {
        return slot(n).storage;
    }

    /** Damages a byte of a durable file: for corruption scenarios. */
    public void corruptFile(NodeId n, String file, int offset) {
        slot(n).storage.corrupt(file, offset);
    }

    /** True when {@code a} and {@code b} can reach each other under the current partition. */
    public boolean reachable(NodeId a, NodeId b) {
        return reach(slot(a).index, slot(b).index);
    }

    /** The current partition's groups of servers, or an empty list when healed. */
    public List<List<NodeId>> partitionGroups() {
        if (group == null) {
            return List.of();
        }
        int max = Arrays.stream(group).max().orElse(-1);
        List<List<NodeId>> out = new ArrayList<>();
        for (int g = 0; g <= max; g++) {
            List<NodeId> members = new ArrayList<>();
            for (Slot s : slots) {
                if (group[s.index] == g) {
                    members.add(s.id);
                }
            }
            if (!members.isEmpty()) {
                out.add(members);
            }
        }
        return out;
    }

    public SimStats stats() {
        return new SimStats(events, sent, delivered, dropped, duplicated, now);
    }

    /** Scheduled events in the order they would run. */
    public List<PendingEvent> pending() {
        List<Ev> all = new ArrayList<>(queue);
        Collections.sort(all);
        List<PendingEvent> out = new ArrayList<>(all.size());
        for (Ev e : all) {
            out.add(describe(e));
        }
        return out;
    }

    /** Number of scheduled events. */
    public int pendingCount() {
        return queue.size();
    }

    private PendingEvent describe(Ev e) {
        NodeId node = e.to >= 0 ? slots[e.to].id : null;
        return switch (e.kind) {
            case K_DELIVER -> new PendingEvent(e.seq, e.time, "deliver", node, slots[e.from].id, e.msg.getClass().getSimpleName(), e.id);
            case K_TIMER -> new PendingEvent(e.seq, e.time, "timer", node, null, e.timer.getClass().getSimpleName(), e.id);
            case K_FAULT -> new PendingEvent(e.seq, e.time, "fault", node, null, e.fault.render(), 0);
            case K_LINK_DOWN -> new PendingEvent(e.seq, e.time, "link_down", node, slots[e.from].id, "link_down", 0);
            default -> new PendingEvent(e.seq, e.time, "start", node, null, "start", 0);
        };
    }

    /** Writes a free-form note into the trace (the run header, a lab's narration). */
    public void note(String text) {
        if (tracing) {
            emit(new TraceEvent(traceSeq++, now, EventType.NOTE, null, null, null, null, null, null, null, null, null, null, null, text));
        }
    }

    // ---- driving ---------------------------------------------------------------------------

    /** Runs exactly the next event. Returns false if there was none. */
    public boolean step() {
        Ev e = queue.poll();
        if (e == null) {
            return false;
        }
        run(e);
        return true;
    }

    /** Runs the pending event with this seq (see {@link #pending()}), out of order if need be. */
    public void deliver(long seq) {
        for (Ev e : queue) {
            if (e.seq == seq) {
                queue.remove(e);
                run(e);
                return;
            }
        }
        throw new IllegalArgumentException("no pending event " + seq);
    }

    /** Drops a message in flight (a user clicking on it). */
    public void dropInFlight(long msgId) {
        for (Ev e : queue) {
            if (e.kind == K_DELIVER && e.id == msgId) {
                queue.remove(e);
                dropped++;
                if (tracing) {
                    emit(new TraceEvent(traceSeq++, now, EventType.DROP, null, slots[e.from].id.name(), slots[e.to].id.name(),
                            e.id, e.msg, null, null, null, null, null, null, "user"));
                }
                return;
            }
        }
        throw new IllegalArgumentException("no message " + msgId + " in flight");
    }

    /** Runs every event due at or before {@code time}, then sets the clock to {@code time}. */
    public void runUntil(long time) {
        while (!queue.isEmpty() && queue.peek().time <= time) {
            run(queue.poll());
        }
        if (time > now) {
            now = time;
        }
    }

    /** Runs up to {@code n} events; returns how many ran. */
    public long runSteps(long n) {
        long done = 0;
        while (done < n && step()) {
            done++;
        }
        return done;
    }

    /**
     * Runs until {@code done} holds (checked after every event) or virtual time passes
     * {@code maxTime}. Returns whether the predicate held.
     */
    public boolean runUntil(Predicate<Simulator<M>> done, long maxTime) {
        if (done.test(this)) {
            return true;
        }
        while (!queue.isEmpty() && queue.peek().time <= maxTime) {
            run(queue.poll());
            if (done.test(this)) {
                return true;
            }
        }
        if (maxTime > now) {
            now = maxTime;
        }
        return false;
    }

    // ---- replaying a chosen order (the state-space search's counterexamples) -----------------

    /**
     * Runs the earliest pending delivery of {@code msg} (by {@code equals}) from {@code from} to
     * {@code to}. Returns false if no such message is in flight.
     */
    public boolean deliverMessage(NodeId from, NodeId to, M msg) {
        Ev e = findMessage(from, to, msg);
        if (e == null) {
            return false;
        }
        queue.remove(e);
        run(e);
        return true;
    }

    /** Fires the earliest-armed live timer equal to {@code timer} at {@code node}; false if none is armed. */
    public boolean fireTimer(NodeId node, Timer timer) {
        Slot s = slot(node);
        Ev best = null;
        for (Ev e : queue) {
            if (e.kind == K_TIMER && e.to == s.index && e.incarnation == s.incarnation && s.timers.contains(e.id)
                    && e.timer.equals(timer) && (best == null || e.id < best.id)) {
                best = e;
            }
        }
        if (best == null) {
            return false;
        }
        queue.remove(best);
        run(best);
        return true;
    }

    /** Runs the pending link-down notice at {@code node} about {@code peer}; false if there is none. */
    public boolean deliverLinkDown(NodeId node, NodeId peer) {
        Slot s = slot(node);
        int p = slot(peer).index;
        Ev best = null;
        for (Ev e : queue) {
            if (e.kind == K_LINK_DOWN && e.to == s.index && e.from == p && e.incarnation == s.incarnation
                    && (best == null || e.compareTo(best) < 0)) {
                best = e;
            }
        }
        if (best == null) {
            return false;
        }
        queue.remove(best);
        run(best);
        return true;
    }

    /** Duplicates a message in flight: a second copy will arrive too. False if no such message is in flight. */
    public boolean duplicateMessage(NodeId from, NodeId to, M msg) {
        Ev e = findMessage(from, to, msg);
        if (e == null) {
            return false;
        }
        duplicated++;
        if (tracing) {
            emit(new TraceEvent(traceSeq++, now, EventType.DUPLICATE, null, from.name(), to.name(), e.id, msg, null, null, null, null,
                    null, null, null));
        }
        Ev copy = ev(e.time, K_DELIVER, e.to);
        copy.from = e.from;
        copy.msg = e.msg;
        copy.id = e.id;
        copy.epoch = e.epoch;
        queue.add(copy);
        return true;
    }

    /** Loses a message in flight, traced as a drop with reason {@code why}. False if no such message is in flight. */
    public boolean dropMessage(NodeId from, NodeId to, M msg, String why) {
        Ev e = findMessage(from, to, msg);
        if (e == null) {
            return false;
        }
        queue.remove(e);
        drop(e, why);
        return true;
    }

    private Ev findMessage(NodeId from, NodeId to, Message msg) {
        int f = slot(from).index;
        int t = slot(to).index;
        Ev best = null;
        for (Ev e : queue) {
            if (e.kind == K_DELIVER && e.from == f && e.to == t && e.msg.equals(msg) && (best == null || e.compareTo(best) < 0)) {
                best = e;
            }
        }
        return best;
    }

    /** The seed of a node's {@code ctx.random()}: the run's seed, the node's position (n1 is 0) and its incarnation. */
    public static long nodeSeed(long seed, int slotIndex, int incarnation) {
        return mix(seed, slotIndex + 1, incarnation);
    }

    // ---- faults by hand --------------------------------------------------------------------

    public void crash(NodeId n) {
        doCrash(slot(n));
    }

    public void restart(NodeId n) {
        doRestart(slot(n));
    }

    public void pause(NodeId n) {
        Slot s = slot(n);
        if (s.up && !s.paused) {
            s.paused = true;
            traceNode(EventType.PAUSE, s, null);
        }
    }

    public void resume(NodeId n) {
        Slot s = slot(n);
        if (s.paused) {
            s.paused = false;
            traceNode(EventType.RESUME, s, null);
            // What queued up during the pause runs now, in its original order and before anything
            // else due at this instant, so FIFO links stay FIFO across a pause.
            List<Ev> held = new ArrayList<>(s.deferred);
            s.deferred.clear();
            for (Ev e : held) {
                run(e);
            }
        }
    }

    /** Partitions into these groups; unnamed servers form one more group, unnamed clients reach all. */
    public void partition(List<List<NodeId>> groups) {
        int[] g = new int[slots.length];
        Arrays.fill(g, -2);
        for (int i = 0; i < groups.size(); i++) {
            for (NodeId n : groups.get(i)) {
                g[slot(n).index] = i;
            }
        }
        for (Slot s : slots) {
            if (g[s.index] == -2) {
                g[s.index] = s.id.isClient() ? -1 : groups.size();
            }
        }
        group = g;
        if (tracing) {
            List<List<String>> names = new ArrayList<>();
            for (List<NodeId> grp : partitionGroups()) {
                names.add(grp.stream().map(NodeId::name).toList());
            }
            emit(new TraceEvent(traceSeq++, now, EventType.PARTITION, null, null, null, null, null, null, null, null, null, null, names, null));
        }
        if (config.linkKind() == LinkKind.CONNECTION) {
            for (int a = 0; a < slots.length; a++) {
                for (int b = a + 1; b < slots.length; b++) {
                    if (connOpen[a][b] && !reach(a, b)) {
                        breakConnection(a, b);
                    }
                }
            }
        }
    }

    public void heal() {
        group = null;
        if (tracing) {
            emit(TraceEvent.of(traceSeq++, now, EventType.HEAL));
        }
    }

    /**
     * Records that client {@code client} started operation {@code opId} (trace event {@code invoke}),
     * as the client's own {@code ctx.invoke} would: for a request a user injects on a client's
     * behalf, so that checkers reading client operations count it as proposed.
     */
    public void invoke(NodeId client, long opId, Object operation) {
        Slot s = slot(client);
        if (s.ctx != null) {
            s.ctx.invoke(opId, operation);
        }
    }

    /** Delivers {@code msg} to {@code to} as if {@code from} had just sent it (e.g. a user's request to a client). */
    public void inject(NodeId from, NodeId to, M msg) {
        doSend(slot(from), slot(to), msg);
    }

    // ---- the event loop --------------------------------------------------------------------

    private void run(Ev e) {
        if (e.time > now) {
            now = e.time;
        }
        events++;
        switch (e.kind) {
            case K_DELIVER -> runDeliver(e);
            case K_TIMER -> runTimer(e);
            case K_FAULT -> runFault(e.fault);
            case K_LINK_DOWN -> runLinkDown(e);
            default -> runStart(e);
        }
    }

    private void runStart(Ev e) {
        Slot s = slots[e.to];
        if (!s.up || s.node != null) {
            return;
        }
        boot(s, EventType.START);
    }

    private void boot(Slot s, EventType why) {
        s.ctx = new Ctx(s, s.incarnation);
        traceNode(why, s, null);
        s.node = factory.create(s.ctx);
        invoke(s, () -> s.node.onStart(), "start");
    }

    private void runDeliver(Ev e) {
        Slot to = slots[e.to];
        if (!to.up) {
            drop(e, "down");
            return;
        }
        if (to.paused) {
            to.deferred.add(e);
            return;
        }
        if (config.linkKind() == LinkKind.CONNECTION && connEpoch[Math.min(e.from, e.to)][Math.max(e.from, e.to)] != e.epoch) {
            drop(e, "link broken");
            return;
        }
        if (!reach(e.from, e.to)) {
            drop(e, "partition");
            return;
        }
        delivered++;
        if (tracing) {
            emit(new TraceEvent(traceSeq++, now, EventType.DELIVER, null, slots[e.from].id.name(), to.id.name(), e.id, e.msg,
                    null, null, null, null, null, null, null));
        }
        @SuppressWarnings("unchecked")
        M m = (M) e.msg;
        NodeId from = slots[e.from].id;
        invoke(to, () -> to.node.onMessage(from, m), e.msg.getClass().getSimpleName());
    }

    private void runTimer(Ev e) {
        Slot s = slots[e.to];
        if (!s.up || s.incarnation != e.incarnation) {
            return;
        }
        if (s.paused) {
            s.deferred.add(e);
            return;
        }
        if (!s.timers.remove(e.id)) {
            return; // cancelled
        }
        if (tracing) {
            emit(new TraceEvent(traceSeq++, now, EventType.TIMER_FIRE, s.id.name(), null, null, e.id, null, e.timer, null,
                    null, null, null, null, null));
        }
        if (e.timer instanceof Synced) {
            // the answer to requestSync: the simulated disk makes the writes durable now (a crash before lost them)
            invoke(s, () -> {
                s.storage.sync();
                s.node.onTimer(e.timer);
            }, "Synced");
            return;
        }
        invoke(s, () -> s.node.onTimer(e.timer), e.timer.getClass().getSimpleName());
    }

    private void runLinkDown(Ev e) {
        Slot s = slots[e.to];
        if (!s.up || s.incarnation != e.incarnation) {
            return;
        }
        if (s.paused) {
            s.deferred.add(e);
            return;
        }
        if (tracing) {
            emit(new TraceEvent(traceSeq++, now, EventType.LINK_DOWN, s.id.name(), slots[e.from].id.name(), null, null, null,
                    null, null, null, null, null, null, null));
        }
        NodeId peer = slots[e.from].id;
        invoke(s, () -> s.node.onLinkDown(peer), "link_down");
    }

    private void runFault(Fault f) {
        if (f instanceof Fault.Partition p) {
            partition(p.groups());
        } else if (f instanceof Fault.Heal) {
            heal();
        } else if (f instanceof Fault.NodeFault nf) {
            nodeFault(nf.action(), nf.node());
        } else if (f instanceof Fault.RoleFault rf) {
            runRoleFault(rf);
        } else if (f instanceof Fault.RolePartition rp) {
            runRolePartition(rp);
        } else if (f instanceof Fault.OnSend os) {
            armed.add(os);
        } else if (f instanceof Fault.CrashAtNextSync cn) {
            NodeId n = cn.target() instanceof Fault.RoleTarget t ? holder(t) : ((Fault.NodeMember) cn.target()).node();
            if (n == null) {
                note("fault " + cn.render() + ": no live server is " + cn.target().render() + " now; skipped");
                return;
            }
            if (cn.target() instanceof Fault.RoleTarget t) {
                roleHits.put(t.render(), n);
            }
            note("fault " + cn.render() + ": " + n + " crashes at its next sync");
            armedSyncs.put(n, cn.after());
        }
    }

    private void nodeFault(Fault.NodeFault.Action action, NodeId n) {
        switch (action) {
            case CRASH -> crash(n);
            case RESTART -> restart(n);
            case PAUSE -> pause(n);
            case RESUME -> resume(n);
            case START -> start(n);
            default -> throw new IllegalStateException();
        }
    }

    /** Boots a node that was down from t=0 ({@code start n4@3s}); a no-op if it is already up. */
    public void start(NodeId n) {
        Slot s = slot(n);
        if (!s.up && s.node == null && s.incarnation == 0) {
            s.up = true;
            boot(s, EventType.START);
        }
    }

    /**
     * The server holding a role right now, from the {@code role} field of the states published by
     * live servers: the rank-th by id among them, or null when fewer hold it.
     */
    public NodeId holder(Fault.RoleTarget target) {
        int seen = 0;
        for (NodeId n : servers) {
            Slot s = slot(n);
            if (s.up && s.published != null && target.role().heldBy(publishedRole(s.published))) {
                if (++seen == target.rank()) {
                    return n;
                }
            }
        }
        return null;
    }

    private static String publishedRole(Object state) {
        com.fasterxml.jackson.databind.JsonNode role = consensuslab.core.Json.tree(state).get("role");
        return role == null || role.isNull() ? null : role.asText();
    }

    private void runRoleFault(Fault.RoleFault rf) {
        String key = rf.target().render();
        NodeId n;
        boolean undo = rf.action() == Fault.NodeFault.Action.RESTART || rf.action() == Fault.NodeFault.Action.RESUME;
        if (undo) {
            n = roleHits.get(key);
            if (n == null) {
                note("fault " + rf.render() + ": no earlier crash or pause of " + key + " to undo; skipped");
                return;
            }
        } else {
            n = holder(rf.target());
            if (n == null) {
                note("fault " + rf.render() + ": no live server is " + key + " now; skipped");
                return;
            }
            roleHits.put(key, n);
        }
        note("fault " + rf.render() + ": " + key + " is " + n);
        nodeFault(rf.action(), n);
    }

    private void runRolePartition(Fault.RolePartition rp) {
        List<List<NodeId>> groups = new ArrayList<>();
        Set<NodeId> used = new HashSet<>();
        for (List<Fault.Member> g : rp.groups()) {
            List<NodeId> group = new ArrayList<>();
            for (Fault.Member m : g) {
                NodeId n = m instanceof Fault.RoleTarget t ? holder(t) : ((Fault.NodeMember) m).node();
                if (n == null) {
                    note("fault " + rp.render() + ": no live server is " + m.render() + " now; skipped");
                    return;
                }
                if (!used.add(n)) {
                    note("fault " + rp.render() + ": " + n + " is named twice (" + m.render() + "); skipped");
                    return;
                }
                group.add(n);
            }
            groups.add(group);
        }
        note("fault " + rp.render() + ": " + groups);
        partition(groups);
    }

    private void invoke(Slot s, Runnable handler, String what) {
        try {
            handler.run();
        } catch (NodeCrash c) {
            doCrash(s);
        } catch (RuntimeException ex) {
            throw new ProtocolException(s.id + " threw at t=" + now + "ms handling " + what + ": " + ex, ex);
        }
    }

    private void doCrash(Slot s) {
        if (!s.up) {
            return;
        }
        s.up = false;
        s.paused = false;
        s.deferred.clear();
        s.node = null;
        s.ctx = null;
        s.timers.clear();
        s.incarnation++;
        s.storage.crash(config.tornWrites(), net);
        traceNode(EventType.CRASH, s, null);
        if (config.linkKind() == LinkKind.CONNECTION) {
            for (int b = 0; b < slots.length; b++) {
                if (b != s.index && connOpen[Math.min(s.index, b)][Math.max(s.index, b)]) {
                    breakConnection(s.index, b);
                }
            }
        }
    }

    private void doRestart(Slot s) {
        if (s.up) {
            return;
        }
        s.up = true;
        boot(s, EventType.RESTART);
    }

    private void onSync(Slot s) {
        s.syncs++;
        if (tracing) {
            traceNode(EventType.SYNC, s, null);
        }
        Boolean after = armedSyncs.isEmpty() ? null : armedSyncs.remove(s.id);
        if (after != null) {
            if (after) {
                s.storage.syncNow();
            }
            throw new NodeCrash();
        }
        for (Fault.CrashAtSync cs : syncCrashes) {
            if (cs.sync() == s.syncs && cs.node().equals(s.id)) {
                if (cs.after()) {
                    s.storage.syncNow();
                }
                throw new NodeCrash();
            }
        }
    }

    // ---- the network -----------------------------------------------------------------------

    private boolean reach(int a, int b) {
        if (group == null) {
            return true;
        }
        int ga = group[a];
        int gb = group[b];
        return ga == -1 || gb == -1 || ga == gb;
    }

    private void breakConnection(int a, int b) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        connEpoch[lo][hi]++;
        connOpen[lo][hi] = false;
        notifyLinkDown(a, b);
        notifyLinkDown(b, a);
    }

    private void notifyLinkDown(int at, int peer) {
        Slot s = slots[at];
        if (s.up) {
            Ev e = ev(now + minLatency, K_LINK_DOWN, at);
            e.from = peer;
            e.incarnation = s.incarnation;
            queue.add(e);
        }
    }

    private void doSend(Slot from, Slot to, Message msg) {
        sendOne(from, to, msg);
        if (!armed.isEmpty()) {
            String type = msg.getClass().getSimpleName();
            for (int i = 0; i < armed.size(); i++) {
                if (armed.get(i).msgType().equals(type)) {
                    Fault.OnSend os = armed.remove(i);
                    note("fault " + os.render() + ": " + type + " " + from.id + "->" + to.id + " sent");
                    runFault(os.partition());
                    break;
                }
            }
        }
    }

    private void sendOne(Slot from, Slot to, Message msg) {
        long id = nextMsgId++;
        sent++;
        if (tracing) {
            emit(new TraceEvent(traceSeq++, now, EventType.SEND, null, from.id.name(), to.id.name(), id, msg, null, null, null,
                    null, null, null, null));
        }
        int a = from.index;
        int b = to.index;
        if (config.linkKind() == LinkKind.CONNECTION) {
            if (!reach(a, b) || !to.up) {
                dropNow(from, to, id, msg, !to.up ? "down" : "partition");
                return;
            }
            int lo = Math.min(a, b);
            int hi = Math.max(a, b);
            connOpen[lo][hi] = true;
            long at = Math.max(now + latency(), lastArrival[a][b]);
            lastArrival[a][b] = at;
            Ev e = ev(at, K_DELIVER, b);
            e.from = a;
            e.msg = msg;
            e.id = id;
            e.epoch = connEpoch[lo][hi];
            queue.add(e);
            return;
        }
        if (!reach(a, b)) {
            dropNow(from, to, id, msg, "partition");
            return;
        }
        double pDrop = 0;
        double pDup = 0;
        double pReorder = 0;
        for (int i = 0; i < impairs.size(); i++) {
            Fault.Impair imp = impairs.get(i);
            if (now >= imp.from() && now < imp.until()) {
                switch (imp.kind()) {
                    case DROP -> pDrop = Math.max(pDrop, imp.value());
                    case DUP -> pDup = Math.max(pDup, imp.value());
                    case REORDER -> pReorder = Math.max(pReorder, imp.value());
                    default -> throw new IllegalStateException();
                }
            }
        }
        if (pDrop > 0 && net.nextDouble() < pDrop) {
            dropNow(from, to, id, msg, "loss");
            return;
        }
        scheduleDatagram(a, b, msg, id, pReorder);
        if (pDup > 0 && net.nextDouble() < pDup) {
            duplicated++;
            if (tracing) {
                emit(new TraceEvent(traceSeq++, now, EventType.DUPLICATE, null, from.id.name(), to.id.name(), id, msg, null, null,
                        null, null, null, null, null));
            }
            scheduleDatagram(a, b, msg, id, pReorder);
        }
    }

    private void scheduleDatagram(int a, int b, Message msg, long id, double pReorder) {
        long delay = latency();
        if (pReorder > 0 && net.nextDouble() < pReorder) {
            delay += 1 + net.nextLong(3 * maxLatency + 1);
        }
        Ev e = ev(now + delay, K_DELIVER, b);
        e.from = a;
        e.msg = msg;
        e.id = id;
        queue.add(e);
    }

    private long latency() {
        return minLatency == maxLatency ? minLatency : minLatency + net.nextLong(maxLatency - minLatency + 1);
    }

    private void dropNow(Slot from, Slot to, long id, Message msg, String why) {
        dropped++;
        if (tracing) {
            emit(new TraceEvent(traceSeq++, now, EventType.DROP, null, from.id.name(), to.id.name(), id, msg, null, null, null,
                    null, null, null, why));
        }
    }

    private void drop(Ev e, String why) {
        dropped++;
        if (tracing) {
            emit(new TraceEvent(traceSeq++, now, EventType.DROP, null, slots[e.from].id.name(), slots[e.to].id.name(), e.id, e.msg,
                    null, null, null, null, null, null, why));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private Ev ev(long time, int kind, int to) {
        Ev e = new Ev();
        e.time = time;
        e.seq = nextSeq++;
        e.kind = kind;
        e.to = to;
        return e;
    }

    private Slot slot(NodeId n) {
        Slot s = byId.get(n);
        if (s == null) {
            throw new IllegalArgumentException("no node " + n + " in this run");
        }
        return s;
    }

    private void traceNode(EventType type, Slot s, String text) {
        if (tracing) {
            emit(new TraceEvent(traceSeq++, now, type, s.id.name(), null, null, null, null, null, null, null, null, null, null, text));
        }
    }

    private void emit(TraceEvent e) {
        for (int i = 0; i < listeners.size(); i++) {
            listeners.get(i).onEvent(e);
        }
    }

    static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The context handed to one incarnation of one node. */
    private final class Ctx implements Context<M> {
        private final Slot s;
        private final int incarnation;
        private final SplittableRandom random;

        Ctx(Slot s, int incarnation) {
            this.s = s;
            this.incarnation = incarnation;
            this.random = new SplittableRandom(nodeSeed(config.seed(), s.index, incarnation));
        }

        private boolean live() {
            return s.up && s.incarnation == incarnation;
        }

        @Override
        public NodeId id() {
            return s.id;
        }

        @Override
        public List<NodeId> servers() {
            return servers;
        }

        @Override
        public List<NodeId> clients() {
            return clients;
        }

        @Override
        public void send(NodeId to, M message) {
            if (live()) {
                doSend(s, slot(to), Objects.requireNonNull(message));
            }
        }

        @Override
        public long setTimer(Timer timer, long delayMs) {
            long h = nextTimer++;
            if (!live()) {
                return h;
            }
            if (delayMs < 0) {
                throw new IllegalArgumentException("negative timer delay " + delayMs);
            }
            s.timers.add(h);
            Ev e = ev(now + delayMs, K_TIMER, s.index);
            e.timer = Objects.requireNonNull(timer);
            e.id = h;
            e.incarnation = incarnation;
            queue.add(e);
            if (tracing) {
                emit(new TraceEvent(traceSeq++, now, EventType.TIMER_SET, s.id.name(), null, null, h, null, timer, now + delayMs,
                        null, null, null, null, null));
            }
            return h;
        }

        /** The simulated disk takes {@link #SYNC_MS} virtual ms and syncs when it answers (see runTimer). */
        @Override
        public void requestSync(long token) {
            setTimer(new Synced(token), SYNC_MS);
        }

        @Override
        public void cancelTimer(long handle) {
            if (live() && s.timers.remove(handle) && tracing) {
                emit(new TraceEvent(traceSeq++, now, EventType.TIMER_CANCEL, s.id.name(), null, null, handle, null, null, null,
                        null, null, null, null, null));
            }
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public SplittableRandom random() {
            return random;
        }

        @Override
        public Storage storage() {
            return s.storage;
        }

        @Override
        public void publish(Object state) {
            if (live() && !Objects.equals(state, s.published)) {
                s.published = state;
                if (tracing) {
                    emit(new TraceEvent(traceSeq++, now, EventType.STATE, s.id.name(), null, null, null, null, null, null, state,
                            null, null, null, null));
                }
            }
        }

        @Override
        public void invoke(long opId, Object operation) {
            if (live() && tracing) {
                emit(new TraceEvent(traceSeq++, now, EventType.INVOKE, s.id.name(), null, null, opId, null, null, null, null,
                        operation, null, null, null));
            }
        }

        @Override
        public void complete(long opId, Object result) {
            if (live() && tracing) {
                emit(new TraceEvent(traceSeq++, now, EventType.RETURN, s.id.name(), null, null, opId, null, null, null, null, null,
                        result, null, null));
            }
        }

        @Override
        public void note(String text) {
            if (live()) {
                traceNode(EventType.NOTE, s, text);
            }
        }

        @Override
        public Params params() {
            return config.params();
        }
    }
}
