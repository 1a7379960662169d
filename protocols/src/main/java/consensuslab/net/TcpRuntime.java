package consensuslab.net;

import consensuslab.core.Json;
import consensuslab.core.LinkKind;
import consensuslab.core.Message;
import consensuslab.core.NodeFactory;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The real-time runtime: runs some of a cluster's nodes in this process, over TCP, behind the same
 * {@link consensuslab.core.Node} API as the simulator.
 *
 * <ul>
 *   <li>Each node has its own single-threaded event loop; its handlers, timers (wall clock) and
 *       deliveries all run there, one at a time.</li>
 *   <li>Messages travel as length-prefixed frames ({@link Wire}), JSON or the protocol's own
 *       binary encoding ({@link Protocol#codec()}), over one outgoing TCP
 *       connection per peer, which reconnects after a break. Nodes hosted by the same process
 *       still talk over TCP.</li>
 *   <li>Storage is a directory of real files per node ({@link FileStorage}).</li>
 *   <li>Every send, delivery, timer, state, client operation and note becomes a
 *       {@link TraceEvent} with wall-clock time (ms since the epoch) and a per-process seq,
 *       handed to the listeners in seq order, one at a time.</li>
 * </ul>
 *
 * <p>Thread-safety: start/stop/restart/close may be called from any thread (state and isRunning
 * never block, so a listener may call them); listeners are called
 * under one lock, so a {@link consensuslab.check.Checker} needs no locking of its own, but a
 * listener must be quick (see {@link TraceServer} for one that never blocks).
 */
public final class TcpRuntime<M extends Message> implements AutoCloseable {

    private final Protocol<M> protocol;
    private final ClusterSpec cluster;
    private final Params params;
    private final long seed;
    private final NodeFactory<M> factory;
    private final Path dataDir;
    private final boolean tempData;
    private final List<NodeId> servers;
    private final List<NodeId> clients;
    private final Wire.Frames<M> frames;
    /** The cluster's names, so that the hot path never builds a NodeId (whose constructor checks a regex). */
    private final Map<String, NodeId> ids = new java.util.HashMap<>();

    private final Map<NodeId, TcpNode<M>> nodes = new ConcurrentSkipListMap<>();
    private final Map<NodeId, Integer> incarnations = new TreeMap<>();
    private final Map<NodeId, Object> lastState = new ConcurrentSkipListMap<>();

    private final List<TraceListener> listeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<String, String>> noteListeners = new CopyOnWriteArrayList<>();
    private volatile boolean tracing;
    private final Object traceLock = new Object();
    private long traceSeq;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private final AtomicLong nextMsgId = new AtomicLong(1);
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong linkDowns = new AtomicLong();

    /**
     * @param protocol the protocol (its message type is registered for reading frames back)
     * @param cluster  where every node of the cluster listens
     * @param params   protocol parameters
     * @param seed     seeds each node's random source, as in the simulator
     * @param dataDir  the parent of the nodes' storage directories; null for a temporary one that
     *                 is deleted by {@link #close()}
     */
    public TcpRuntime(Protocol<M> protocol, ClusterSpec cluster, Params params, long seed, Path dataDir) {
        this.protocol = protocol;
        this.cluster = cluster;
        this.params = params;
        this.seed = seed;
        this.factory = protocol.factory(params);
        this.servers = cluster.servers();
        this.clients = cluster.clients();
        Json.registerSealed(protocol.messageType());
        this.frames = Wire.Frames.of(protocol.messageType(), protocol.codec());
        for (NodeId n : cluster.nodes()) {
            ids.put(n.name(), n);
        }
        try {
            this.tempData = dataDir == null;
            this.dataDir = dataDir == null ? Files.createTempDirectory("lab-tcp") : Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    // ---- observation -----------------------------------------------------------------------------

    /**
     * Adds a listener of the nodes' notes alone (node name, text; the runtime's own notes have a null
     * node), called on the noting thread whether or not anything traces: a host that only wants to
     * log what a node notes need not turn tracing on (which builds an event for every send,
     * delivery and timer, and makes lazily published states be built at once).
     */
    public void addNoteListener(java.util.function.BiConsumer<String, String> l) {
        noteListeners.add(l);
    }

    /** Whether anything listens to the trace (with nothing listening, a node's published state is built only when read). */
    boolean tracing() {
        return tracing;
    }

    /** Adds a listener that sees every trace event from now on. With none, nothing is traced. */
    public void addListener(TraceListener l) {
        listeners.add(l);
        tracing = true;
    }

    public Protocol<M> protocol() {
        return protocol;
    }

    public ClusterSpec cluster() {
        return cluster;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The last state a node of this process published (kept after it stops), or null. */
    public Object state(NodeId n) {
        TcpNode<M> node = nodes.get(n);
        Object s = node == null ? null : node.published();
        return s != null ? s : lastState.get(n);
    }

    public boolean isRunning(NodeId n) {
        TcpNode<M> node = nodes.get(n);
        return node != null && node.running();
    }

    /** The nodes this process runs now. */
    public List<NodeId> running() {
        return List.copyOf(nodes.keySet());
    }

    public TcpStats stats() {
        return new TcpStats(events.get(), sent.get(), delivered.get(), dropped.get(), linkDowns.get());
    }

    /** Protocol errors (a handler threw; that node stops handling events), one line each. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Waits until {@code done} holds (polled every few ms) or {@code timeoutMs} pass; returns whether it held. */
    public boolean await(BooleanSupplier done, long timeoutMs) {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= end) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Writes a free-form note into the trace. */
    public void note(String text) {
        trace(EventType.NOTE, null, null, null, null, null, null, null, null, null, null, text);
    }

    /**
     * Runs {@code task} on node {@code n}'s event loop, between its handlers: for a server that
     * shares the process with its node and calls into it (the task may call the node's public
     * methods, which then run as if in a handler). False if {@code n} is not running here.
     */
    public boolean execute(NodeId n, Runnable task) {
        TcpNode<M> node = nodes.get(n);
        return node != null && node.execute(task);
    }

    /**
     * Registers a channel of the host process with node {@code n}'s event loop, from a task running
     * on that loop ({@link #execute}): {@code handler} then runs on the loop, between the node's
     * handlers, whenever the channel is ready for {@code ops} (a server that shares the process reads
     * its clients there, with no thread in between). Closing the channel unregisters it.
     *
     * @throws IllegalStateException if not called on {@code n}'s loop
     */
    public java.nio.channels.SelectionKey register(NodeId n, java.nio.channels.SelectableChannel ch, int ops,
            java.util.function.Consumer<java.nio.channels.SelectionKey> handler) throws java.io.IOException {
        TcpNode<M> node = nodes.get(n);
        if (node == null) {
            throw new IllegalStateException(n + " does not run here");
        }
        return node.register(ch, ops, handler);
    }

    // ---- lifecycle ---------------------------------------------------------------------------------

    /** Starts one node of the cluster in this process. */
    public void start(NodeId n) {
        start(List.of(n));
    }

    /**
     * Starts these nodes: binds all their ports first, then runs their {@code onStart}, so that
     * nodes started together can reach each other from their first message.
     */
    public synchronized void start(Collection<NodeId> ids) {
        List<TcpNode<M>> bound = new ArrayList<>();
        List<Boolean> restarts = new ArrayList<>();
        try {
            for (NodeId n : ids) {
                cluster.endpoint(n);
                if (nodes.containsKey(n)) {
                    throw new IllegalStateException(n + " is already running in this process");
                }
                int inc = incarnations.merge(n, 1, Integer::sum) - 1;
                FileStorage st = new FileStorage(dataDir.resolve(n.name()));
                TcpNode<M> node = new TcpNode<>(this, n, inc, st);
                bound.add(node);
                restarts.add(inc > 0);
                nodes.put(n, node);
            }
        } catch (IOException e) {
            for (TcpNode<M> b : bound) {
                nodes.remove(b.id());
                b.stop();
            }
            throw new UncheckedIOException(e.getMessage(), e);
        }
        for (int i = 0; i < bound.size(); i++) {
            bound.get(i).boot(restarts.get(i));
        }
    }

    /** Crash-stops a node: its sockets close (peers see the links break), its volatile state is gone. */
    public synchronized void stop(NodeId n) {
        TcpNode<M> node = nodes.remove(n);
        if (node == null) {
            return;
        }
        node.stop();
        if (node.published() != null) {
            lastState.put(n, node.published());
        }
        trace(EventType.CRASH, n.name(), null, null, null, null, null, null, null, null, null, null);
    }

    /** Starts a stopped node again on its files, as a new incarnation (traced as {@code restart}). */
    public void restart(NodeId n) {
        start(n);
    }

    /** Stops every node (the end of a run: no crash is traced); the runtime may start nodes again. */
    public synchronized void stopAll() {
        for (NodeId n : List.copyOf(nodes.keySet())) {
            TcpNode<M> node = nodes.remove(n);
            node.stop();
            if (node.published() != null) {
                lastState.put(n, node.published());
            }
        }
    }

    /** Stops every node and, for a temporary data directory, deletes it. */
    @Override
    public synchronized void close() {
        stopAll();
        if (tempData) {
            try (Stream<Path> s = Files.walk(dataDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory; the OS cleans up eventually
            }
        }
    }

    // ---- used by the nodes ---------------------------------------------------------------------

    /** A node of the cluster by name, or null if the cluster has no such node. */
    NodeId nodeId(String name) {
        return name == null ? null : ids.get(name);
    }

    Wire.Frames<M> frames() {
        return frames;
    }

    NodeFactory<M> factory() {
        return factory;
    }

    Params params() {
        return params;
    }

    long seed() {
        return seed;
    }

    List<NodeId> servers() {
        return servers;
    }

    List<NodeId> clients() {
        return clients;
    }

    LinkKind linkKind() {
        return protocol.linkKind();
    }

    long now() {
        return System.currentTimeMillis();
    }

    long nextMessageId() {
        return nextMsgId.getAndIncrement();
    }

    void countEvent() {
        events.incrementAndGet();
    }

    void countSent() {
        sent.incrementAndGet();
    }

    void countDelivered() {
        delivered.incrementAndGet();
    }

    void countLinkDown() {
        linkDowns.incrementAndGet();
    }

    void dropped(String from, String to, long id, Object msg, String why) {
        dropped.incrementAndGet();
        trace(EventType.DROP, null, from, to, id, msg, null, null, null, null, null, why);
    }

    void protocolError(String line, RuntimeException ex) {
        errors.add(line);
        System.err.println("lab: protocol error: " + line);
        trace(EventType.NOTE, null, null, null, null, null, null, null, null, null, null, "protocol error: " + line);
    }

    /** Builds and hands out one trace event; seq and time are taken under the lock, so both increase. */
    void trace(EventType type, String node, String from, String to, Long id, Object msg, Object timer, Long due, Object state,
               Object op, Object result, String text) {
        if (type == EventType.NOTE) {
            for (java.util.function.BiConsumer<String, String> l : noteListeners) {
                l.accept(node, text);
            }
        }
        if (!tracing) {
            return;
        }
        synchronized (traceLock) {
            TraceEvent e = new TraceEvent(traceSeq++, System.currentTimeMillis(), type, node, from, to, id, msg, timer, due, state, op,
                    result, null, text);
            for (TraceListener l : listeners) {
                try {
                    l.onEvent(e);
                } catch (RuntimeException ex) {
                    if (errors.size() < 100) {
                        errors.add("trace listener " + l.getClass().getSimpleName() + " failed: " + Json.firstLine(ex));
                    }
                }
            }
        }
    }

    /** The seed mixer the simulator uses, so a node's random source is the same in both runtimes. */
    static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
