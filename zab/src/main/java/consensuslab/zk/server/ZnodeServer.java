package consensuslab.zk.server;

import consensuslab.zk.request.Caller;
import consensuslab.zk.request.FinalRequestProcessor;
import consensuslab.zk.request.PrepRequestProcessor;
import consensuslab.zk.request.Reply;
import consensuslab.zk.wire.Frames;
import consensuslab.zk.wire.JuteIn;
import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.wire.OpCode;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.wire.WireException;
import consensuslab.zk.znode.AddWatchMode;
import consensuslab.zk.znode.Code;
import consensuslab.zk.znode.CreateMode;
import consensuslab.zk.znode.DataTree;
import consensuslab.zk.znode.Digests;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Notification;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.OpResult;
import consensuslab.zk.znode.PathRules;
import consensuslab.zk.znode.SessionTracker;
import consensuslab.zk.znode.Stat;
import consensuslab.zk.znode.ZnodeTxn;
import consensuslab.zk.znode.TxnResult;
import consensuslab.zk.znode.WatcherType;
import consensuslab.zk.znode.ZnodeException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone znode server speaking ZooKeeper's client protocol: a thread per connection reads
 * frames and feeds ONE queue; one processor thread owns the data tree, the sessions and every
 * socket write, so requests are handled one at a time in arrival order (per-client FIFO), and a
 * watch notification is always written before any later reply. Writes become {@link ZnodeTxn}s
 * (logged, then applied) exactly as the ZAB leader will produce them.
 */
