package consensuslab.search;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Context;
import consensuslab.core.LinkKind;
import consensuslab.core.Message;
import consensuslab.core.Node;
import consensuslab.core.NodeFactory;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.core.Storage;
import consensuslab.core.Timer;
import consensuslab.sim.Simulator;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Exhaustive search over the orders in which a small configuration's messages arrive and timers
 * fire, plus the faults a budget allows, running the protocol's own node classes.
 *
 * <p><b>Node states.</b> A node is a mutable Java object, so the search does not copy it. A node's
 * state is identified by its <i>local history</i>: the inputs it handled since it started (messages,
 * timer firings, crashes, restarts). Histories form a tree per node, and each edge of the tree is
 * computed once and remembered with its effects (messages sent, timers armed, published state,
 * trace events). To compute a new edge the search takes the live instance parked at the edge's
 * start if nobody took it yet, and otherwise rebuilds one by replaying the history into a fresh
 * instance. That is sound because a node is a pure function of its inputs: {@code ctx.random()} is
 * seeded per (seed, node, incarnation) as in the simulator, and {@code ctx.now()} is the virtual
 * time the input is taken at, which is part of the input.
 *
 * <p><b>Global states</b> are int arrays: each node's history id, the fault budget used, the
 * partition, the open connections (connection links), then the messages in flight in a canonical
 * order (sorted for datagram links: a multiset; per link in FIFO order for connection links). A
 * 64-bit hash of that array is the fingerprint used to deduplicate.
 *
 * @param <M> the protocol's message type
 */
public final class StateSearch<M extends Message> {

    // node inputs: kind in the low 3 bits
    private static final int IN_DELIVER = 0;
    private static final int IN_FIRE = 1;
    private static final int IN_CRASH = 2;
    private static final int IN_RESTART = 3;
    private static final int IN_LINKDOWN = 4;
    /** Time normalization (set network, ordered timers): every armed timer's due time moves {@code arg} ms earlier. */
    private static final int IN_SHIFT = 5;

    // transitions of the whole system (for paths)
    private static final int A_NODE = 0;
    private static final int A_DROP = 1;
    private static final int A_DUP = 2;
    private static final int A_PARTITION = 3;
    private static final int A_HEAL = 4;

    /** Every state array ends with two slots that are not part of the state: its index and depth in the search. */
    private static final int META = 2;

    /** A message in flight (or, with {@code msg == null}, a link-down notice for {@code to} about {@code from}). */
    private record Envelope(int from, int to, Message msg) {
    }

    private final Protocol<M> protocol;
    private final SearchOptions o;
    private final NodeFactory<M> factory;
    private final List<NodeId> servers;
    private final List<NodeId> clients;
    private final List<NodeId> ids;
    private final int n;
    private final int nServers;
    private final int hdr;
    private final boolean fifo;
    /** The set network: datagrams in flight form a set, and a delivery leaves its message there. */
    private final boolean set;

    private final List<Envelope> envelopes = new ArrayList<>();
    private final Map<Envelope, Integer> envelopeIds = new HashMap<>();
    private int[] channel = new int[64];
    private long localCount;

    private final FingerprintMap checked = new FingerprintMap(1 << 12);
    /**
     * Numbers every recorded event uniquely: checkers that share one history among themselves (ZAB's)
     * take an event once per sequence number, so two events must never share one.
     */
    private long eventSeq;

    private StateSearch(Protocol<M> protocol, SearchOptions o) {
        this.protocol = protocol;
        this.o = o;
        this.factory = protocol.factory(o.params());
        List<NodeId> s = new ArrayList<>();
        for (int i = 1; i <= o.nodes(); i++) {
            s.add(NodeId.server(i));
        }
        List<NodeId> c = new ArrayList<>();
        for (int i = 1; i <= o.clients(); i++) {
            c.add(NodeId.client(i));
        }
        this.servers = Collections.unmodifiableList(s);
        this.clients = Collections.unmodifiableList(c);
        List<NodeId> all = new ArrayList<>(s);
        all.addAll(c);
        this.ids = Collections.unmodifiableList(all);
        this.n = all.size();
        this.nServers = s.size();
        this.hdr = n + 4;
        this.fifo = protocol.linkKind() == LinkKind.CONNECTION;
        this.set = o.setNetwork();
        if (set && fifo) {
            throw new IllegalArgumentException("--network set is for datagram protocols: " + protocol.name()
                    + " uses connection (FIFO) links, which are sequences, not sets");
        }
        if (o.goal() != null) {
            o.goal().validate(ids);
        }
        for (Goal g : o.via()) {
            g.validate(ids);
        }
    }

    /** Searches {@code protocol} under {@code options}; {@code progress} gets a line about once a second (may be null). */
    public static <M extends Message> SearchResult run(Protocol<M> protocol, SearchOptions options, Consumer<Progress> progress) {
        return new StateSearch<>(protocol, options).explore(progress);
    }

    /** Progress of a running search (counts of the running stage; {@code stage} 0 without --via). */
    public record Progress(long transitions, long unique, int depth, long frontier, long statesPerSecond, long elapsedMs, int stage) {
        @Override
        public String toString() {
            return String.format("%sexplored %,d  unique %,d  depth %d  frontier %,d  %,d states/s", stage > 0 ? "stage " + stage + ": " : "",
                    transitions, unique, depth, frontier, statesPerSecond);
        }
    }

    // =========================================================================================
    // Node states: the per-node history tree
    // =========================================================================================

    /** One node state: a point in the node's history tree, with the effects of the edge into it. */
    private static final class Local {
        final int slot;
        final Local parent;
        /** The input that led here, with the time it was taken at: {@code input | now << 32}. */
        final long input;
        final int depth;
        final boolean up;
        final int[] handles;
        final Timer[] timers;
        /** When each armed timer is due (virtual ms). */
        final long[] dues;
        final Object published;
        final int[] sends;
        final TraceEvent[] events;
        /** The events checkers are fed: all but deliveries, timer and sync events, which no checker reads. */
        final TraceEvent[] checked;
        final boolean observable;
        final String error;
        final int id;
        /** The edges out of this node state computed so far: their inputs (as in {@link #input}) and targets; a few per state. */
        long[] childInputs;
        Local[] children;
        int childCount;

        Local child(long key) {
            for (int i = 0; i < childCount; i++) {
                if (childInputs[i] == key) {
                    return children[i];
                }
            }
            return null;
        }

        void addChild(long key, Local c) {
            if (children == null) {
                childInputs = new long[4];
                children = new Local[4];
            } else if (childCount == children.length) {
                childInputs = Arrays.copyOf(childInputs, childCount * 2);
                children = Arrays.copyOf(children, childCount * 2);
            }
            childInputs[childCount] = key;
            children[childCount++] = c;
        }
        /** The live instance parked in this state (a Live), until an edge out of here takes it. */
        Object live;
        /**
         * The node state this edge leads to: this Local itself, or, when nodes are identified by
         * state ({@link #identity}), the first Local that reached an equal state (whose history the
         * search replays and whose edges it extends). Global states hold {@code state.id}.
         */
        Local state = this;
        /** The node's state as a value (its key, storage, timers, ...), or null if it offers none: see {@link #identify}. */
        Object identity;
        /** Which clauses of {@code goalOf} this node state's published state matches (remembered per goal: stages change it). */
        Goal goalOf;
        int goalMatch;

