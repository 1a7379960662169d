package consensuslab.net;

import consensuslab.core.Context;
import consensuslab.core.LinkKind;
import consensuslab.core.Message;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Storage;
import consensuslab.core.Synced;
import consensuslab.core.Timer;
import consensuslab.trace.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One incarnation of one node in a {@link TcpRuntime}: its {@link EventLoop} (one thread that runs
 * every handler, timer and delivery), its listening socket with a reader thread per incoming
 * connection (which hands the frames it has read to the loop in one task), its outgoing
 * {@link PeerLink}s (the loop itself writes the frames its handlers sent, after each batch of
 * tasks, several in one write), and a sync thread that forces the files for
 * {@link Context#requestSync} off the loop. Stopping it is a crash: the instance, its timers and its
 * queues are gone; only its files remain.
 */
final class TcpNode<M extends Message> {

    private final TcpRuntime<M> rt;
    private final NodeId id;
    private final int incarnation;
    private final FileStorage storage;
    private final EventLoop loop;
    /** Forces the files for {@link Context#requestSync}, off the loop, one sync at a time, in order. */
    private final ExecutorService syncer;
    private final ServerSocketChannel server;
    private final Map<String, PeerLink> links = new ConcurrentHashMap<>();
    private final Set<SocketChannel> inbound = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile Thread acceptor;
    private volatile Object published;
    /** A state published lazily and not built yet (see {@link Context#publishLazily}); built on the loop when read. */
    private volatile java.util.function.Supplier<?> pending;

    // Loop-thread state.
    private Node<M> node;
    private boolean halted;
    private final Map<Long, EventLoop.TimerTask> timers = new HashMap<>();
    /** Links that got frames since the loop last wrote (see {@link #flushLinks}). */
    private final List<PeerLink> unflushed = new ArrayList<>();
    private long nextTimer = 1;
    private final Set<String> linksUp = new TreeSet<>();

    /** Binds the node's port; the node does not run until {@link #boot}. */
    TcpNode(TcpRuntime<M> rt, NodeId id, int incarnation, FileStorage storage) throws IOException {
        this.rt = rt;
        this.id = id;
        this.incarnation = incarnation;
        this.storage = storage;
        ClusterSpec.Endpoint ep = rt.cluster().endpoint(id);
        ServerSocketChannel ss = ServerSocketChannel.open();
        try {
            ss.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ss.bind(new InetSocketAddress(ep.host(), ep.port()), 64);
        } catch (IOException e) {
            ss.close();
            throw new IOException("cannot listen on " + ep + " for " + id + " (" + e.getMessage() + ")", e);
        }
        this.server = ss;
        this.loop = new EventLoop("node-" + id, this::flushLinks);
        this.syncer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "node-" + id + "-sync");
            t.setDaemon(true);
            return t;
        });
        storage.onSync(() -> rt.trace(EventType.SYNC, id.name(), null, null, null, null, null, null, null, null, null, null));
    }

    String name() {
        return id.name();
    }

    Wire.Frames<M> frames() {
        return rt.frames();
    }

    NodeId id() {
        return id;
    }

    /**
     * The node's last published state. One published lazily is built now: on the loop (at once if
     * this is the loop thread, else by a task the caller waits for, up to 2 s), or here once the loop
     * has ended.
     */
    Object published() {
        if (pending != null) {
            if (loop.inLoop() || !loop.alive()) {
                buildPending();
            } else {
                java.util.concurrent.CountDownLatch built = new java.util.concurrent.CountDownLatch(1);
                if (loop.execute(() -> {
                    buildPending();
                    built.countDown();
                })) {
                    try {
                        built.await(2, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else if (!loop.alive()) {
                    buildPending();
                }
            }
        }
        return published;
    }

    private void buildPending() {
        java.util.function.Supplier<?> p = pending;
        if (p == null) {
            return;
        }
        pending = null;
        try {
            published = p.get();
        } catch (RuntimeException e) {
            System.err.println("lab: " + id + "'s published state could not be built: " + consensuslab.core.Json.firstLine(e));
        }
    }

    boolean running() {
        return running;
    }

    /** Starts accepting connections and runs {@code onStart} on the loop. */
    void boot(boolean restart) {
        running = true;
        acceptor = new Thread(this::accept, "node-" + id + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        loop.start();
        submit(() -> {
            if (!running) {
                return;
            }
            rt.trace(restart ? EventType.RESTART : EventType.START, id.name(), null, null, null, null, null, null, null, null, null, null);
            node = rt.factory().create(new Ctx());
            handle("start", () -> node.onStart());
        });
    }

    /** Crash-stops the node: closes every socket, discards the loop and its timers. */
    void stop() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        Thread a = acceptor;
        if (a != null && a != Thread.currentThread()) {
            try {
                a.join(2000); // the listening socket is released only once its blocked accept has returned: a restart binds it again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (PeerLink l : links.values()) {
            l.close();
        }
        for (SocketChannel s : inbound) {
            PeerLink.closeQuietly(s);
        }
        // No interrupt: a handler that is running finishes (an interrupt would close its storage
        // channels under it); the tasks still queued see running == false and do nothing.
        loop.shutdown();
        try {
            if (!loop.awaitTermination(5000)) {
                System.err.println("lab: " + id + "'s handler did not return within 5 s of the stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // never interrupted either: an interrupt in FileChannel.force closes the channel
        drain(syncer, "sync did not finish");
        storage.close();
    }

    /** Shuts an executor down without interrupting it, and waits up to 5 s for its task in progress. */
    private void drain(java.util.concurrent.ExecutorService ex, String what) {
        ex.shutdown();
        try {
            if (!ex.awaitTermination(5, TimeUnit.SECONDS)) {
                System.err.println("lab: " + id + "'s " + what + " within 5 s of the stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the event loop ------------------------------------------------------------------------

    private void submit(Runnable r) {
        if (running) {
            loop.execute(r); // refused once the node stopped
        }
    }

    /** After a batch of tasks, on the loop: each link that got frames writes them, in one write if the socket takes it. */
    private void flushLinks() {
        for (int i = 0; i < unflushed.size(); i++) {
            unflushed.get(i).flush();
        }
        unflushed.clear();
    }

    /**
     * Runs a task of the node's host process on the loop, between handlers (a server that shares the
     * process and calls into its node). False if the node is stopped.
     */
    boolean execute(Runnable task) {
        if (!running) {
            return false;
        }
        submit(() -> {
            if (running && !halted) {
                task.run();
            }
        });
        return true;
    }

    /** See {@link TcpRuntime#register}; on the loop only. */
    java.nio.channels.SelectionKey register(java.nio.channels.SelectableChannel ch, int ops,
            java.util.function.Consumer<SelectionKey> handler) throws IOException {
        if (!loop.inLoop()) {
            throw new IllegalStateException("register a channel with " + id + "'s loop from a task on that loop");
        }
        ch.configureBlocking(false);
        return loop.register(ch, ops, handler::accept);
    }

    /** Runs a handler; callers check {@code running} first, so a stop never cuts a traced event short. */
    private void handle(String what, Runnable handler) {
        if (halted || node == null) {
            return;
        }
        rt.countEvent();
        try {
            handler.run();
        } catch (RuntimeException ex) {
            halted = true;
            rt.protocolError(id + " threw at " + rt.now() + " handling " + what + ": " + ex, ex);
        }
    }

    private void deliver(String from, long msgId, Message msg) {
        if (!running || halted || node == null) {
            return;
        }
        rt.countDelivered();
        rt.trace(EventType.DELIVER, null, from, id.name(), msgId, msg, null, null, null, null, null, null);
        @SuppressWarnings("unchecked")
        M m = (M) msg;
        NodeId f = rt.nodeId(from);
        handle(msg.getClass().getSimpleName(), () -> node.onMessage(f, m));
    }

    private void fire(long handle, Timer timer) {
        if (timers.remove(handle) == null || !running || halted || node == null) {
            return;
        }
        rt.trace(EventType.TIMER_FIRE, id.name(), null, null, handle, null, timer, null, null, null, null, null);
        handle(timer.getClass().getSimpleName(), () -> node.onTimer(timer));
    }

    /** The answer to a requestSync, on the loop (traced as the firing of timer {@code handle}). */
    private void synced(FileStorage.Batch batch, long handle, Synced answer) {
        storage.done(batch);
        if (!running || halted || node == null) {
            return;
        }
        rt.trace(EventType.TIMER_FIRE, id.name(), null, null, handle, null, answer, null, null, null, null, null);
        handle("Synced", () -> node.onTimer(answer));
    }

    /** A requested sync failed: the node fails as if its handler had thrown (an ensemble member then stops). */
    private void syncFailed(FileStorage.Batch batch, IOException e) {
        storage.done(batch);
        if (!running || halted || node == null) {
            return;
        }
        handle("Synced", () -> {
            throw new UncheckedIOException("cannot sync " + storage.dir() + ": " + e.getMessage(), e);
        });
    }

    // ---- links (called from link threads) ------------------------------------------------------

    void linkUp(String peer) {
        submit(() -> linksUp.add(peer));
    }

    void linkBroken(String peer) {
        submit(() -> onLinkBroken(peer));
    }

    /** On the loop. */
    private void onLinkBroken(String peer) {
        if (linksUp.remove(peer) && rt.linkKind() == LinkKind.CONNECTION && running && node != null && !halted) {
            rt.countLinkDown();
            rt.trace(EventType.LINK_DOWN, id.name(), peer, null, null, null, null, null, null, null, null, null);
            NodeId p = rt.nodeId(peer);
            handle("link_down", () -> node.onLinkDown(p));
        }
    }

    void linkDropped(Wire.Envelope e, String why) {
        if (running) {
            rt.dropped(e.from(), e.to(), e.id(), e.msg(), why);
        }
    }

    /** The acceptor thread: hands each incoming connection to the loop, which reads it from then on. */
    private void accept() {
        while (running) {
            SocketChannel s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed by stop()
            }
            if (!running) {
                PeerLink.closeQuietly(s);
                return;
            }
            inbound.add(s);
            Inbound in = new Inbound(s);
            if (!loop.execute(in::register)) {
                in.close(null);
            }
        }
    }

    /**
     * An incoming connection, read by the loop: every complete frame of a read is delivered at once,
     * in order, with no thread in between.
     */
    private final class Inbound implements EventLoop.IoHandler {
        private final SocketChannel channel;
        private ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        private String peer;

        Inbound(SocketChannel channel) {
            this.channel = channel;
        }

        /** On the loop. */
        void register() {
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                loop.register(channel, SelectionKey.OP_READ, this);
            } catch (IOException e) {
                close(null);
            }
        }

        @Override
        public void ready(SelectionKey key) {
            try {
                for (int reads = 0; reads < 8; reads++) { // a bounded share of the loop per wakeup
                    int n = channel.read(buf);
                    if (n < 0) {
                        close(key);
                        return;
                    }
                    frames();
                    if (n == 0 || buf.hasRemaining()) {
                        return; // read all there was
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (running && !(e instanceof java.net.SocketException)) {
                    System.err.println("lab: " + id + " closed a connection" + (peer == null ? "" : " from " + peer) + ": "
                            + consensuslab.core.Json.firstLine(e));
                }
                close(key);
            }
        }

        /** Delivers every complete frame in the buffer, in order, and keeps the rest for the next read. */
        private void frames() throws IOException {
            buf.flip();
            try {
                while (buf.remaining() >= 4) {
                    int len = buf.getInt(buf.position());
                    if (len < 0 || len > Wire.MAX_FRAME) {
                        throw new IOException("bad frame length " + len);
                    }
                    if (buf.remaining() < 4 + len) {
                        break;
                    }
                    Wire.Envelope e = Wire.decode(buf.array(), buf.arrayOffset() + buf.position() + 4, len, rt.frames());
                    buf.position(buf.position() + 4 + len);
                    if (peer == null) {
                        if (rt.nodeId(e.from()) == null) {
                            throw new IOException("a connection from unknown node " + e.from());
                        }
                        peer = e.from();
                        linksUp.add(peer);
                    }
                    if (e.hello()) {
                        continue;
                    }
                    if (!id.name().equals(e.to())) {
                        System.err.println("lab: " + id + " got a message for " + e.to() + " from " + e.from() + "; ignored");
                        continue;
                    }
                    deliver(peer, e.id(), e.msg());
                }
            } finally {
                buf.compact();
            }
            if (buf.position() >= 4) {
                int need = 4 + buf.getInt(0);
                if (need > buf.capacity()) {
                    ByteBuffer bigger = ByteBuffer.allocate(need);
                    buf.flip();
                    bigger.put(buf);
                    buf = bigger;
                }
            }
        }

        /** Closes the connection; the node hears that the link from its peer broke. */
        void close(SelectionKey key) {
            if (key != null) {
                key.cancel();
            }
            inbound.remove(channel);
            PeerLink.closeQuietly(channel);
            if (peer != null) {
                onLinkBroken(peer);
            }
        }
    }

    // ---- the context ---------------------------------------------------------------------------

    private final class Ctx implements Context<M> {
        private final SplittableRandom random = new SplittableRandom(
                TcpRuntime.mix(rt.seed(), rt.cluster().ordinal(id), incarnation));

        @Override
        public NodeId id() {
            return id;
        }

        @Override
        public List<NodeId> servers() {
            return rt.servers();
        }

        @Override
        public List<NodeId> clients() {
            return rt.clients();
        }

        @Override
        public void send(NodeId to, M message) {
            Objects.requireNonNull(message);
            if (!running) {
                return;
            }
            ClusterSpec.Endpoint ep = rt.cluster().endpoint(to);
            long msgId = rt.nextMessageId();
            rt.countSent();
            rt.trace(EventType.SEND, null, id.name(), to.name(), msgId, message, null, null, null, null, null, null);
            if (to.equals(id)) {
                submit(() -> deliver(id.name(), msgId, message));
                return;
            }
            PeerLink l = links.get(to.name());
            if (l == null) {
                l = new PeerLink(TcpNode.this, to.name(), ep);
                links.put(to.name(), l);
                l.start();
            }
            if (l.enqueue(new Wire.Envelope(id.name(), to.name(), msgId, message))) {
                unflushed.add(l);
            }
        }

        @Override
        public long setTimer(Timer timer, long delayMs) {
            Objects.requireNonNull(timer);
            if (delayMs < 0) {
                throw new IllegalArgumentException("negative timer delay " + delayMs);
            }
            long h = nextTimer++;
            if (!running) {
                return h;
            }
            long now = rt.now();
            EventLoop.TimerTask t = loop.schedule(() -> fire(h, timer), delayMs);
            if (t == null) {
                return h; // the node was stopped meanwhile
            }
            timers.put(h, t);
            rt.trace(EventType.TIMER_SET, id.name(), null, null, h, null, timer, now + delayMs, null, null, null, null);
            return h;
        }

        @Override
        public void requestSync(long token) {
            if (!running) {
                return;
            }
            FileStorage.Batch batch = storage.takeDirty();
            long h = nextTimer++;
            Synced answer = new Synced(token);
            rt.trace(EventType.TIMER_SET, id.name(), null, null, h, null, answer, rt.now(), null, null, null, null);
            try {
                syncer.execute(() -> {
                    try {
                        batch.force();
                    } catch (IOException e) {
                        submit(() -> syncFailed(batch, e));
                        return;
                    }
                    submit(() -> synced(batch, h, answer));
                });
            } catch (RejectedExecutionException stopped) {
                // the node was stopped meanwhile
            }
        }

        @Override
        public void cancelTimer(long handle) {
            EventLoop.TimerTask t = timers.remove(handle);
            if (t != null) {
                loop.cancel(t);
                rt.trace(EventType.TIMER_CANCEL, id.name(), null, null, handle, null, null, null, null, null, null, null);
            }
        }

        @Override
        public long now() {
            return rt.now();
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
        public void publishLazily(java.util.function.Supplier<?> state) {
            if (rt.tracing()) {
                publish(state.get());
            } else {
                pending = state;
            }
        }

        @Override
        public void publish(Object state) {
            pending = null;
            if (!Objects.equals(state, published)) {
                published = state;
                rt.trace(EventType.STATE, id.name(), null, null, null, null, null, null, state, null, null, null);
            }
        }

        @Override
        public void invoke(long opId, Object operation) {
            rt.trace(EventType.INVOKE, id.name(), null, null, opId, null, null, null, null, operation, null, null);
        }

        @Override
        public void complete(long opId, Object result) {
            rt.trace(EventType.RETURN, id.name(), null, null, opId, null, null, null, null, null, result, null);
        }

        @Override
        public void note(String text) {
            rt.trace(EventType.NOTE, id.name(), null, null, null, null, null, null, null, null, null, text);
        }

        @Override
        public Params params() {
            return rt.params();
        }
    }
}