public final class ZnodeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZnodeServer.class);
    /** What srvr/stat/envi/mntr print as the version: we speak 3.9.5's protocol; we are not ZooKeeper. */
    public static final String VERSION = "3.9.5-consensuslab-zab-0.1.0, built on 2026-11-22 00:00 UTC";
    private static final byte[] PASSWORD_SECRET = "consensuslab-zab session password v1".getBytes(StandardCharsets.UTF_8);

    private final ServerSettings settings;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Map<Long, ServerConnection> connections = new LinkedHashMap<>();
    private final Map<Long, ServerConnection> bySession = new LinkedHashMap<>();
    private final long started = System.currentTimeMillis();
    private DataTree tree;
    private SessionTracker tracker;
    private StandaloneStore store;
    private ServerCnxnFactory cnxns;
    private Thread processor;
    private volatile boolean running;
    private long nextSessionId;
    private long traceMask = 306; // ZooTrace's default: client requests, server packets, sessions, warnings
    private long txnsSinceSnapshot;
    private long nextReap;
    private WritePath writePath = LOCAL;
    private java.util.concurrent.Executor loop;
    private long nextTag;
    private final Map<Long, java.util.function.Consumer<TxnResult>> waiting = new LinkedHashMap<>();

    /** The standalone write path: the server orders its own writes, at once, on the processor thread. */
    public static final WritePath LOCAL = (server, p) -> server.applyCommitted(server.tree.lastZxid() + 1, p);

    private final ServerStats stats = new ServerStats();

    private sealed interface Event {
    }

    private record Connect(ServerConnection c, Proto.ConnectRequest req) implements Event {
    }

    private record Request(ServerConnection c, Proto.RequestHeader h, JuteIn body, long received, int size) implements Event {
    }

    private record FourLetter(ServerConnection c, String word) implements Event {
    }

    private record Closed(ServerConnection c, String why) implements Event {
    }

    private record Stop() implements Event {
    }

    private record Reset(DataTree tree) implements Event {
    }

    private record Touched(List<Long> sessions) implements Event {
    }

    private record SyncPoint(long id, long zxid) implements Event {
    }

    private record NotServing(String why) implements Event {
    }

    // ---- ensemble membership (null: standalone) ---------------------------------------------
    private EnsembleLink ensemble;
    private boolean wasLeader;
    private long nextTouch;
    private long nextSessionScan;
    private long nextSyncId;
    /** Syncs waiting for the leader's answer (target -1) or for the local tree to reach the target. */
    private final Map<Long, PendingSync> syncs = new LinkedHashMap<>();
    /** Sessions whose expiry this leader has proposed and which are still in the tree. */
    private final java.util.Set<Long> expiring = new java.util.TreeSet<>();

    private static final class PendingSync {
        final ServerConnection c;
        final int xid;
        final String path;
        final Request r;
        long target = -1;

        PendingSync(ServerConnection c, int xid, String path, Request r) {
            this.c = c;
            this.xid = xid;
            this.path = path;
            this.r = r;
        }
    }

    /**
     * Makes this server one member of an ensemble (before {@link #start()}): writes go through the
     * write path to ZAB, the tree is fed only by {@link #committed} and {@link #reset}, clients are
     * served only while the peer serves, only the leader expires sessions, and sync waits for the
     * leader.
     */
    public ZnodeServer withEnsemble(EnsembleLink link) {
        this.ensemble = link;
        return this;
    }

    // The calls below come from the ensemble's peer, on its event loop, where this server's
    // processing runs too: they are handled at once.

    /** The peer's replica was created with this (empty) tree: it is the tree this server serves. */
    public void useTree(DataTree t) {
        tree = t;
        showMembership(t);
    }

    /**
     * An ensemble member's /zookeeper/config holds the membership from zoo.cfg, as ZooKeeper
     * writes it when dynamic reconfiguration is off: one {@code server.N=} line each, then
     * {@code version=0}. Curator's EnsembleTracker and zkCli's {@code config} read it.
     */
    private void showMembership(DataTree t) {
        String text = membership();
        if (text != null) {
            t.setConfigData((text + "version=0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** The {@code server.N=...} lines of an ensemble member (each ending in a newline), or null for a standalone server. */
    String membership() {
        ZooCfg cfg = settings.cfg();
        if (cfg == null || cfg.standalone()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        cfg.servers().forEach((id, spec) -> b.append("server.").append(id).append('=').append(spec).append('\n'));
        return b.toString();
    }

    /** The peer replaced its state (a snapshot at start or a SNAP sync): the tree is now this. */
    public void reset(DataTree t) {
        handleNow(new Reset(t));
    }

    /** Leader: sessions reported alive by a follower. */
    public void touched(List<Long> sessions) {
        handleNow(new Touched(List.copyOf(sessions)));
    }

    /** The leader's answer to {@link EnsembleLink#sync}: the sync completes once this replica has applied zxid. */
    public void syncPoint(long id, long zxid) {
        handleNow(new SyncPoint(id, zxid));
    }

    /** The peer refused a write because it is not serving: every client is disconnected. */
    public void notServing(String why) {
        handleNow(new NotServing(why));
    }

    /**
     * The peer's replica applied a transaction to this server's tree (tag: the write's tag if this
     * server proposed it, else 0): its watches fire and the request that asked for it is answered.
     */
    public void applied(long tag, ZnodeTxn txn, TxnResult r) {
        afterApply(tag, txn.op(), r);
    }

    /**
     * A write path that orders writes elsewhere and later (not the ensemble's): the transaction
     * it ordered, in zxid order, logged and applied here; thread-safe.
     */
    public void committed(long zxid, WritePath.Proposal p) {
        post(new Committed(zxid, p));
    }

    private record Committed(long zxid, WritePath.Proposal p) implements Event {
    }

    private void handleNow(Event e) {
        if (!step(e)) {
            close();
        }
    }

    /**
     * Runs the server's processing on the ensemble peer's event loop instead of its own thread
     * (before {@link #start()}): one thread owns the tree the peer applies to and the server reads.
     */
    public ZnodeServer withLoop(java.util.concurrent.Executor peerLoop) {
        this.loop = peerLoop;
        return this;
    }

    /** Registers a channel with the peer's event loop (called on that loop); the handler runs there when it is ready. */
    public interface LoopIo {
        java.nio.channels.SelectionKey register(java.nio.channels.SelectableChannel ch, int ops,
                java.util.function.Consumer<java.nio.channels.SelectionKey> handler) throws IOException;
    }

    private LoopIo loopIo;

    /**
     * Runs the client connections' I/O on the peer's event loop too (with {@link #withLoop}, before
     * {@link #start()}): no selector thread, no hop between a request's bytes and its processing.
     */
    public ZnodeServer withLoopIo(LoopIo io) {
        this.loopIo = io;
        return this;
    }

    /** Connections with replies queued since the last {@link #flushReplies} (loop only). */
    private final java.util.List<ServerConnection> toFlush = new ArrayList<>();

    /** A connection queued its first reply since the last flush (on the loop): flush after the tasks queued now. */
    private void flushLater(ServerConnection c) {
        toFlush.add(c);
        if (toFlush.size() == 1) {
            loop.execute(this::flushReplies); // the peer's loop runs as long as this server (a peer that stops stops the process)
        }
    }

    private void flushReplies() {
        for (ServerConnection c : toFlush) {
            c.flushDeferred();
        }
        toFlush.clear();
    }

    /** Hands an event to the processor: the server's own thread, or the peer's loop. */
    private void post(Event e) {
        if (loop == null) {
            queue.add(e);
        } else {
            loop.execute(() -> {
                if (running && !step(e)) {
                    close();
                }
            });
        }
    }

    /** "standalone", "leader", "follower" or "observer"; null while an ensemble member is not serving. */
    String mode() {
        return ensemble == null ? "standalone" : ensemble.mode();
    }

    /** Sets how writes are ordered (before {@link #start()}); {@link #LOCAL} by default. */
    public ZnodeServer withWritePath(WritePath path) {
        this.writePath = path;
        return this;
    }


    public ZnodeServer(ServerSettings settings) {
        this.settings = settings;
    }

    /** Loads the data, binds the client port and starts serving. */
    public ZnodeServer start() throws IOException {
        tracker = new SessionTracker(settings.tickTime());
        if (settings.dataDir() != null) {
            store = new StandaloneStore(settings.dataDir(), settings.dataLogDir(), settings.snapRetainCount());
            tree = store.load(settings.tree());
        } else {
            tree = new DataTree(settings.tree());
        }
        long now = System.currentTimeMillis();
        tree.sessions().forEach((id, to) -> tracker.add(id, to, now));
        long sid = Math.max(1, settings.serverId());
        nextSessionId = ((now << 24) >>> 8) | (sid << 56);
        nextReap = now + settings.containerCheckIntervalMs();
        try {
            ServerCnxnFactory.Host host = loop == null || loopIo == null ? null : new ServerCnxnFactory.Host() {
                @Override
                public void execute(Runnable task) {
                    loop.execute(task);
                }

                @Override
                public java.nio.channels.SelectionKey register(java.nio.channels.SelectableChannel ch, int ops,
                        java.util.function.Consumer<java.nio.channels.SelectionKey> handler) throws IOException {
                    return loopIo.register(ch, ops, handler);
                }
            };
            cnxns = new ServerCnxnFactory(settings, fromClients, GLOBAL_OUTSTANDING_LIMIT, host);
        } catch (IOException e) {
            if (store != null) {
                store.close();
            }
            throw e;
        }
        running = true;
        if (loop != null) {
            // on the peer's loop, a commit answers many requests at once: their replies go out together, after the loop's queued tasks
            cnxns.deferReplies(this::flushLater);
        }
        processor = new Thread(this::processLoop, "zab-processor");
        processor.setUncaughtExceptionHandler((t, e) -> Fatal.stop("the request processor thread died", e));
        processor.start();
        cnxns.start();
        startAdmin();
        registerBeans();
        LOG.info("serving clients on {}:{} ({}, zxid 0x{})", settings.bindAddress(), port(),
                ensemble == null ? "standalone" : "ensemble member " + settings.serverId(), Long.toHexString(tree.lastZxid()));
        return this;
    }

    public int port() {
        return cnxns.port();
    }

    /** A four-letter word's answer as the client port gives it, run on the processor (for the AdminServer). */
    public String fourLetterWord(String word) throws InterruptedException {
        return call(() -> fourLetter(word, null));
    }

    private AdminServer admin;

    /**
     * The AdminServer of a server started from zoo.cfg: {@code admin.serverPort} (or
     * -Dzookeeper.admin.serverPort; 8080 by default), off with {@code admin.enableServer=false}.
     * A port in use is a WARN, not a failure, as in ZooKeeper.
     */
    private void startAdmin() {
        ZooCfg cfg = settings.cfg();
        if (cfg == null) {
            return;
        }
        String enable = cfg.extra().getOrDefault("admin.enableServer", System.getProperty("zookeeper.admin.enableServer", "true"));
        if (!Boolean.parseBoolean(enable.trim())) {
            return;
        }
        String portText = cfg.extra().getOrDefault("admin.serverPort", System.getProperty("zookeeper.admin.serverPort", "8080")).trim();
        String address = cfg.extra().getOrDefault("admin.serverAddress", System.getProperty("zookeeper.admin.serverAddress", "0.0.0.0")).trim();
        try {
            int port = Integer.parseInt(portText);
            admin = AdminServer.start(address, port, w -> {
                try {
                    return fourLetterWord(w);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            });
            LOG.info("AdminServer on {}:{} (GET /commands/<name>)", address, admin.port());
        } catch (NumberFormatException e) {
            LOG.warn("AdminServer not started: admin.serverPort '{}' is not a number", portText);
        } catch (IOException | RuntimeException e) {
            LOG.warn("AdminServer not started on {}:{}: {}", address, portText, e.getMessage());
        }
    }

    private final ServerBeans beans = new ServerBeans();

    /** JMX beans of a server started from zoo.cfg (the server, its sessions, its quorum role). */
    private void registerBeans() {
        if (settings.cfg() == null) {
            return;
        }
        String name = ensemble == null ? "StandaloneServer_port" + port() : "ReplicatedServer_id" + settings.serverId();
        // off this thread: registering reads the beans, which ask the processor, and an ensemble member starts on its loop
        Thread t = new Thread(() -> beans.register(name, ensemble != null, w -> {
            try {
                return fourLetterWord(w);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (IllegalStateException e) {
                return null;
            }
        }), "zk-jmx-register");
        t.setDaemon(true);
        t.start();
    }

    /** The AdminServer's port, or -1 when it does not run. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** For tests: the tree's digest and zxid, read through the processor to avoid races. */
    public long lastZxid() throws InterruptedException {
        return call(() -> tree.lastZxid());
    }

    /**
     * Runs {@code s} on the processor and waits for its answer (10 s at most). A server that is
     * closed, or closes meanwhile, never answers: that throws at once instead of after the wait
     * (JMX reads that raced a close used to hold the close for 10 s each).
     */
    private <T> T call(java.util.function.Supplier<T> s) throws InterruptedException {
        if (!running) {
            throw new IllegalStateException("the server is closed");
        }
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        post(new Task(() -> f.complete(s.get())));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return f.get(50, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("processor did not answer", e);
            } catch (java.util.concurrent.TimeoutException e) {
                if (!running) {
                    throw new IllegalStateException("the server is closed");
                }
                if (System.nanoTime() >= end) {
                    throw new IllegalStateException("processor did not answer", e);
                }
            }
        }
    }

    private record Task(Runnable r) implements Event {
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        if (admin != null) {
            admin.close();
        }
        beans.unregister();
        cnxns.close();
        queue.add(new Stop());
        try {
            processor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- connection I/O: the factory's selector thread hands frames on ----------------------

    /** Requests read and not yet answered beyond which the selector stops reading (ZooKeeper's default). */
    static final int GLOBAL_OUTSTANDING_LIMIT = Integer.getInteger("zookeeper.globalOutstandingLimit", 1000);

    private final ServerCnxnFactory.Events fromClients = new ServerCnxnFactory.Events() {
        @Override
        public void fourLetter(ServerConnection c, String word) {
            post(new FourLetter(c, word));
        }

        @Override
        public void connect(ServerConnection c, Proto.ConnectRequest req) {
            post(new Connect(c, req));
        }

        @Override
        public void request(ServerConnection c, Proto.RequestHeader h, JuteIn body, long received, int size) {
            post(new Request(c, h, body, received, size));
        }

        @Override
        public void closed(ServerConnection c, String why) {
            post(new Closed(c, why));
        }
    };

    // ---- the processor ---------------------------------------------------------------------

    private void processLoop() {
        long tickWait = Math.max(10, settings.tickTime() / 2);
        if (ensemble != null) {
            // notice soon when the peer stops serving, so that clients fail over at once
            tickWait = Math.min(tickWait, 50);
        }
        try {
            while (true) {
                Event e = queue.poll(tickWait, TimeUnit.MILLISECONDS);
                if (e instanceof Stop) {
                    break;
                }
                if (loop != null) {
                    // an ensemble member: this thread only keeps time; the peer's loop does the work
                    ensemble.checkAlive();
                    post(new Housekeeping());
                } else if (!step(e == null ? new Housekeeping() : e)) {
                    break;
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } finally {
            for (ServerConnection c : new ArrayList<>(connections.values())) {
                c.close();
            }
            if (store != null) {
                try {
                    store.close();
                } catch (IOException e) {
                    LOG.warn("closing the log: {}", e.getMessage());
                }
            }
            running = false;
            LOG.info("stopped");
        }
    }

    private record Housekeeping() implements Event {
    }

    /** Handles one event and then the housekeeping; false if the server must stop (its log cannot be written). */
    private boolean step(Event e) {
        try {
            if (!(e instanceof Housekeeping)) {
                handle(e);
            }
            housekeeping();
            return true;
        } catch (IOException io) {
            Fatal.stop("cannot write the transaction log or a snapshot", io);
            return false;
        } catch (java.io.UncheckedIOException io) {
            Fatal.stop("cannot write the transaction log or a snapshot", io.getCause());
            return false;
        } catch (RuntimeException re) {
            LOG.error("internal error handling {}: {}", e.getClass().getSimpleName(), re.toString(), re);
            return true;
        }
    }

    private void handle(Event e) throws IOException {
        if (e instanceof Connect ce) {
            connections.put(ce.c().id, ce.c());
            connect(ce.c(), ce.req());
        } else if (e instanceof Request r) {
            request(r);
        } else if (e instanceof FourLetter f) {
            connections.put(f.c().id, f.c());
            f.c().recved++;
            String text = fourLetter(f.word(), f.c());
            f.c().sendRawAndClose(text.getBytes(StandardCharsets.UTF_8));
            forget(f.c());
        } else if (e instanceof Closed cl) {
            drop(cl.c());
        } else if (e instanceof Task t) {
            t.r().run();
        } else if (e instanceof Committed cm) {
            applyCommitted(cm.zxid(), cm.p());
        } else if (e instanceof Reset rs) {
            tree = rs.tree();
            showMembership(tree);
            LOG.info("replica replaced from a snapshot at zxid 0x{}: closing {} client connections", Long.toHexString(tree.lastZxid()),
                    connections.size());
            dropAll();
        } else if (e instanceof Touched t) {
            if (ensemble != null && "leader".equals(ensemble.mode())) {
                long now = System.currentTimeMillis();
                for (long sid : t.sessions()) {
                    tracker.touch(sid, now);
                }
            }
        } else if (e instanceof SyncPoint sp) {
            PendingSync ps = syncs.get(sp.id());
            if (ps != null && ps.target < 0) {
                ps.target = sp.zxid();
                completeSyncs();
            }
        } else if (e instanceof NotServing ns) {
            if (!connections.isEmpty()) {
                LOG.info("peer not serving ({}): closing {} client connections", ns.why(), connections.size());
            }
            dropAll();
        }
    }

    /** Closes every client connection (sessions live on; their clients reconnect, here or elsewhere). */
    private void dropAll() {
        for (ServerConnection c : new ArrayList<>(connections.values())) {
            drop(c);
        }
        syncs.clear();
    }

    /** Answers the syncs whose target zxid this replica has reached, in the order they were asked. */
    private void completeSyncs() {
        if (syncs.isEmpty()) {
            return;
        }
        for (java.util.Iterator<PendingSync> it = syncs.values().iterator(); it.hasNext(); ) {
            PendingSync ps = it.next();
            if (ps.c.closed) {
                it.remove();
            } else if (ps.target >= 0 && tree.lastZxid() >= ps.target) {
                it.remove();
                reply(ps.c, ps.xid, Code.OK, o -> o.writeString(ps.path), ps.r);
                ps.c.inFlight--;
                drainParked(ps.c);
            }
        }
    }

    /** Closes a connection at once and forgets it (its session lives on until expiry or close). */
    private void drop(ServerConnection c) {
        c.close();
        forget(c);
    }

    /** Closes a connection after the replies already queued for it, and forgets it. */
    private void dropAfterReplies(ServerConnection c) {
        c.closeAfterWrites();
        forget(c);
    }

    private void forget(ServerConnection c) {
        if (c.overflowed) {
            LOG.warn("closed connection from {}: more than {} bytes of replies waiting, the client is not reading",
                    c.remote, ServerConnection.MAX_QUEUED_BYTES);
        }
        if (c.dropped) {
            return;
        }
        c.dropped = true;
        connections.remove(c.id);
        tree.removeWatcher(c.id);
        if (c.sessionId != 0 && bySession.get(c.sessionId) == c) {
            bySession.remove(c.sessionId);
        }
        cnxns.forgotten(c);
    }

    private void housekeeping() throws IOException {
        long now = System.currentTimeMillis();
        cnxns.tick(now);
        if (ensemble != null) {
            ensemble.tick(now);
            String mode = ensemble.mode();
            if (mode == null) {
                if (!connections.isEmpty()) {
                    LOG.info("peer is looking for a leader: closing {} client connections", connections.size());
                }
                dropAll();
                wasLeader = false;
                return;
            }
            if (!mode.equals("leader")) {
                wasLeader = false;
                if (now >= nextTouch) {
                    nextTouch = now + Math.max(10, settings.tickTime() / 2);
                    java.util.Set<Long> stale = new java.util.HashSet<>(tracker.expired(now));
                    List<Long> alive = new ArrayList<>();
                    for (long sid : bySession.keySet()) {
                        if (!stale.contains(sid)) {
                            alive.add(sid);
                        }
                    }
                    if (!alive.isEmpty()) {
                        ensemble.touch(alive);
                    }
                }
                return;
            }
            // the leader decides expiry for every session in the tree: a new leader gives each a fresh timeout
            if (!wasLeader) {
                wasLeader = true;
                for (long sid : new ArrayList<>(tracker.expiries().keySet())) {
                    tracker.remove(sid);
                }
                expiring.clear();
                nextSessionScan = 0;
            }
            if (now >= nextSessionScan) {
                // track exactly the sessions of the tree (created or closed through any server)
                nextSessionScan = now + Math.max(10, settings.tickTime() / 2);
                Map<Long, Integer> live = tree.sessions();
                expiring.retainAll(live.keySet());
                for (long sid : tracker.expiries().keySet()) {
                    if (!live.containsKey(sid)) {
                        tracker.remove(sid);
                    }
                }
                for (Map.Entry<Long, Integer> s : live.entrySet()) {
                    if (!tracker.contains(s.getKey()) && !expiring.contains(s.getKey())) {
                        tracker.add(s.getKey(), s.getValue(), now);
                    }
                }
            }
        }
        for (long sid : tracker.expired(now)) {
            if (ensemble != null) {
                expiring.add(sid);
            }
            LOG.info("Expiring session 0x{}, timeout of {}ms exceeded", Long.toHexString(sid), tree.sessions().get(sid));
            tracker.remove(sid);
            ServerConnection c = bySession.remove(sid);
            if (c != null) {
                drop(c);
            }
            propose(null, sid, List.of(), new Op.CloseSession(sid), null);
        }
        if (now >= nextReap) {
            nextReap = now + settings.containerCheckIntervalMs();
            for (String p : tree.reapable(now)) {
                propose(null, 0, List.of(), new Op.DeleteContainer(p), null);
            }
        }
    }

    /**
     * The one place where a write becomes durable and applied. In an ensemble this is where the
     * ZAB leader proposes the txn and every replica applies it on commit.
     */
    private void propose(ServerConnection c, long sessionId, List<Id> auth, Op op,
                         java.util.function.Consumer<TxnResult> then) {
        long tag = ++nextTag;
        if (c != null) {
            c.inFlight++;
        }
        waiting.put(tag, r -> {
            if (then != null) {
                then.accept(r);
            }
            if (c != null) {
                c.inFlight--;
                drainParked(c);
            }
        });
        writePath.propose(this, new WritePath.Proposal(tag, System.currentTimeMillis(), sessionId, auth, op));
    }

    /** Runs the requests a connection sent while its write was being ordered, until another write parks it. */
    private void drainParked(ServerConnection c) {
        while (!c.parked.isEmpty() && !c.closed && (c.inFlight == 0 || isWrite(c.parked.peek()))) {
            Object next = c.parked.poll();
            if (next instanceof Runnable deferredReply) {
                deferredReply.run();
                continue;
            }
            try {
                process((Request) next);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static boolean isWrite(Object parked) {
        return parked instanceof Request r && PrepRequestProcessor.isWrite(r.h().type());
    }

    /** Standalone: applies a transaction the server ordered itself (log first), then answers. */
    void applyCommitted(long zxid, WritePath.Proposal p) {
        ZnodeTxn txn = new ZnodeTxn(zxid, p.time(), p.sessionId(), p.auth(), p.op());
        TxnResult r;
        try {
            r = commit(txn);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        afterApply(p.tag(), p.op(), r);
    }

    /** After a transaction was applied to the tree: its watches fire, and its request is resumed. */
    private void afterApply(long tag, Op op, TxnResult r) {
        deliver(r.notifications());
        java.util.function.Consumer<TxnResult> k = tag == 0 ? null : waiting.remove(tag);
        if (k != null) {
            k.accept(r);
        } else if (ensemble != null && op instanceof Op.CloseSession cs) {
            // another server closed or expired a session: its client here is disconnected
            tracker.remove(cs.sessionId());
            ServerConnection c = bySession.remove(cs.sessionId());
            if (c != null) {
                drop(c);
            }
        }
        completeSyncs();
    }

    private TxnResult commit(ZnodeTxn txn) throws IOException {
        if (store != null) {
            store.append(txn);
        }
        TxnResult r = tree.apply(txn);
        if (store != null && ++txnsSinceSnapshot >= settings.snapCount()) {
            txnsSinceSnapshot = 0;
            store.snapshot(tree);
        }
        return r;
    }

    private void deliver(List<Notification> ns) {
        for (Notification n : ns) {
            ServerConnection c = connections.get(n.watcher());
            if (c == null) {
                continue;
            }
            JuteOut o = new JuteOut();
            new Proto.ReplyHeader(OpCode.XID_NOTIFICATION, n.zxid(), 0).write(o);
            new Proto.WatcherEvent(n.type().intValue(), 3, n.path()).write(o);
            c.send(o);
            stats.sent();
        }
    }

    static byte[] password(long sessionId) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(PASSWORD_SECRET);
            for (int i = 7; i >= 0; i--) {
                md.update((byte) (sessionId >>> (8 * i)));
            }
            return Arrays.copyOf(md.digest(), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void connect(ServerConnection c, Proto.ConnectRequest req) throws IOException {
        c.recved++;
        stats.received();
        if (ensemble != null && ensemble.mode() == null) {
            LOG.info("Closing connection from {}: not serving (the peer is looking for a leader)", c.remote);
            drop(c);
            return;
        }
        if (req.lastZxidSeen() > tree.lastZxid()) {
            LOG.info("Refusing session request for client {} as it has seen zxid 0x{} our last zxid is 0x{}",
                    c.remote, Long.toHexString(req.lastZxidSeen()), Long.toHexString(tree.lastZxid()));
            drop(c);
            return;
        }
        int to = Math.max(settings.minSessionTimeout(), Math.min(settings.maxSessionTimeout(), req.timeOut()));
        long now = System.currentTimeMillis();
        long sid = req.sessionId();
        if (sid == 0) {
            do {
                sid = nextSessionId++;
            } while (sid == 0 || sid == Long.MIN_VALUE || tree.hasSession(sid));
            long newSid = sid;
            c.sessionId = sid;
            c.timeout = to;
            propose(c, sid, List.of(), new Op.CreateSession(sid, to), r -> {
                tracker.add(newSid, to, System.currentTimeMillis());
                LOG.info("Established session 0x{} with negotiated timeout {} for client {}", Long.toHexString(newSid), to, c.remote);
                accepted(c, newSid, to);
            });
            return;
        } else if (!tree.hasSession(sid) || !Arrays.equals(req.passwd(), password(sid))) {
            LOG.info("Invalid session 0x{} for client {}, probably expired", Long.toHexString(sid), c.remote);
            JuteOut o = new JuteOut();
            new Proto.ConnectResponse(0, 0, 0, new byte[16], false).write(o);
            c.send(o);
            dropAfterReplies(c);
            return;
        } else {
            ServerConnection old = bySession.get(sid);
            if (old != null && old != c) {
                drop(old);
            }
            if (!tracker.contains(sid)) {
                tracker.add(sid, to, now);
            } else {
                tracker.setTimeout(sid, to, now);
            }
            LOG.info("Reconnected session 0x{} with negotiated timeout {} for client {}", Long.toHexString(sid), to, c.remote);
        }
        c.sessionId = sid;
        c.timeout = to;
        accepted(c, sid, to);
    }

    private void accepted(ServerConnection c, long sid, int to) {
        bySession.put(sid, c);
        JuteOut o = new JuteOut();
        new Proto.ConnectResponse(0, to, sid, password(sid), false).write(o);
        c.send(o);
        stats.sent();
    }

    /**
     * A request in arrival order. Per-client FIFO, as ZooKeeper's CommitProcessor keeps it: while
     * writes of this connection are being ordered, a write is proposed at once behind them (writes
     * of one session are pipelined: ZAB keeps their order, so their replies keep it too), but any
     * other request waits until they are applied, and so does everything after a waiting request.
     */
    private void request(Request r) throws IOException {
        ServerConnection c = r.c();
        if (c.closed) {
            return;
        }
        if (c.inFlight > 0 || !c.parked.isEmpty()) {
            if (c.sessionId != 0) {
                tracker.touch(c.sessionId, System.currentTimeMillis());
            }
            if (!c.parked.isEmpty() || !PrepRequestProcessor.isWrite(r.h().type())) {
                c.parked.add(r);
                return;
            }
        }
        process(r);
    }

    private void process(Request r) throws IOException {
        ServerConnection c = r.c();
        if (c.sessionId == 0) {
            return;
        }
        c.recved++;
        stats.received();
        long now = System.currentTimeMillis();
        tracker.touch(c.sessionId, now);
        int type = r.h().type();
        int xid = r.h().xid();
        c.lastOp = OpCode.shortName(type);
        if (xid >= 0) {
            c.lastCxid = xid;
        }
        if (type == OpCode.PING) {
            reply(c, OpCode.XID_PING, Code.OK, null, r);
            return;
        }
        if (type == OpCode.AUTH) {
            auth(c, r);
            return;
        }
        Proto.Request body;
        try {
            body = Proto.decode(type, r.body());
        } catch (WireException e) {
            LOG.warn("closing connection from {}: cannot decode request type {}: {}", c.remote, type, e.getMessage());
            reply(c, xid, Code.MARSHALLINGERROR, null, r);
            dropAfterReplies(c);
            return;
        }
        if (body == null || type == OpCode.CHECK || type == OpCode.SASL) {
            LOG.warn("closing connection from {}: unimplemented request type {}", c.remote, type);
            reply(c, xid, Code.UNIMPLEMENTED, null, r);
            dropAfterReplies(c);
            return;
        }
        try {
            dispatch(c, type, xid, body, r);
        } catch (ZnodeException e) {
            if (c.inFlight > 0) {
                // a write refused before ordering, behind writes still being ordered: its reply waits its turn
                c.parked.addFirst((Runnable) () -> reply(c, xid, e.code(), null, r));
            } else {
                reply(c, xid, e.code(), null, r);
            }
        }
    }

    private void auth(ServerConnection c, Request r) {
        Proto.AuthPacket p;
        try {
            p = Proto.AuthPacket.read(r.body());
        } catch (WireException e) {
            LOG.warn("closing connection from {}: bad auth packet: {}", c.remote, e.getMessage());
            drop(c);
            return;
        }
        if ("digest".equals(p.scheme()) && p.auth() != null) {
            Id id = new Id("digest", Digests.digestId(new String(p.auth(), StandardCharsets.UTF_8)));
            if (!c.auth.contains(id)) {
                c.auth.add(id);
            }
            reply(c, OpCode.XID_AUTH, Code.OK, null, r);
        } else {
            stats.authFailed();
            LOG.warn("Authentication failed for scheme: {} from {}", p.scheme(), c.remote);
            reply(c, OpCode.XID_AUTH, Code.AUTHFAILED, null, r);
            dropAfterReplies(c);
        }
    }

    private interface Body {
        void write(JuteOut o);
    }

    private void reply(ServerConnection c, int xid, Code err, Body body, Request r) {
        JuteOut o = new JuteOut();
        long zxid = tree.lastZxid();
        new Proto.ReplyHeader(xid, zxid, err.intValue()).write(o);
        if (body != null && err == Code.OK) {
            body.write(o);
        }
        long now = System.currentTimeMillis();
        long lat = Math.max(0, now - r.received());
        c.latency(lat);
        c.lastZxid = zxid;
        c.lastResponse = now;
        stats.replied(lat, o.size());
        if (c.send(o)) {
            stats.sent();
        }
        cnxns.answered(c);
    }

    /** The same as {@link #reply(ServerConnection, int, Code, Body, Request)} for a processor's {@link Reply}. */
    private void reply(ServerConnection c, int xid, Reply rep, Request r) {
        Reply.Body b = rep.body();
        reply(c, xid, rep.code(), b == null ? null : b::write, r);
    }

    /** A request this server answers itself (not from the tree alone): sessions, sync, watches it must deliver. */
    @FunctionalInterface
    private interface ServerHandler {
        void handle(ServerConnection c, int type, int xid, Proto.Request body, Request r) throws ZnodeException;
    }

    /** The requests that need the server, by opcode; reads go to {@link FinalRequestProcessor}, writes through {@link PrepRequestProcessor}. */
    private final Map<Integer, ServerHandler> serverHandlers = Map.of(
            OpCode.SYNC, this::sync,
            OpCode.SET_WATCHES, this::setWatches,
            OpCode.SET_WATCHES2, this::setWatches,
            OpCode.CLOSE_SESSION, this::closeSession,
            OpCode.RECONFIG, (c, type, xid, body, r) -> {
                throw new ZnodeException(Code.RECONFIGDISABLED, null);
            });

    /**
     * The processor chain for one decoded request: a write is prepared into its transaction's op
     * and proposed, and answered from its result once applied; a read is answered from the tree.
     */
    private void dispatch(ServerConnection c, int type, int xid, Proto.Request body, Request r) throws ZnodeException {
        if (PrepRequestProcessor.isWrite(type)) {
            Op op = PrepRequestProcessor.prepare(type, body);
            propose(c, c.sessionId, c.auth, op, tr -> reply(c, xid, FinalRequestProcessor.answer(type, body, tr.result()), r));
        } else if (FinalRequestProcessor.isRead(type)) {
            reply(c, xid, FinalRequestProcessor.read(type, body, tree, new Caller(c.id, c.sessionId, c.auth)), r);
        } else if (serverHandlers.containsKey(type)) {
            serverHandlers.get(type).handle(c, type, xid, body, r);
        } else {
            reply(c, xid, Code.UNIMPLEMENTED, null, r);
            dropAfterReplies(c);
        }
    }

    private void sync(ServerConnection c, int type, int xid, Proto.Request body, Request r) throws ZnodeException {
        String path = ((Proto.PathRequest) body).path();
        if (!PathRules.valid(path)) {
            throw new ZnodeException(Code.BADARGUMENTS, path);
        }
        if (ensemble != null) {
            // wait for the leader's last proposed zxid, then for this replica to apply it
            long id = ++nextSyncId;
            c.inFlight++;
            syncs.put(id, new PendingSync(c, xid, path, r));
            ensemble.sync(id);
            return;
        }
        // standalone: every earlier write is already applied
        reply(c, xid, Code.OK, o -> o.writeString(path), r);
    }

    private void setWatches(ServerConnection c, int type, int xid, Proto.Request body, Request r) {
        Proto.SetWatchesRequest s = (Proto.SetWatchesRequest) body;
        deliver(tree.setWatches(s.relativeZxid(), s.data(), s.exist(), s.child(), s.persistent(), s.recursive(), c.id));
        reply(c, xid, Code.OK, null, r);
    }

    private void closeSession(ServerConnection c, int type, int xid, Proto.Request body, Request r) {
        long sid = c.sessionId;
        tracker.remove(sid);
        propose(c, sid, c.auth, new Op.CloseSession(sid), tr -> {
            reply(c, xid, Code.OK, null, r);
            LOG.info("Closed session 0x{} for client {}", Long.toHexString(sid), c.remote);
            if (bySession.get(sid) == c) {
                bySession.remove(sid);
            }
            dropAfterReplies(c);
        });
    }

    // ---- four-letter words -----------------------------------------------------------------

    private String fourLetter(String word, ServerConnection self) {
        if (!settings.fourLetterWhitelist().contains(word)) {
            return word + " is not executed because it is not in the whitelist.\n";
        }
        return new FourLetterWords(this, self).run(word);
    }

    // accessors for FourLetterWords (processor thread only)
    /** ZooKeeper's text trace mask (gtmk/stmk): 306 by default; we keep it for the words, nothing reads it. */
    long traceMask() {
        return traceMask;
    }

    void traceMask(long mask) {
        traceMask = mask;
    }

    /** The ensemble peer of a member, null for a standalone server. */
    EnsembleLink link() {
        return ensemble;
    }

    DataTree tree() {
        return tree;
    }

    SessionTracker tracker() {
        return tracker;
    }

    ServerSettings settings() {
        return settings;
    }

    List<ServerConnection> connectionList() {
        return new ArrayList<>(connections.values());
    }

    long started() {
        return started;
    }

    long[] latency() {
        return stats.latency();
    }

    long[] packets() {
        return stats.packets();
    }

    int outstanding() {
        return cnxns.outstanding();
    }

    void resetServerStats() {
        stats.reset();
    }

    StandaloneStore store() {
        return store;
    }
}