        Local(int id, int slot, Local parent, long input, TreeMap<Integer, Timer> armed, Map<Integer, Long> due, boolean up,
              Object published,
              int[] sends, TraceEvent[] events, String error) {
            this.slot = slot;
            this.parent = parent;
            this.input = input;
            this.depth = parent == null ? 0 : parent.depth + 1;
            this.up = up;
            this.handles = new int[armed.size()];
            this.timers = new Timer[armed.size()];
            this.dues = new long[armed.size()];
            int i = 0;
            for (Map.Entry<Integer, Timer> t : armed.entrySet()) {
                handles[i] = t.getKey();
                dues[i] = due.get(t.getKey());
                timers[i++] = t.getValue();
            }
            this.published = published;
            this.sends = sends;
            this.events = events;
            List<TraceEvent> fed = new ArrayList<>();
            for (TraceEvent e : events) {
                EventType t = e.type();
                if (t != EventType.DELIVER && t != EventType.TIMER_FIRE && t != EventType.TIMER_SET && t != EventType.TIMER_CANCEL
                        && t != EventType.SYNC) {
                    fed.add(e);
                }
            }
            this.checked = fed.toArray(new TraceEvent[0]);
            this.observable = !fed.isEmpty();
            this.error = error;
            this.id = id;
        }

        Timer timer(int handle) {
            return timers[find(handle)];
        }

        long due(int handle) {
            return dues[find(handle)];
        }

        private int find(int handle) {
            for (int i = 0; i < handles.length; i++) {
                if (handles[i] == handle) {
                    return i;
                }
            }
            throw new IllegalStateException("no timer " + handle + " at node slot " + slot);
        }
    }

    private final List<Local> locals = new ArrayList<>();

    /** Remembers the node state {@code lv} is in, reached from {@code parent} by {@code input}. */
    private Local snapshot(Live lv, Local parent, long input, String error) {
        Local l = new Local(locals.size(), lv.slot, parent, input, lv.timers, lv.due, lv.up, lv.published, lv.sends.toArray(),
                lv.events.toArray(new TraceEvent[0]), error);
        locals.add(l);
        return l;
    }

    /** A live node instance and the context it runs in; records what its handlers do. */
    private final class Live implements Context<M> {
        final int slot;
        final SearchStorage storage = new SearchStorage();
        Node<M> node;
        boolean up = true;
        int incarnation;
        long clock;
        final Map<Integer, Long> due = new HashMap<>();
        int nextHandle = 1;
        final TreeMap<Integer, Timer> timers = new TreeMap<>();
        Object published;
        SplittableRandom random;
        /** Whether the instance that crashed last offered a state key (then the down node is identified by state too). */
        boolean crashedKeyed;
        boolean recording;
        /** Whether this instance had a handle reused (set network): then {@code nextHandle} is not part of its identity. */
        boolean reused;
        final IntList sends = new IntList();
        final List<TraceEvent> events = new ArrayList<>();

        Live(int slot) {
            this.slot = slot;
            this.random = new SplittableRandom(Simulator.nodeSeed(o.seed(), slot, 0));
        }

        void record(boolean on) {
            recording = on;
            sends.clear();
            events.clear();
        }

        void event(EventType type, String from, String to, Long id, Object msg, Object timer, Object state, Object op,
                   Object result, String text) {
            if (recording) {
                boolean nodeField = type != EventType.SEND && type != EventType.DELIVER;
                events.add(new TraceEvent(++eventSeq, clock, type, nodeField ? ids.get(slot).name() : null, from, to, id, msg, timer, null,
                        state, op, result, null, text));
            }
        }

        @Override
        public NodeId id() {
            return ids.get(slot);
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
            Objects.requireNonNull(message);
            int t = slotOf(to);
            if (recording) {
                sends.add(envelope(slot, t, message));
                event(EventType.SEND, id().name(), to.name(), null, message, null, null, null, null, null);
            }
        }

        @Override
        public long setTimer(Timer timer, long delayMs) {
            if (delayMs < 0) {
                throw new IllegalArgumentException("negative timer delay " + delayMs);
            }
            int h;
            if (set && o.stateKeys() && node != null && node.stateKey() != null) {
                // set network, keyed node: the lowest handle not armed, so retries do not make states distinct (docs/SEARCH.md)
                h = 1;
                while (timers.containsKey(h)) {
                    h++;
                }
                nextHandle = Math.max(nextHandle, h + 1);
                reused = true;
            } else {
                h = nextHandle++;
            }
            timers.put(h, Objects.requireNonNull(timer));
            due.put(h, clock + delayMs);
            event(EventType.TIMER_SET, null, null, (long) h, null, timer, null, null, null, null);
            return h;
        }

        @Override
        public void cancelTimer(long handle) {
            if (reused && handle > 0 && handle < nextHandle && !timers.containsKey((int) handle)) {
                throw new IllegalStateException("cancelled timer handle " + handle + ", which is not armed: with --network set,"
                        + " handles are reused, so a node must not cancel a timer that fired or was cancelled");
            }
            due.remove((int) handle);
            if (timers.remove((int) handle) != null) {
                event(EventType.TIMER_CANCEL, null, null, handle, null, null, null, null, null, null);
            }
        }

        @Override
        public long now() {
            if (set && byState && o.timers() == SearchOptions.TimerModel.ORDERED && node != null && node.stateKey() != null) {
                // time normalization shifts the clock under keyed nodes; one that reads it would notice (Node.stateKey)
                throw new IllegalStateException("read ctx.now() while offering a state key on --network set, where time is"
                        + " normalized: a keyed node must not read the clock there (Node.stateKey)");
            }
            return clock;
        }

        @Override
        public SplittableRandom random() {
            return random;
        }

        @Override
        public Storage storage() {
            return storage;
        }

        @Override
        public void publish(Object state) {
            if (!Objects.equals(state, published)) {
                published = state;
                event(EventType.STATE, null, null, null, null, null, state, null, null, null);
            }
        }

        @Override
        public void invoke(long opId, Object operation) {
            event(EventType.INVOKE, null, null, opId, null, null, null, operation, null, null);
        }

        @Override
        public void complete(long opId, Object result) {
            event(EventType.RETURN, null, null, opId, null, null, null, null, result, null);
        }

        @Override
        public void note(String text) {
            event(EventType.NOTE, null, null, null, null, null, null, null, null, text);
        }

        @Override
        public Params params() {
            return o.params();
        }
    }

    private int slotOf(NodeId to) {
        int i = to.index();
        int s = to.isServer() ? i - 1 : nServers + i - 1;
        if (i < 1 || (to.isServer() ? i > nServers : i > clients.size())) {
            throw new IllegalArgumentException("no node " + to + " in this run");
        }
        return s;
    }

    private int envelope(int from, int to, Message msg) {
        Envelope e = new Envelope(from, to, msg);
        Integer id = envelopeIds.get(e);
        if (id == null) {
            id = envelopes.size();
            envelopes.add(e);
            envelopeIds.put(e, id);
            if (id >= channel.length) {
                channel = Arrays.copyOf(channel, channel.length * 2);
            }
            channel[id] = msg == null ? n * n + to * n + from : from * n + to;
        }
        return id;
    }

    private Local root(int slot) {
        Live lv = new Live(slot);
        lv.record(true);
        String error = null;
        try {
            lv.event(EventType.START, null, null, null, null, null, null, null, null, null);
            lv.node = factory.create(lv);
            lv.node.onStart();
        } catch (RuntimeException e) {
            error = ids.get(slot) + " threw starting: " + e;
        }
        Local l = snapshot(lv, null, -1, error);
        lv.record(false);
        l.live = lv;
        return l;
    }

    /** The node state after {@code input} in {@code l}: remembered, or computed once. */
    private Local child(Local l, int input, long now) {
        long key = (input & 0xffffffffL) | now << 32;
        Local c = l.child(key);
        if (c != null) {
            return c;
        }
        @SuppressWarnings("unchecked")
        Live lv = (Live) l.live;
        l.live = null;
        if (lv == null) {
            lv = rebuild(l);
        }
        lv.record(true);
        String error = null;
        try {
            apply(lv, key);
        } catch (RuntimeException e) {
            error = ids.get(l.slot) + " threw handling " + describeInput(l, input) + ": " + e;
        }
        c = snapshot(lv, l, key, error);
        lv.record(false);
        c.live = error == null ? lv : null;
        l.addChild(key, c);
        if (byState && error == null) {
            merge(c, identify(lv));
        }
        return c;
    }

    /**
     * Node states by key (docs/SEARCH.md): the full state of the node {@code lv} as a value, if its
     * instance offers a key ({@link Node#stateKey}), or if it is down and the instance that crashed
     * offered one; otherwise null. Handles and the next handle are
     * included because nodes may keep handles; the incarnation because a restart seeds the random
     * source with it; the due times are absolute, as the global state's clock is.
     */
    private Object identify(Live lv) {
        Object key = lv.up ? lv.node.stateKey() : lv.crashedKeyed ? "down" : null;
        if (key == null) {
            return null;
        }
        List<Object> timers = new ArrayList<>();
        for (Map.Entry<Integer, Timer> t : lv.timers.entrySet()) {
            timers.add(List.of(t.getKey(), t.getValue(), lv.due.get(t.getKey())));
        }
        return List.of(lv.slot, lv.up, lv.incarnation, lv.reused ? -1 : lv.nextHandle, key, lv.storage.image(), timers,
                Objects.requireNonNullElse(lv.published, "none"));
    }

    /** Node states already reached, by identity: the first Local to reach each. */
    private final Map<Object, Local> byIdentity = new HashMap<>();
    /** True when node states are identified by key where nodes offer one (not during a --from-sim prefix). */
    private boolean byState;
    /**
     * With {@code --crash-stop}, after any --from-sim prefix: messages to a crashed server are left
     * out of the state, as they can never be delivered (dropping or duplicating them changes nothing).
     */
    private boolean neverBack;

    /** Makes {@code c} lead to the first node state with an equal identity, if there is one. */
    private void merge(Local c, Object identity) {
        if (identity == null) {
            return;
        }
        c.identity = identity;
        Local first = byIdentity.putIfAbsent(identity, c);
        if (first != null) {
            c.state = first;
            if (first.live == null) {
                first.live = c.live; // an instance in that state, equally good for computing first's edges
            }
            c.live = null;
        }
    }

    /** A fresh instance brought to {@code l} by replaying its history. */
    private Live rebuild(Local l) {
        long[] path = new long[l.depth];
        for (Local x = l; x.parent != null; x = x.parent) {
            path[x.depth - 1] = x.input;
        }
        Live lv = new Live(l.slot);
        lv.node = factory.create(lv);
        lv.node.onStart();
        for (long in : path) {
            apply(lv, in);
        }
        return lv;
    }

    /** Runs one input ({@code kind | arg << 3 | now << 32}) on a live instance. */
    private void apply(Live lv, long key) {
        int input = (int) key;
        int kind = input & 7;
        int arg = input >>> 3;
        lv.clock = key >>> 32;
        NodeId me = ids.get(lv.slot);
        switch (kind) {
            case IN_DELIVER -> {
                Envelope e = envelopes.get(arg);
                NodeId from = ids.get(e.from());
                lv.event(EventType.DELIVER, from.name(), me.name(), null, e.msg(), null, null, null, null, null);
                @SuppressWarnings("unchecked")
                M m = (M) e.msg();
                lv.node.onMessage(from, m);
            }
            case IN_FIRE -> {
                Timer t = lv.timers.remove(arg);
                lv.due.remove(arg);
                lv.event(EventType.TIMER_FIRE, null, null, (long) arg, null, t, null, null, null, null);
                lv.node.onTimer(t);
            }
            case IN_LINKDOWN -> {
                Envelope e = envelopes.get(arg);
                lv.event(EventType.LINK_DOWN, ids.get(e.from()).name(), null, null, null, null, null, null, null, null);
                lv.node.onLinkDown(ids.get(e.from()));
            }
            case IN_CRASH -> {
                lv.crashedKeyed = lv.node.stateKey() != null;
                lv.node = null;
                lv.up = false;
                lv.timers.clear();
                lv.due.clear();
                lv.incarnation++;
                lv.storage.crash();
                lv.event(EventType.CRASH, null, null, null, null, null, null, null, null, null);
            }
            case IN_SHIFT -> lv.due.replaceAll((h, d) -> d - arg);
            case IN_RESTART -> {
                lv.up = true;
                lv.random = new SplittableRandom(Simulator.nodeSeed(o.seed(), lv.slot, lv.incarnation));
                lv.event(EventType.RESTART, null, null, null, null, null, null, null, null, null);
                lv.node = factory.create(lv);
                lv.node.onStart();
            }
            default -> throw new IllegalStateException("input " + input);
        }
    }

    private String describeInput(Local l, int input) {
        int arg = input >>> 3;
        return switch (input & 7) {
            case IN_DELIVER -> Replay.show(envelopes.get(arg).msg()) + " from " + ids.get(envelopes.get(arg).from());
            case IN_FIRE -> "timer " + Replay.show(l.timer(arg));
            case IN_LINKDOWN -> "link_down";
            case IN_CRASH -> "crash";
            case IN_SHIFT -> "a time shift";
            default -> "restart";
        };
    }

    // =========================================================================================
    // Global states
    // =========================================================================================
    // s[0..n-1]: node state ids; s[n]: budgets used (crashes | drops<<8 | duplicates<<16 | partitions<<24);
    // s[n+1]: partition (bit i set: server i is in n1's group; 0: none); s[n+2]: open connections; s[n+3]: virtual time;
    // s[n+3..]: messages in flight, canonical order; then META slots (index, depth) outside the fingerprint.

    private Local local(int[] s, int slot) {
        return locals.get(s[slot]);
    }

    private boolean reach(int mask, int a, int b) {
        return mask == 0 || a >= nServers || b >= nServers || ((mask >>> a) & 1) == ((mask >>> b) & 1);
    }

    private int pairBit(int a, int b) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        return 1 << (lo * n + hi - (lo + 1) * (lo + 2) / 2);
    }

    /** The node-history edge the last {@link #nodeStep} took: its sends and events are the step's effects. */
    private Local stepEdge;

    /** Scratch list for building successors. */
    private final IntList scratch = new IntList();

    private int[] finish(IntList pending, int[] nodes, int budget, int mask, int conn, int now) {
        int[] t = new int[hdr + pending.size + META];
        System.arraycopy(nodes, 0, t, 0, n);
        t[n] = budget;
        t[n + 1] = mask;
        t[n + 2] = conn;
        t[n + 3] = now;
        System.arraycopy(pending.a, 0, t, hdr, pending.size);
        if (fifo) {
            // stable insertion sort by channel: FIFO order within a link is kept
            for (int i = hdr + 1; i < t.length - META; i++) {
                int x = t[i];
                int cx = channel[x];
                int j = i - 1;
                while (j >= hdr && channel[t[j]] > cx) {
                    t[j + 1] = t[j];
                    j--;
                }
                t[j + 1] = x;
            }
        } else {
            Arrays.sort(t, hdr, t.length - META);
            if (set) {
                int w = hdr;
                for (int i = hdr; i < t.length - META; i++) {
                    if (i == hdr || t[i] != t[w - 1]) {
                        t[w++] = t[i];
                    }
                }
                if (w < t.length - META) {
                    int[] u = Arrays.copyOf(t, w + META);
                    return u;
                }
            }
        }
        return t;
    }

    /** Applies a node input at {@code slot}; {@code removed}: index in s of the envelope consumed, or -1. */
    private int[] nodeStep(int[] s, int slot, int input, int removed) {
        return nodeStep(s, slot, input, removed, -1);
    }

    /** As above, at virtual time {@code at} if it is not negative (a simulator prefix's step, taken when the simulator took it). */
    private int[] nodeStep(int[] s, int slot, int input, int removed, long at) {
        Local l = local(s, slot);
        boolean ordered = (input & 7) == IN_FIRE && o.timers() == SearchOptions.TimerModel.ORDERED;
        int now = at >= 0 ? (int) at : ordered ? (int) l.due(input >>> 3) : s[n + 3];
        int[] nodes = Arrays.copyOf(s, n);
        if (ordered && at < 0 && normalizable(s)) {
            // time normalization: the clock stays at 0 and every node's due times move earlier instead
            for (int b = 0; b < n; b++) {
                Local x = local(s, b);
                if (x.up && x.dues.length > 0 && now > 0) {
                    nodes[b] = child(x, IN_SHIFT | now << 3, 0).state.id;
                }
            }
            l = locals.get(nodes[slot]);
            now = 0;
        }
        Local c = child(l, input, now);
        stepEdge = c;
        nodes[slot] = c.state.id;
        int mask = s[n + 1];
        int conn = s[n + 2];
        IntList p = scratch;
        p.clear();
        boolean crash = (input & 7) == IN_CRASH;
        for (int i = hdr; i < s.length - META; i++) {
            if (i == removed && !set) {
                continue; // delivered (in the set network it stays in flight)
            }
            if (crash && fifo) {
                Envelope e = envelopes.get(s[i]);
                if (e.from() == slot || e.to() == slot) {
                    continue; // the connection broke: what was in flight on it is gone
                }
            }
            if (crash && neverBack && envelopes.get(s[i]).to() == slot) {
                continue; // to a server that never restarts: it can never be delivered
            }
            p.add(s[i]);
        }
        if (crash && fifo) {
            for (int b = 0; b < n; b++) {
                if (b != slot && (conn & pairBit(slot, b)) != 0) {
                    conn &= ~pairBit(slot, b);
                    if (locals.get(nodes[b]).up) {
                        p.add(envelope(slot, b, null));
                    }
                }
            }
        }
        for (int e : c.sends) {
            Envelope env = envelopes.get(e);
            if (!reach(mask, env.from(), env.to())) {
                continue; // sent into a partition: lost at once, as in the simulator
            }
            if (neverBack && !locals.get(nodes[env.to()]).up) {
                continue; // to a server that never restarts
            }
            if (fifo) {
                if (!locals.get(nodes[env.to()]).up) {
                    continue;
                }
                conn |= pairBit(env.from(), env.to());
            }
            p.add(e);
        }
        return finish(p, nodes, s[n], mask, conn, now);
    }

    /**
     * Whether a timer firing in {@code s} may normalize time (docs/SEARCH.md, "The set network"): on
     * the set network with ordered timers, when every node's state is identified by key (keyed nodes
     * must not read {@code ctx.now()} there: {@link Live#now} reports it as a handler error).
     */
    private boolean normalizable(int[] s) {
        if (!set) {
            return false;
        }
        for (int b = 0; b < n; b++) {
            if (local(s, b).identity == null) {
                return false;
            }
        }
        return true;
    }

    private int[] dropStep(int[] s, int index, boolean duplicate) {
        IntList p = scratch;
        p.clear();
        for (int i = hdr; i < s.length - META; i++) {
            if (i != index || duplicate) {
                p.add(s[i]);
            }
        }
        if (duplicate) {
            p.add(s[index]);
        }
        return finish(p, Arrays.copyOf(s, n), s[n] + (duplicate ? 1 << 16 : 1 << 8), s[n + 1], s[n + 2], s[n + 3]);
    }

    private int[] partitionStep(int[] s, int mask) {
        IntList p = scratch;
        p.clear();
        int conn = s[n + 2];
        for (int i = hdr; i < s.length - META; i++) {
            Envelope e = envelopes.get(s[i]);
            if (e.msg() == null || reach(mask, e.from(), e.to())) {
                p.add(s[i]);
            }
        }
        if (fifo) {
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    if ((conn & pairBit(a, b)) != 0 && !reach(mask, a, b)) {
                        conn &= ~pairBit(a, b);
                        if (local(s, a).up) {
                            p.add(envelope(b, a, null));
                        }
                        if (local(s, b).up) {
                            p.add(envelope(a, b, null));
                        }
                    }
                }
            }
        }
        return finish(p, Arrays.copyOf(s, n), s[n] + (1 << 24), mask, conn, s[n + 3]);
    }

    private int[] healStep(int[] s) {
        int[] t = s.clone();
        t[n + 1] = 0;
        return t;
    }

    private static long action(int kind, int slot, int arg) {
        return kind | (long) slot << 4 | (long) arg << 12;
    }

    /** Receives each successor of a state with the transition that leads to it. */
    private interface Successors {
        void accept(int[] t, long action, Local edge);
    }

    private void expand(int[] s, Successors out) {
        int budget = s[n];
        int crashes = budget & 0xff;
        int drops = (budget >>> 8) & 0xff;
        int dups = (budget >>> 16) & 0xff;
        int parts = budget >>> 24;
        int mask = s[n + 1];
        for (int i = hdr; i < s.length - META; i++) {
            int e = s[i];
            if (i > hdr && (fifo ? channel[s[i - 1]] == channel[e] : s[i - 1] == e)) {
                continue; // not the head of its link, or a copy of the previous one
            }
            Envelope env = envelopes.get(e);
            Local to = local(s, env.to());
            if (to.up && (env.msg() == null || reach(mask, env.from(), env.to()))) {
                int input = (e << 3) | (env.msg() == null ? IN_LINKDOWN : IN_DELIVER);
                out.accept(nodeStep(s, env.to(), input, i), action(A_NODE, env.to(), input), stepEdge);
            }
            if (!fifo && env.msg() != null) {
                if (drops < cap[1]) {
                    out.accept(dropStep(s, i, false), action(A_DROP, 0, e), null);
                }
                if (dups < cap[2]) {
                    out.accept(dropStep(s, i, true), action(A_DUP, 0, e), null);
                }
            }
        }
        boolean ordered = o.timers() == SearchOptions.TimerModel.ORDERED;
        long next = Long.MAX_VALUE;
        if (ordered) {
            for (int slot = 0; slot < n; slot++) {
                Local l = local(s, slot);
                if (l.up) {
                    for (long d : l.dues) {
                        next = Math.min(next, d);
                    }
                }
            }
        }
        {
            for (int slot = 0; slot < n; slot++) {
                Local l = local(s, slot);
                if (!l.up) {
                    continue;
                }
                for (int j = 0; j < l.handles.length; j++) {
                    if ((ordered && l.dues[j] != next) || equalEarlier(l, j)) {
                        continue; // not the next due; or an equal timer armed earlier fires first
                    }
                    int input = (l.handles[j] << 3) | IN_FIRE;
                    out.accept(nodeStep(s, slot, input, -1), action(A_NODE, slot, input), stepEdge);
                }
            }
        }
        for (int slot = 0; slot < nServers; slot++) {
            Local l = local(s, slot);
            if (l.up && crashes < cap[0]) {
                int[] t = nodeStep(s, slot, IN_CRASH, -1);
                t[n] += 1;
                out.accept(t, action(A_NODE, slot, IN_CRASH), stepEdge);
            } else if (!l.up && !o.crashStop()) {
                out.accept(nodeStep(s, slot, IN_RESTART, -1), action(A_NODE, slot, IN_RESTART), stepEdge);
            }
        }
        if (mask != 0) {
            out.accept(healStep(s), action(A_HEAL, 0, 0), null);
        } else if (parts < cap[3] && nServers > 1) {
            int all = (1 << nServers) - 1;
            for (int m = 1; m < all; m += 2) { // n1 always in the first group
                out.accept(partitionStep(s, m), action(A_PARTITION, 0, m), null);
            }
        }
    }

    private boolean equalEarlier(Local l, int j) {
        for (int k = 0; k < j; k++) {
            if (l.timers[k].equals(l.timers[j])) {
                return true;
            }
        }
        return false;
    }

    /** The simulator prefix's node inputs, in order ({@code --from-sim}); empty without one. */
    private List<Step> prefixSteps = List.of();
    /** Which node took each of the prefix's inputs, in order: the checkers are fed in this order before the search's path. */
    private final IntList prefixOrder = new IntList();

    /**
     * The state the simulator prefix reaches: its inputs taken one by one from the initial state, each
     * at the virtual time the simulator took it, through the same transitions the search takes (so a
     * crash breaks links as in the search). The prefix's crashes do not count against the budget.
     * Checked against the simulator: every node up or down as there, publishing the same state.
     */
    private int[] applyPrefix(int[] s0) {
        List<TraceEvent> events = new ArrayList<>();
        Simulator<M> sim = o.prefix().simulate(protocol, o, List.of(events::add));
        List<SimPrefix.Timed> timed = SimPrefix.steps(events);
        int[] s = s0;
        List<Step> steps = new ArrayList<>();
        for (SimPrefix.Timed t : timed) {
            s = prefixStep(s, t);
            steps.add(t.step());
        }
        s[n + 3] = (int) o.prefix().until();
        for (int slot = 0; slot < n; slot++) {
            Local l = local(s, slot);
            NodeId id = ids.get(slot);
            if (l.up != sim.isUp(id) || (l.up && !Objects.equals(l.published, sim.state(id)))) {
                throw new IllegalArgumentException("--from-sim: the search's " + id + " differs from the simulator's after the prefix");
            }
            if (l.error != null) {
                throw new IllegalArgumentException("--from-sim: " + l.error);
            }
        }
        prefixSteps = List.copyOf(steps);
        return s;
    }

    private int[] prefixStep(int[] s, SimPrefix.Timed timed) {
        Step step = timed.step();
        long at = timed.time();
        if (step instanceof Step.Deliver d) {
            Integer e = envelopeIds.get(new Envelope(slotOf(d.from()), slotOf(d.to()), d.msg()));
            int at0 = e == null ? -1 : indexOf(s, e);
            if (at0 < 0) {
                throw new IllegalArgumentException("--from-sim: the simulator delivered a message the search does not have in flight: "
                        + step.describe());
            }
            prefixOrder.add(slotOf(d.to()));
            return nodeStep(s, slotOf(d.to()), e << 3 | IN_DELIVER, at0, at);
        } else if (step instanceof Step.Fire f) {
            int slot = slotOf(f.node());
            Local l = local(s, slot);
            int pick = -1; // the earliest armed equal timer due exactly then (the simulator fires timers when due)
            for (int j = l.handles.length - 1; j >= 0; j--) {
                if (l.timers[j].equals(f.timer()) && (pick < 0 || l.dues[j] == at || l.dues[pick] != at)) {
                    pick = j;
                }
            }
            if (pick >= 0) {
                prefixOrder.add(slot);
                return nodeStep(s, slot, l.handles[pick] << 3 | IN_FIRE, -1, at);
            }
            throw new IllegalArgumentException("--from-sim: the simulator fired a timer the search does not have armed: " + step.describe());
        } else if (step instanceof Step.LinkDown ld) {
            Integer e = envelopeIds.get(new Envelope(slotOf(ld.peer()), slotOf(ld.node()), null));
            int at0 = e == null ? -1 : indexOf(s, e);
            if (at0 < 0) {
                throw new IllegalArgumentException("--from-sim: no link-down notice pending in the search: " + step.describe());
            }
            prefixOrder.add(slotOf(ld.node()));
            return nodeStep(s, slotOf(ld.node()), e << 3 | IN_LINKDOWN, at0, at);
        } else if (step instanceof Step.Crash c) {
            prefixOrder.add(slotOf(c.node()));
            return nodeStep(s, slotOf(c.node()), IN_CRASH, -1, at);
        } else if (step instanceof Step.Restart r) {
            prefixOrder.add(slotOf(r.node()));
            return nodeStep(s, slotOf(r.node()), IN_RESTART, -1, at);
        }
        throw new IllegalArgumentException("--from-sim: cannot take " + step.describe());
    }

    private int indexOf(int[] s, int envelope) {
        for (int i = hdr; i < s.length - META; i++) {
            if (s[i] == envelope) {
                return i;
            }
        }
        return -1;
    }

    private int[] initial() {
        int[] nodes = new int[n];
        IntList p = new IntList();
        for (int slot = 0; slot < n; slot++) {
            Local r = root(slot);
            nodes[slot] = r.id;
        }
        int conn = 0;
        for (int slot = 0; slot < n; slot++) {
            for (int e : locals.get(nodes[slot]).sends) {
                p.add(e);
                if (fifo) {
                    Envelope env = envelopes.get(e);
                    conn |= pairBit(env.from(), env.to());
                }
            }
        }
        return finish(p, nodes, 0, 0, conn, 0);
    }

    // =========================================================================================
    // Invariants and goals
    // =========================================================================================

    /**
     * A violation in state {@code t} (index {@code index}), or null. The checkers see every node's
     * events in the order of the path that first reached {@code t}: all starts, then each node's
     * handler effects as its inputs were taken.
     */
    private String violation(int[] t, Local edge, int index, IntList parents, LongList actions) {
        String error = nodeError(t);
        if (error != null) {
            return error;
        }
        if (!o.check() || edge == null || !edge.observable) {
            return null; // the nodes' histories are as in the parent, which passed
        }
        long fp = hash(t, 0, n);
        if (checked.get(fp) >= 0) {
            return null;
        }
        String v = verdict(replayed(t, index, parents, actions));
        if (v == null) {
            checked.put(fp, 1);
        }
        return v;
    }

    private String nodeError(int[] t) {
        for (int slot = 0; slot < n; slot++) {
            Local l = local(t, slot);
            if (l.error != null) {
                return "exception: " + l.error;
            }
        }
        return null;
    }

    private static String verdict(List<Checker> checkers) {
        for (Checker c : checkers) {
            if (!c.violations().isEmpty()) {
                Violation v = c.violations().get(0);
                return v.checker() + ": " + v.message();
            }
        }
        return null;
    }

    /** The checkers that judge during a run (not only at its end), new. */
    private List<Checker> checkers() {
        List<Checker> checkers = new ArrayList<>(4);
        for (Checker c : protocol.checkers(o.params(), nServers, clients.size())) {
            if (!c.judgesAtEndOnly()) {
                checkers.add(c); // a checker that reports only when a run ends never reports here: not fed
            }
        }
        return checkers;
    }

    /** Fresh checkers fed the events of the path that first reached state {@code index}. */
    private List<Checker> replayed(int[] t, int index, IntList parents, LongList actions) {
        // each node's history, oldest first (buffers reused from check to check)
        Local[][] chains = chainBuffers;
        int[] next = new int[n];
        for (int slot = 0; slot < n; slot++) {
            Local l = local(t, slot);
            if (chains[slot].length <= l.depth) {
                chains[slot] = new Local[Math.max(l.depth + 1, chains[slot].length * 2)];
            }
            Local[] c = chains[slot];
            for (Local x = l; x != null; x = x.parent) {
                c[x.depth] = x;
            }
        }
        // the order in which nodes took their inputs along the path
        IntList order = orderBuffer;
        order.clear();
        for (int i = index; i > 0; i = parents.a[i]) {
            long a = actions.a[i];
            if ((a & 15) == A_NODE) {
                order.add((int) ((a >>> 4) & 0xff));
            }
        }
        List<Checker> checkers = checkers();
        for (int slot = 0; slot < n; slot++) {
            feed(checkers, chains[slot][0]);
        }
        for (int k = 0; k < prefixOrder.size; k++) {
            int slot = prefixOrder.a[k];
            feed(checkers, chains[slot][++next[slot]]);
        }
        for (int k = order.size - 1; k >= 0; k--) {
            int slot = order.a[k];
            feed(checkers, chains[slot][++next[slot]]);
        }
        return checkers;
    }

    /**
     * The checkers of a new state reached from a state whose checkers are {@code base} (copyable
     * checkers): the same checkers if the step was not observable, else copies fed the events of the
     * one node step. Exactly what {@link #replayed} would feed, since a state's first path is its
     * parent's first path plus the step.
     */
    private List<Checker> stepped(List<Checker> base, Local edge) {
        if (edge == null || !edge.observable || ignoredByAll(base, edge)) {
            return base;
        }
        List<Checker> next = new ArrayList<>(base.size());
        Map<Object, Object> shared = new java.util.IdentityHashMap<>(4); // checkers that share an object share its copy
        for (Checker c : base) {
            next.add(c.copy(shared));
        }
        feed(next, edge);
        return next;
    }

    /** True if every checker ignores every event the step fed (then feeding them would change nothing: {@link Checker#ignores}). */
    private static boolean ignoredByAll(List<Checker> checkers, Local edge) {
        for (TraceEvent e : edge.checked) {
            for (Checker c : checkers) {
                if (!c.ignores(e)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True if every checker that judges during a run can be copied (then states keep their checkers: {@link #stepped}). */
    private boolean copyableCheckers() {
        for (Checker c : checkers()) {
            if (c.copy() == null) {
                return false;
            }
        }
        return true;
    }

    private final Local[][] chainBuffers = new Local[8][16];
    private final IntList orderBuffer = new IntList();

    private static void feed(List<Checker> checkers, Local l) {
        for (TraceEvent e : l.checked) {
            for (int i = 0; i < checkers.size(); i++) {
                checkers.get(i).onEvent(e);
            }
        }
    }

    private boolean goal(int[] t) {
        int[] match = new int[n];
        for (int slot = 0; slot < n; slot++) {
            Local l = local(t, slot);
            if (l.goalOf != goal) {
                l.goalOf = goal;
                l.goalMatch = goal.matches(l.published);
            }
            match[slot] = l.up ? l.goalMatch : 0; // a crashed node matches nothing: it is not deciding anything
        }
        return goal.holds(ids, match);
    }

    // =========================================================================================
    // The search
    // =========================================================================================

    static long hash(int[] s, int from, int to) {
        long h = 0x9E3779B97F4A7C15L ^ (to - from);
        for (int i = from; i < to; i++) {
            h = (h ^ s[i]) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        h = (h ^ (h >>> 32)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 29);
    }

    private SearchResult explore(Consumer<Progress> progress) {
        t0 = System.nanoTime();
        deadline = o.timeMs() == 0 ? Long.MAX_VALUE : t0 + o.timeMs() * 1_000_000;
        int[] s0 = initial();
        if (o.prefix() != null) {
            s0 = applyPrefix(s0);
        }
        // with copyable checkers, each state in the queue keeps its checkers (by index), to judge its successors from one step
        boolean copyable = o.check() && copyableCheckers();
        // node states by key only where checkers judge each step's own events (fresh checkers replay histories)
        byState = (copyable || !o.check()) && o.stateKeys();
        if (byState && set && o.prefix() == null) {
            for (int slot = 0; slot < n; slot++) {
                Local r = local(s0, slot);
                if (r.error == null && r.live != null) {
                    @SuppressWarnings("unchecked")
                    Live lv = (Live) r.live;
                    merge(r, identify(lv)); // initial node states have identities too (time normalization needs them)
                }
            }
        }
        neverBack = o.crashStop();
        List<Checker> c0 = copyable ? replayed(s0, 0, new IntList(), new LongList()) : null;
        for (int k = 0; k < o.via().size(); k++) {
            Goal g = o.via().get(k);
            // stages before --faults-from-stage add no faults: what the state used so far is their cap
            int b = s0[n];
            cap = k + 1 < o.faultsFrom() ? new int[] {b & 0xff, (b >>> 8) & 0xff, (b >>> 16) & 0xff, b >>> 24} : budget();
            long before = priorUnique;
            SearchResult r = stage(s0, c0, g, true, false, progress);
            if (r.outcome() != SearchResult.Outcome.GOAL_REACHED) {
                if (r.outcome() != SearchResult.Outcome.NOTHING_FOUND) {
                    return r; // a violation on the way
                }
                return new SearchResult(r.outcome(), "stage " + (k + 1) + " of " + (o.via().size() + 1) + ": " + g
                        + " not reached (" + r.message() + ")", r.path(), r.transitions(), r.unique(), r.maxDepth(), r.wallMs(),
                        r.complete(), r.depthBound(), r.localStates(), r.blocked(), r.prefix(), r.stages());
            }
            stages.add(new SearchResult.Stage(g.toString(), r.path().size() - stagedSteps.size(), r.unique() - before));
            for (Step step : r.path().subList(stagedSteps.size(), r.path().size())) {
                NodeId at = inputAt(step);
                if (at != null) {
                    prefixOrder.add(slotOf(at)); // fresh checkers are fed the stages' node inputs first, as a prefix's
                }
            }
            stagedSteps.clear();
            stagedSteps.addAll(r.path());
            priorTransitions = r.transitions();
            priorUnique = r.unique();
            s0 = stageEnd;
            c0 = stageEndCheckers;
        }
        cap = budget();
        return stage(s0, c0, o.goal(), false, o.blocking(), progress);
    }

    private int[] budget() {
        return new int[] {o.crashes(), o.drops(), o.duplicates(), o.partitions()};
    }

    /** The node that takes {@code step} as an input, or null (a drop, a duplicate, a partition, a heal). */
    private static NodeId inputAt(Step step) {
        if (step instanceof Step.Deliver d) {
            return d.to();
        } else if (step instanceof Step.Fire f) {
            return f.node();
        } else if (step instanceof Step.LinkDown l) {
            return l.node();
        } else if (step instanceof Step.Crash c) {
            return c.node();
        } else if (step instanceof Step.Restart r) {
            return r.node();
        }
        return null;
    }

    /** When the search started, and when its time is up (every stage shares one time bound). */
    private long t0;
    private long deadline;
    /** A staged search ({@code --via}): the steps of the stages done, and one line for each. */
    private final List<Step> stagedSteps = new ArrayList<>();
    private final List<SearchResult.Stage> stages = new ArrayList<>();
    /** The stages done: transitions and unique states, counted into every result. */
    private long priorTransitions;
    private long priorUnique;
    /** Where the last stage reached its goal, and (copyable checkers) the checkers there. */
    private int[] stageEnd;
    private List<Checker> stageEndCheckers;
    /**
     * The fault budgets the running search may use up to (crashes, drops, duplicates, partitions, as
     * counted in the state): the options' budgets, or, in a stage before --faults-from-stage, what was
     * used already (no new fault).
     */
    private int[] cap;

    /** The goal of the stage running. */
    private Goal goal;
    /** True while a --via stage runs (not the search proper). */
    private boolean stageGoal;

    /**
     * With {@code --crash-stop}, whether the stage's goal can never hold from {@code t}: it needs a
     * server that is down (an {@code all:} clause, or a clause that lists it), and a crashed server
     * matches nothing and never restarts.
     */
    private boolean unreachable(int[] t) {
        if (!o.crashStop()) {
            return false;
        }
        for (int slot = 0; slot < nServers; slot++) {
            if (!local(t, slot).up && goal.needs(ids, slot)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One search from {@code s0} (a --via stage if {@code isStage}, else the search proper), whose
     * checkers are {@code c0} (copyable checkers) or are replayed along the path to it; stops at a
     * violation, or at a state where {@code target} holds (unless {@code blocking}).
     */
    private SearchResult stage(int[] s0, List<Checker> c0, Goal target, boolean isStage, boolean blocking,
                               Consumer<Progress> progress) {
        goal = target;
        stageGoal = isStage;
        int depthLimit = isStage ? 0 : o.depth(); // --depth bounds the search proper; a stage runs to its goal or the time bound
        FingerprintMap seen = new FingerprintMap(1 << 16);
        IntList parents = new IntList();
        LongList actions = new LongList();
        IntList edgeFrom = blocking ? new IntList() : null;
        IntList edgeTo = blocking ? new IntList() : null;
        IntList depths = blocking ? new IntList() : null;
        java.util.BitSet goals = blocking ? new java.util.BitSet() : null;
        long[] counters = new long[2]; // transitions, unique
        int[] maxDepth = {0};
        boolean[] depthBound = {false};
        initial0 = s0;
        seen.put(hash(s0, 0, s0.length - META), 0);
        parents.add(-1);
        if (depths != null) {
            depths.add(0);
        }
        actions.add(0);
        counters[1] = 1;
        List<List<Checker>> snaps = c0 != null ? new ArrayList<>() : null;
        String bad;
        if (snaps != null) {
            snaps.add(c0);
            bad = nodeError(s0) != null ? nodeError(s0) : verdict(c0);
        } else {
            bad = violation(s0, null, 0, parents, actions);
        }
        if (bad != null) {
            return result(SearchResult.Outcome.VIOLATION, bad, 0, parents, actions, counters, 0, t0, true, false, 0);
        }
        if (goal != null && goal(s0)) {
            if (!blocking) {
                stageEnd = s0;
                stageEndCheckers = c0;
                return result(SearchResult.Outcome.GOAL_REACHED, "goal " + goal + " holds", 0, parents, actions, counters, 0, t0,
                        true, false, 0);
            }
            goals.set(0);
        }
        Deque q = new Deque(o.dfs() && !stageGoal); // stages are breadth-first: each a shortest way to its goal
        q.push(s0, 0, 0);
        long nextReport = System.nanoTime() + 1_000_000_000L;
        long expanded = 0;
        final Object[] found = new Object[3]; // outcome, message, index

        try {
            while (!q.isEmpty()) {
                int[] s = q.pop();
                int idx = s[s.length - 2];
                int depth = s[s.length - 1];
                final List<Checker> base = snaps == null ? null : snaps.set(idx, null);
                maxDepth[0] = Math.max(maxDepth[0], depth);
                if (depthLimit > 0 && depth >= depthLimit) {
                    depthBound[0] = true;
                    continue;
                }
                if ((++expanded & 255) == 0) {
                    long now = System.nanoTime();
                    if (now > deadline) {
                        return result(SearchResult.Outcome.NOTHING_FOUND, "time bound reached", -1, parents, actions, counters,
                                maxDepth[0], t0, false, depthBound[0], 0);
                    }
                    if (progress != null && now > nextReport) {
                        nextReport = now + 1_000_000_000L;
                        long ms = Math.max(1, (now - t0) / 1_000_000);
                        long unique = priorUnique + counters[1]; // stages: counts so far in all, depth and frontier of this stage
                        progress.accept(new Progress(priorTransitions + counters[0], unique, depth, q.size(), unique * 1000 / ms, ms,
                                o.via().isEmpty() ? 0 : stages.size() + 1));
                    }
                }
                expand(s, (t, action, changed) -> {
                    if (found[0] != null) {
                        return;
                    }
                    counters[0]++;
                    long fp = hash(t, 0, t.length - META);
                    int known = seen.get(fp);
                    if (known >= 0) {
                        if (edgeFrom != null) {
                            edgeFrom.add(idx);
                            edgeTo.add(known);
                        }
                        return;
                    }
                    int ti = (int) counters[1]++;
                    seen.put(fp, ti);
                    parents.add(idx);
                    if (depths != null) {
                        depths.add(depth + 1);
                    }
                    actions.add(action);
                    if (edgeFrom != null) {
                        edgeFrom.add(idx);
                        edgeTo.add(ti);
                    }
                    String v;
                    if (snaps != null) {
                        List<Checker> mine = stepped(base, changed);
                        snaps.add(depthLimit > 0 && depth + 1 >= depthLimit ? null : mine); // at the bound: never expanded
                        v = nodeError(t) != null ? nodeError(t) : verdict(mine);
                    } else {
                        v = violation(t, changed, ti, parents, actions);
                    }
                    if (v != null) {
                        found[0] = SearchResult.Outcome.VIOLATION;
                        found[1] = v;
                        found[2] = ti;
                        return;
                    }
                    if (goal != null && goal(t)) {
                        if (!blocking) {
                            found[0] = SearchResult.Outcome.GOAL_REACHED;
                            found[1] = "goal " + goal + " holds";
                            found[2] = ti;
                            stageEnd = t.clone();
                            stageEndCheckers = snaps == null ? null : snaps.get(ti);
                            return;
                        }
                        goals.set(ti);
                    }
                    if (stageGoal && unreachable(t)) {
                        return; // a stage's goal can no longer hold from here: not expanded (docs/SEARCH.md, "Staged search")
                    }
                    q.push(t, ti, depth + 1);
                });
                if (found[0] != null) {
                    return result((SearchResult.Outcome) found[0], (String) found[1], (Integer) found[2], parents, actions, counters,
                            Math.max(maxDepth[0], depth + 1), t0, true, depthBound[0], 0);
                }
            }
        } catch (OutOfMemoryError e) {
            q.clear(); // the frontier and its states' checkers hold most of the heap: let go of them to report
            if (snaps != null) {
                snaps.clear();
            }
            return result(SearchResult.Outcome.NOTHING_FOUND, "memory exhausted (the JVM's heap is full: a larger one with"
                    + " LAB_JAVA_OPTS=-Xmx12g, or a lower --time or --depth)", -1, parents, actions, counters, maxDepth[0], t0, false,
                    depthBound[0], 0);
        }
        if (blocking) {
            return blockingReport(parents, actions, counters, edgeFrom, edgeTo, goals, depths, maxDepth[0], t0, depthBound[0]);
        }
        return result(SearchResult.Outcome.NOTHING_FOUND, "no violation", -1, parents, actions, counters, maxDepth[0], t0, true,
                depthBound[0], 0);
    }

    /** States from which no goal state is reachable (by the recorded edges), reported shortest first. */
    /**
     * States from which no goal state is reachable. When the depth bound cut the search, only states
     * at least max(3, bound/3) steps above the bound are judged, so that every path of that many
     * further steps was explored from them (the report says "within N further steps").
     */
    private SearchResult blockingReport(IntList parents, LongList actions, long[] counters, IntList from, IntList to,
                                       java.util.BitSet goals, IntList depths, int maxDepth, long t0, boolean depthBound) {
        int states = (int) counters[1];
        // reverse adjacency
        int[] deg = new int[states + 1];
        for (int i = 0; i < to.size; i++) {
            deg[to.a[i] + 1]++;
        }
        for (int i = 0; i < states; i++) {
            deg[i + 1] += deg[i];
        }
        int[] rev = new int[to.size];
        int[] fill = Arrays.copyOf(deg, states);
        for (int i = 0; i < to.size; i++) {
            rev[fill[to.a[i]]++] = from.a[i];
        }
        java.util.BitSet canReach = (java.util.BitSet) goals.clone();
        IntList stack = new IntList();
        for (int g = goals.nextSetBit(0); g >= 0; g = goals.nextSetBit(g + 1)) {
            stack.add(g);
        }
        while (stack.size > 0) {
            int x = stack.a[--stack.size];
            for (int k = deg[x]; k < deg[x + 1]; k++) {
                int p = rev[k];
                if (!canReach.get(p)) {
                    canReach.set(p);
                    stack.add(p);
                }
            }
        }
        int judged = depthBound ? o.depth() - Math.max(3, o.depth() / 3) : Integer.MAX_VALUE;
        int first = -1;
        long blocked = 0;
        for (int i = canReach.nextClearBit(0); i < states; i = canReach.nextClearBit(i + 1)) {
            if (depths.a[i] <= judged) {
                blocked++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        String within = depthBound ? " within " + (o.depth() - judged) + " further steps" : "";
        if (first < 0) {
            return result(SearchResult.Outcome.NOTHING_FOUND, "the goal " + goal + " stays reachable" + within
                    + " from every state" + (depthBound ? " up to depth " + judged : ""), -1, parents, actions, counters, maxDepth,
                    t0, true, depthBound, 0);
        }
        return result(SearchResult.Outcome.BLOCKED, "no way to " + goal + " from here" + within + " (" + blocked
                + " such states)", first, parents, actions, counters, maxDepth, t0, true, depthBound, blocked);
    }

    private SearchResult result(SearchResult.Outcome outcome, String message, int index, IntList parents, LongList actions,
                                long[] counters, int maxDepth, long t0, boolean complete, boolean depthBound, long blocked) {
        List<Step> path = new ArrayList<>();
        if (index >= 0) {
            path.addAll(stagedSteps); // a staged search: the stages done, then this one's steps
            path.addAll(path(index, parents, actions));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new SearchResult(outcome, message, List.copyOf(path), priorTransitions + counters[0], priorUnique + counters[1],
                maxDepth, ms, complete, depthBound, locals.size(), blocked, prefixSteps.size(), List.copyOf(stages));
    }

    /** The steps from the initial state to state {@code index}, re-derived transition by transition. */
    private List<Step> path(int index, IntList parents, LongList actions) {
        IntList chain = new IntList();
        for (int i = index; i > 0; i = parents.a[i]) {
            chain.add(i);
        }
        List<Step> steps = new ArrayList<>();
        int[] s = initial0;
        for (int k = chain.size - 1; k >= 0; k--) {
            long a = actions.a[chain.a[k]];
            int kind = (int) (a & 15);
            int slot = (int) ((a >>> 4) & 0xff);
            int arg = (int) (a >>> 12);
            switch (kind) {
                case A_NODE -> {
                    int in = arg & 7;
                    int e = arg >>> 3;
                    NodeId node = ids.get(slot);
                    switch (in) {
                        case IN_DELIVER -> steps.add(new Step.Deliver(ids.get(envelopes.get(e).from()), node, envelopes.get(e).msg()));
                        case IN_FIRE -> steps.add(new Step.Fire(node, local(s, slot).timer(e)));
                        case IN_LINKDOWN -> steps.add(new Step.LinkDown(node, ids.get(envelopes.get(e).from())));
                        case IN_CRASH -> steps.add(new Step.Crash(node));
                        default -> steps.add(new Step.Restart(node));
                    }
                    int removed = -1;
                    if (in == IN_DELIVER || in == IN_LINKDOWN) {
                        for (int i = hdr; i < s.length - META; i++) {
                            if (s[i] == e) {
                                removed = i;
                                break;
                            }
                        }
                    }
                    int[] t = nodeStep(s, slot, arg, removed);
                    if (in == IN_CRASH) {
                        t[n] += 1;
                    }
                    s = t;
                }
                case A_DROP, A_DUP -> {
                    Envelope env = envelopes.get(arg);
                    steps.add(kind == A_DROP ? new Step.Drop(ids.get(env.from()), ids.get(env.to()), env.msg())
                            : new Step.Duplicate(ids.get(env.from()), ids.get(env.to()), env.msg()));
                    int at = -1;
                    for (int i = hdr; i < s.length - META; i++) {
                        if (s[i] == arg) {
                            at = i;
                            break;
                        }
                    }
                    s = dropStep(s, at, kind == A_DUP);
                }
                case A_PARTITION -> {
                    List<NodeId> g1 = new ArrayList<>();
                    List<NodeId> g2 = new ArrayList<>();
                    for (int i = 0; i < nServers; i++) {
                        ((arg >>> i & 1) == 1 ? g1 : g2).add(ids.get(i));
                    }
                    List<Step.Deliver> lost = new ArrayList<>();
                    for (int i = hdr; i < s.length - META; i++) {
                        Envelope e = envelopes.get(s[i]);
                        if (e.msg() != null && !reach(arg, e.from(), e.to())) {
                            lost.add(new Step.Deliver(ids.get(e.from()), ids.get(e.to()), e.msg()));
                        }
                    }
                    steps.add(new Step.Partition(List.of(g1, g2), lost));
                    s = partitionStep(s, arg);
                }
                default -> {
                    steps.add(new Step.Heal());
                    s = healStep(s);
                }
            }
        }
        return steps;
    }

    /** The initial state, where every path starts. */
    private int[] initial0;

    // =========================================================================================
    // Small collections
    // =========================================================================================

    /** The work list: a FIFO queue (breadth-first) or a stack (depth-first); index and depth ride in each array's META slots. */
    private static final class Deque {
        private final boolean lifo;
        private final ArrayDeque<int[]> states = new ArrayDeque<>();

        Deque(boolean lifo) {
            this.lifo = lifo;
        }

        void push(int[] s, int index, int depth) {
            s[s.length - 2] = index;
            s[s.length - 1] = depth;
            states.addLast(s);
        }

        boolean isEmpty() {
            return states.isEmpty();
        }

        int[] pop() {
            return lifo ? states.pollLast() : states.pollFirst();
        }

        int size() {
            return states.size();
        }

        void clear() {
            states.clear();
        }
    }

    static final class IntList {
        int[] a = new int[16];
        int size;

        void add(int x) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = x;
        }

        void clear() {
            size = 0;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    static final class LongList {
        long[] a = new long[16];
        int size;

        void add(long x) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = x;
        }
    }
}
