package consensuslab.zk.client;

import consensuslab.zk.wire.Frames;
import consensuslab.zk.wire.JuteIn;
import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.wire.OpCode;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.AddWatchMode;
import consensuslab.zk.znode.Code;
import consensuslab.zk.znode.CreateMode;
import consensuslab.zk.znode.WatchEventType;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.OpResult;
import consensuslab.zk.znode.PathRules;
import consensuslab.zk.znode.Stat;
import consensuslab.zk.znode.WatcherType;
import consensuslab.zk.znode.ZnodeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client with ZooKeeper's API shape, speaking ZooKeeper's binary protocol.
 *
 * <p>The connect string lists servers ({@code host1:port1,host2:port2}) optionally followed by a
 * chroot ({@code /app}). One I/O thread connects to the servers in turn, keeps the session alive
 * with pings, and on a lost connection moves the session to the next server (same id and
 * password, last zxid seen, auth and watches re-sent). Requests are answered in the order they were
 * sent; requests pending when a connection drops fail with CONNECTIONLOSS. Watchers and callbacks
 * run on one event thread, in order.
 */
public final class ZkClient implements AutoCloseable {
    /** Largest data a request may carry (jute.maxbuffer minus room for the request itself). */
    public static final int MAX_DATA = 0xfffff - 1024;

    private enum State { CONNECTING, CONNECTED, CLOSED }

    private final List<InetSocketAddress> hosts = new ArrayList<>();
    private final String chroot;
    private final int requestedTimeout;
    private final Watcher defaultWatcher;
    private final ExecutorService events;
    private final Object lock = new Object();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final List<Proto.AuthPacket> authInfo = new CopyOnWriteArrayList<>();
    private final Object watchLock = new Object();
    private final Map<String, Set<Watcher>> dataWatches = new LinkedHashMap<>();
    private final Map<String, Set<Watcher>> existWatches = new LinkedHashMap<>();
    private final Map<String, Set<Watcher>> childWatches = new LinkedHashMap<>();
    private final Map<String, Set<Watcher>> persistentWatches = new LinkedHashMap<>();
    private final Map<String, Set<Watcher>> recursiveWatches = new LinkedHashMap<>();
    private final Thread io;
    private volatile State state = State.CONNECTING;
    private volatile boolean expired;
    private volatile boolean closing;
    private Socket socket;
    private OutputStream out;
    private int nextXid = 1;
    private long lastSend;
    private volatile long sessionId;
    private volatile byte[] passwd = new byte[16];
    private volatile int negotiatedTimeout;
    private volatile long lastZxid;
    private volatile String connectedTo;
    private int hostIndex;

    private static final class Pending {
        final int xid;
        final int type;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        final Decoder decoder;
        final Runnable onOk;
        final Runnable onNoNode;

        Pending(int xid, int type, Decoder decoder, Runnable onOk, Runnable onNoNode) {
            this.xid = xid;
            this.type = type;
            this.decoder = decoder;
            this.onOk = onOk;
            this.onNoNode = onNoNode;
        }
    }

    @FunctionalInterface
    private interface Decoder {
        Object decode(JuteIn in) throws IOException;
    }

    /** Starts connecting in the background; see {@link #waitConnected}. */
    public ZkClient(String connectString, int sessionTimeoutMs, Watcher watcher) {
        this(connectString, sessionTimeoutMs, watcher, 0, new byte[16]);
    }

    /**
     * Resumes an existing session (its id and password, e.g. from another client) on any server of
     * the connect string; a server that no longer knows it answers with an Expired state event.
     */
    public ZkClient(String connectString, int sessionTimeoutMs, Watcher watcher, long sessionId, byte[] sessionPasswd) {
        this.sessionId = sessionId;
        this.passwd = sessionPasswd == null ? new byte[16] : sessionPasswd.clone();
        String hostsPart = connectString;
        String root = "";
        int slash = connectString.indexOf('/');
        if (slash >= 0) {
            hostsPart = connectString.substring(0, slash);
            root = connectString.substring(slash);
            if (root.equals("/")) {
                root = "";
            } else if (PathRules.problem(root, false) != null) {
                throw new IllegalArgumentException("Invalid chroot \"" + root + "\": " + PathRules.problem(root, false));
            }
        }
        for (String h : hostsPart.split(",")) {
            h = h.trim();
            if (h.isEmpty()) {
                continue;
            }
            int colon = h.lastIndexOf(':');
            String host = colon < 0 ? h : h.substring(0, colon);
            int port = 2181;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(h.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad port in connect string: '" + h + "'");
                }
            }
            hosts.add(InetSocketAddress.createUnresolved(host, port));
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("A HostProvider may not be empty!");
        }
        this.chroot = root;
        this.requestedTimeout = sessionTimeoutMs;
        this.defaultWatcher = watcher;
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "zab-client-events");
            t.setDaemon(true);
            return t;
        });
        this.io = new Thread(this::ioLoop, "zab-client-io");
        io.setDaemon(true);
        io.start();
        Thread pinger = new Thread(this::pingLoop, "zab-client-ping");
        pinger.setDaemon(true);
        pinger.start();
    }

    /** Waits until connected; false on timeout or if the session ended. */
    public boolean waitConnected(long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        synchronized (lock) {
            while (state != State.CONNECTED) {
                long left = end - System.currentTimeMillis();
                if (left <= 0 || state == State.CLOSED) {
                    return false;
                }
                lock.wait(left);
            }
            return true;
        }
    }

    public long getSessionId() {
        return sessionId;
    }

    public byte[] getSessionPasswd() {
        return passwd.clone();
    }

    public int getSessionTimeout() {
        return negotiatedTimeout;
    }

    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    public boolean isAlive() {
        return state != State.CLOSED;
    }

    /** host:port of the current server, or null. */
    public String connectedTo() {
        return connectedTo;
    }

    // ---- connection management -------------------------------------------------------------

    private void ioLoop() {
        int failures = 0;
        while (state != State.CLOSED) {
            InetSocketAddress h = hosts.get(hostIndex++ % hosts.size());
            boolean wasConnected = false;
            try {
                Socket s = new Socket();
                int connectTimeout = Math.max(1000, requestedTimeout / hosts.size());
                s.connect(new InetSocketAddress(h.getHostString(), h.getPort()), connectTimeout);
                s.setTcpNoDelay(true);
                s.setSoTimeout(Math.max(1000, requestedTimeout));
                InputStream in = s.getInputStream();
                OutputStream o = s.getOutputStream();
                JuteOut req = new JuteOut();
                new Proto.ConnectRequest(0, lastZxid, requestedTimeout, sessionId, passwd, false).write(req);
                o.write(req.frame());
                o.flush();
                Proto.ConnectResponse resp = Proto.ConnectResponse.read(new JuteIn(Frames.readFrame(in, 0xfffff)));
                if (resp.timeOut() <= 0) {
                    s.close();
                    expire();
                    return;
                }
                sessionId = resp.sessionId();
                passwd = resp.passwd();
                negotiatedTimeout = resp.timeOut();
                s.setSoTimeout(Math.max(500, negotiatedTimeout * 2 / 3));
                synchronized (lock) {
                    if (state == State.CLOSED) {
                        s.close();
                        return;
                    }
                    socket = s;
                    out = o;
                    for (Proto.AuthPacket a : authInfo) {
                        sendLocked(OpCode.XID_AUTH, OpCode.AUTH, a);
                    }
                    Proto.SetWatchesRequest sw = setWatchesRequest();
                    if (sw != null) {
                        int xid = nextXid();
                        pending.add(new Pending(xid, sw.v2() ? OpCode.SET_WATCHES2 : OpCode.SET_WATCHES, in2 -> null, null, null));
                        sendLocked(xid, sw.v2() ? OpCode.SET_WATCHES2 : OpCode.SET_WATCHES, sw);
                    }
                    state = State.CONNECTED;
                    connectedTo = h.getHostString() + ":" + h.getPort();
                    lock.notifyAll();
                }
                wasConnected = true;
                failures = 0;
                connectFailures = 0;
                stateEvent(KeeperState.SyncConnected);
                readLoop(in);
            } catch (IOException e) {
                // fall through to reconnect
            }
            synchronized (lock) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                    socket = null;
                    out = null;
                }
                connectedTo = null;
                if (state != State.CLOSED) {
                    state = State.CONNECTING;
                }
                failAllLocked(Code.CONNECTIONLOSS);
            }
            if (state == State.CLOSED || closing) {
                return;
            }
            if (wasConnected) {
                stateEvent(KeeperState.Disconnected);
            }
            failures++;
            connectFailures = failures;
            try {
                Thread.sleep(failures <= hosts.size() ? 50 : Math.min(1000, 100L * failures));
            } catch (InterruptedException ie) {
                return;
            }
        }
    }

    private void expire() {
        synchronized (lock) {
            state = State.CLOSED;
            expired = true;
            failAllLocked(Code.SESSIONEXPIRED);
            lock.notifyAll();
        }
        stateEvent(KeeperState.Expired);
    }

    private void failAllLocked(Code code) {
        Pending p;
        while ((p = pending.poll()) != null) {
            p.future.completeExceptionally(new ZnodeException(code, null));
        }
    }

    private void readLoop(InputStream in) throws IOException {
        while (true) {
            byte[] frame = Frames.readFrame(in, 0xfffff);
            JuteIn r = new JuteIn(frame);
            Proto.ReplyHeader h = Proto.ReplyHeader.read(r);
            if (h.xid() == OpCode.XID_NOTIFICATION) {
                Proto.WatcherEvent we = Proto.WatcherEvent.read(r);
                notification(we, h.zxid());
                continue;
            }
            if (h.xid() == OpCode.XID_PING) {
                continue;
            }
            if (h.xid() == OpCode.XID_AUTH) {
                if (h.err() != 0) {
                    stateEvent(KeeperState.AuthFailed);
                }
                continue;
            }
            Pending p;
            synchronized (lock) {
                p = pending.poll();
            }
            if (p == null || p.xid != h.xid()) {
                throw new IOException("Xid out of order. Got Xid " + h.xid() + " expected " + (p == null ? "none" : p.xid));
            }
            if (h.zxid() > 0) {
                lastZxid = h.zxid();
            }
            if (h.err() != 0) {
                Code c = Code.of(h.err());
                if (c == Code.NONODE && p.onNoNode != null) {
                    p.onNoNode.run();
                }
                p.future.completeExceptionally(new ZnodeException(c == null ? Code.SYSTEMERROR : c, null));
            } else {
                Object v = p.decoder.decode(r);
                if (p.onOk != null) {
                    p.onOk.run();
                }
                p.future.complete(v);
            }
        }
    }

    private void pingLoop() {
        while (state != State.CLOSED) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                if (state == State.CONNECTED && negotiatedTimeout > 0
                        && System.currentTimeMillis() - lastSend > Math.max(100, negotiatedTimeout / 3)) {
                    try {
                        sendLocked(OpCode.XID_PING, OpCode.PING, null);
                    } catch (IOException e) {
                        closeSocketLocked();
                    }
                }
            }
        }
    }

    private void closeSocketLocked() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // the io thread notices
        }
    }

    private int nextXid() {
        int x = nextXid;
        nextXid = nextXid == Integer.MAX_VALUE ? 1 : nextXid + 1;
        return x;
    }

    private void sendLocked(int xid, int type, Proto.Request body) throws IOException {
        JuteOut o = new JuteOut();
        new Proto.RequestHeader(xid, type).write(o);
        if (body != null) {
            body.write(o);
        }
        out.write(o.frame());
        out.flush();
        lastSend = System.currentTimeMillis();
    }

    /** Connection attempts that failed since the last success (each host tried counts one). */
    private volatile int connectFailures;
    private volatile boolean failFast;

    /**
     * Fail requests with CONNECTIONLOSS as soon as every host has refused a connection, instead of
     * waiting up to the session timeout for one to come back: what zkCli does when no server runs.
     */
    public ZkClient failFast() {
        failFast = true;
        return this;
    }

    /** Whether every host of the connect string refused the last round of connection attempts. */
    public boolean unreachable() {
        return state == State.CONNECTING && connectFailures >= hosts.size();
    }

    private CompletableFuture<Object> submit(int type, Proto.Request body, Decoder d, Runnable onOk, Runnable onNoNode) {
        synchronized (lock) {
            long end = System.currentTimeMillis() + Math.max(1000, requestedTimeout);
            while (state == State.CONNECTING) {
                if (failFast && unreachable()) {
                    break;
                }
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(failFast ? Math.min(left, 50) : left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (state != State.CONNECTED) {
                CompletableFuture<Object> f = new CompletableFuture<>();
                // a closed client's session is gone, as Apache's client reports it
                f.completeExceptionally(new ZnodeException(expired || state == State.CLOSED ? Code.SESSIONEXPIRED : Code.CONNECTIONLOSS, null));
                return f;
            }
            int xid = nextXid();
            Pending p = new Pending(xid, type, d, onOk, onNoNode);
            pending.add(p);
            try {
                sendLocked(xid, type, body);
            } catch (IOException e) {
                closeSocketLocked();
            }
            return p.future;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T await(CompletableFuture<?> f, String path) throws ZnodeException, InterruptedException {
        try {
            return (T) f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ZnodeException z) {
                throw new ZnodeException(z.code(), z.path() != null ? z.path() : path);
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    // ---- events and watches --------------------------------------------------------------

    private void stateEvent(KeeperState s) {
        if (defaultWatcher != null) {
            WatchedEvent e = new WatchedEvent(WatchEventType.None, s, null, -1);
            events.execute(() -> defaultWatcher.process(e));
        }
    }

    private void notification(Proto.WatcherEvent we, long zxid) {
        String serverPath = we.path();
        String path = strip(serverPath);
        WatchEventType type = WatchEventType.of(we.type());
        if (type == null) {
            return;
        }
        Set<Watcher> targets = new LinkedHashSet<>();
        synchronized (watchLock) {
            switch (type) {
                case NodeCreated:
                case NodeDataChanged:
                    take(dataWatches, path, targets);
                    take(existWatches, path, targets);
                    break;
                case NodeChildrenChanged:
                    take(childWatches, path, targets);
                    break;
                case NodeDeleted:
                    take(dataWatches, path, targets);
                    take(existWatches, path, targets);
                    take(childWatches, path, targets);
                    break;
                default:
                    break;
            }
            Set<Watcher> p = persistentWatches.get(path);
            if (p != null) {
                targets.addAll(p);
            }
            if (type != WatchEventType.NodeChildrenChanged) {
                String q = path;
                while (true) {
                    Set<Watcher> r = recursiveWatches.get(q);
                    if (r != null) {
                        targets.addAll(r);
                    }
                    if (q.equals("/")) {
                        break;
                    }
                    q = PathRules.parent(q);
                }
            }
        }
        WatchedEvent e = new WatchedEvent(type, KeeperState.of(we.state()), path, zxid);
        for (Watcher w : targets) {
            events.execute(() -> w.process(e));
        }
    }

    private static void take(Map<String, Set<Watcher>> m, String path, Set<Watcher> into) {
        Set<Watcher> s = m.remove(path);
        if (s != null) {
            into.addAll(s);
        }
    }

    private void register(Map<String, Set<Watcher>> m, String path, Watcher w) {
        if (w == null) {
            return;
        }
        synchronized (watchLock) {
            m.computeIfAbsent(path, k -> new LinkedHashSet<>()).add(w);
        }
    }

    private Proto.SetWatchesRequest setWatchesRequest() {
        synchronized (watchLock) {
            if (dataWatches.isEmpty() && existWatches.isEmpty() && childWatches.isEmpty() && persistentWatches.isEmpty()
                    && recursiveWatches.isEmpty()) {
                return null;
            }
            boolean v2 = !persistentWatches.isEmpty() || !recursiveWatches.isEmpty();
            return new Proto.SetWatchesRequest(lastZxid, server(dataWatches.keySet()), server(existWatches.keySet()),
                    server(childWatches.keySet()), server(persistentWatches.keySet()), server(recursiveWatches.keySet()), v2);
        }
    }

    private List<String> server(Set<String> paths) {
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            out.add(prepend(p));
        }
        return out;
    }

    private String prepend(String path) {
        if (chroot.isEmpty()) {
            return path;
        }
        return path.equals("/") ? chroot : chroot + path;
    }

    private String strip(String serverPath) {
        if (chroot.isEmpty() || serverPath == null) {
            return serverPath;
        }
        if (serverPath.equals(chroot)) {
            return "/";
        }
        if (serverPath.startsWith(chroot + "/")) {
            return serverPath.substring(chroot.length());
        }
        return serverPath;
    }

    private Watcher w(boolean watch) {
        return watch ? defaultWatcher : null;
    }

    private static void validate(String path, boolean sequential) {
        String problem = PathRules.problem(path, sequential);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid path string \"" + path + "\" caused by " + problem);
        }
    }

    private static void checkSize(byte[] data, String path) {
        if (data != null && data.length > MAX_DATA) {
            throw new IllegalArgumentException("data of " + data.length + " bytes for " + path
                    + " is larger than the " + MAX_DATA + " bytes a request may carry (jute.maxbuffer)");
        }
    }

    // ---- the API -------------------------------------------------------------------------

    public CompletableFuture<String> createAsync(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        validate(path, mode.isSequential());
        checkSize(data, path);
        return create2Async(path, data, acl, mode, -1).thenApply(OpResult.Created::path);
    }

    /** create with the Stat of the new node (create2, createContainer or createTTL on the wire). */
    public CompletableFuture<OpResult.Created> create2Async(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttl) {
        validate(path, mode.isSequential());
        checkSize(data, path);
        validateTtl(mode, ttl);
        int type = mode.isContainer() ? OpCode.CREATE_CONTAINER : mode.isTTL() ? OpCode.CREATE_TTL : OpCode.CREATE2;
        Proto.CreateRequest req = new Proto.CreateRequest(prepend(path), data, acl, mode.flag(), ttl, mode.isTTL());
        return submit(type, req, in -> new OpResult.Created(strip(in.readString()), in.readStat()), null, null)
                .thenApply(o -> (OpResult.Created) o);
    }

    /** The largest TTL ZooKeeper can encode in an ephemeralOwner (40 bits of milliseconds). */
    public static final long MAX_TTL = 0xFFFFFFFFFFL;

    /** As Apache's client: a TTL mode needs 0 &lt; ttl &lt;= MAX_TTL; any other mode takes no TTL (-1). */
    private static void validateTtl(CreateMode mode, long ttl) {
        if (mode.isTTL()) {
            if (ttl <= 0 || ttl > MAX_TTL) {
                throw new IllegalArgumentException("ttl must be positive and cannot be larger than: " + MAX_TTL);
            }
        } else if (ttl >= 0) {
            throw new IllegalArgumentException("ttl not valid for mode: " + mode);
        }
    }

    public String create(String path, byte[] data, List<Acl> acl, CreateMode mode) throws ZnodeException, InterruptedException {
        return await(createAsync(path, data, acl, mode), path);
    }

    public String create(String path, byte[] data, List<Acl> acl, CreateMode mode, Stat[] statOut, long ttl)
            throws ZnodeException, InterruptedException {
        OpResult.Created c = await(create2Async(path, data, acl, mode, ttl), path);
        if (statOut != null && statOut.length > 0) {
            statOut[0] = c.stat();
        }
        return c.path();
    }

    public CompletableFuture<Void> deleteAsync(String path, int version) {
        validate(path, false);
        return submit(OpCode.DELETE, new Proto.DeleteRequest(prepend(path), version), in -> null, null, null).thenApply(o -> null);
    }

    public void delete(String path, int version) throws ZnodeException, InterruptedException {
        await(deleteAsync(path, version), path);
    }

    /** exists: null if the node does not exist; a watcher is left even then. */
    public CompletableFuture<Stat> existsAsync(String path, Watcher watcher) {
        validate(path, false);
        CompletableFuture<Object> f = submit(OpCode.EXISTS, new Proto.PathWatchRequest(prepend(path), watcher != null),
                JuteIn::readStat, () -> register(dataWatches, path, watcher), () -> register(existWatches, path, watcher));
        return f.handle((v, e) -> {
            if (e != null) {
                Throwable c = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                if (c instanceof ZnodeException z && z.code() == Code.NONODE) {
                    return null;
                }
                throw new java.util.concurrent.CompletionException(c);
            }
            return (Stat) v;
        });
    }

    public Stat exists(String path, boolean watch) throws ZnodeException, InterruptedException {
        return exists(path, w(watch));
    }

    public Stat exists(String path, Watcher watcher) throws ZnodeException, InterruptedException {
        try {
            return existsAsync(path, watcher).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause() instanceof java.util.concurrent.CompletionException ? e.getCause().getCause() : e.getCause();
            if (c instanceof ZnodeException z) {
                throw new ZnodeException(z.code(), path);
            }
            throw new IllegalStateException(c);
        }
    }

    public record DataResult(byte[] data, Stat stat) {
    }

    public CompletableFuture<DataResult> getDataAsync(String path, Watcher watcher) {
        validate(path, false);
        return submit(OpCode.GET_DATA, new Proto.PathWatchRequest(prepend(path), watcher != null),
                in -> new DataResult(in.readBuffer(), in.readStat()), () -> register(dataWatches, path, watcher), null)
                .thenApply(o -> (DataResult) o);
    }

    public byte[] getData(String path, boolean watch, Stat[] statOut) throws ZnodeException, InterruptedException {
        return getData(path, w(watch), statOut);
    }

    public byte[] getData(String path, Watcher watcher, Stat[] statOut) throws ZnodeException, InterruptedException {
        DataResult r = await(getDataAsync(path, watcher), path);
        if (statOut != null && statOut.length > 0) {
            statOut[0] = r.stat();
        }
        return r.data();
    }

    public CompletableFuture<Stat> setDataAsync(String path, byte[] data, int version) {
        validate(path, false);
        checkSize(data, path);
        return submit(OpCode.SET_DATA, new Proto.SetDataRequest(prepend(path), data, version), JuteIn::readStat, null, null)
                .thenApply(o -> (Stat) o);
    }

    public Stat setData(String path, byte[] data, int version) throws ZnodeException, InterruptedException {
        return await(setDataAsync(path, data, version), path);
    }

    public record ChildrenResult(List<String> children, Stat stat) {
    }

    public CompletableFuture<ChildrenResult> getChildrenAsync(String path, Watcher watcher) {
        validate(path, false);
        return submit(OpCode.GET_CHILDREN2, new Proto.PathWatchRequest(prepend(path), watcher != null),
                in -> new ChildrenResult(in.readStrings(), in.readStat()), () -> register(childWatches, path, watcher), null)
                .thenApply(o -> (ChildrenResult) o);
    }

    public List<String> getChildren(String path, boolean watch) throws ZnodeException, InterruptedException {
        return getChildren(path, w(watch), null);
    }

    public List<String> getChildren(String path, Watcher watcher, Stat[] statOut) throws ZnodeException, InterruptedException {
        ChildrenResult r = await(getChildrenAsync(path, watcher), path);
        if (statOut != null && statOut.length > 0) {
            statOut[0] = r.stat();
        }
        List<String> sorted = new ArrayList<>(r.children());
        java.util.Collections.sort(sorted);
        return sorted;
    }

    public record AclResult(List<Acl> acl, Stat stat) {
    }

    public CompletableFuture<AclResult> getACLAsync(String path) {
        validate(path, false);
        return submit(OpCode.GET_ACL, new Proto.PathRequest(prepend(path)), in -> new AclResult(in.readAcls(), in.readStat()),
                null, null).thenApply(o -> (AclResult) o);
    }

    public List<Acl> getACL(String path, Stat[] statOut) throws ZnodeException, InterruptedException {
        AclResult r = await(getACLAsync(path), path);
        if (statOut != null && statOut.length > 0) {
            statOut[0] = r.stat();
        }
        return r.acl();
    }

    public CompletableFuture<Stat> setACLAsync(String path, List<Acl> acl, int aclVersion) {
        validate(path, false);
        return submit(OpCode.SET_ACL, new Proto.SetAclRequest(prepend(path), acl, aclVersion), JuteIn::readStat, null, null)
                .thenApply(o -> (Stat) o);
    }

    public Stat setACL(String path, List<Acl> acl, int aclVersion) throws ZnodeException, InterruptedException {
        return await(setACLAsync(path, acl, aclVersion), path);
    }

    public CompletableFuture<String> syncAsync(String path) {
        validate(path, false);
        return submit(OpCode.SYNC, new Proto.PathRequest(prepend(path)), in -> strip(in.readString()), null, null)
                .thenApply(o -> (String) o);
    }

    public void sync(String path) throws ZnodeException, InterruptedException {
        await(syncAsync(path), path);
    }

    /** multi: ops are {@link Op.Create}, {@link Op.Delete}, {@link Op.SetData} and {@link Op.Check}. */
    public CompletableFuture<List<OpResult>> multiAsync(List<Op> ops) {
        List<Proto.MultiOp> wire = new ArrayList<>();
        for (Op op : ops) {
            if (op instanceof Op.Create c) {
                CreateMode mode = CreateMode.fromFlag(c.flags());
                validate(c.path(), mode != null && mode.isSequential());
                checkSize(c.data(), c.path());
                int type = mode != null && mode.isContainer() ? OpCode.CREATE_CONTAINER
                        : mode != null && mode.isTTL() ? OpCode.CREATE_TTL : OpCode.CREATE2;
                wire.add(new Proto.MultiOp(type, new Proto.CreateRequest(prepend(c.path()), c.data(), c.acl(), c.flags(),
                        c.ttl(), type == OpCode.CREATE_TTL)));
            } else if (op instanceof Op.Delete d) {
                validate(d.path(), false);
                wire.add(new Proto.MultiOp(OpCode.DELETE, new Proto.DeleteRequest(prepend(d.path()), d.version())));
            } else if (op instanceof Op.SetData s) {
                validate(s.path(), false);
                checkSize(s.data(), s.path());
                wire.add(new Proto.MultiOp(OpCode.SET_DATA, new Proto.SetDataRequest(prepend(s.path()), s.data(), s.version())));
            } else if (op instanceof Op.Check c) {
                validate(c.path(), false);
                wire.add(new Proto.MultiOp(OpCode.CHECK, new Proto.CheckVersionRequest(prepend(c.path()), c.version())));
            } else {
                throw new IllegalArgumentException("not allowed in a multi: " + op.getClass().getSimpleName());
            }
        }
        if (wire.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return submit(OpCode.MULTI, new Proto.MultiRequest(wire), this::readMulti, null, null)
                .thenApply(o -> {
                    @SuppressWarnings("unchecked")
                    List<OpResult> l = (List<OpResult>) o;
                    return l;
                });
    }

    private List<OpResult> readMulti(JuteIn in) throws IOException {
        List<OpResult> out = new ArrayList<>();
        while (true) {
            Proto.MultiHeader h = Proto.MultiHeader.read(in);
            if (h.done()) {
                return out;
            }
            switch (h.type()) {
                case OpCode.CREATE:
                    out.add(new OpResult.Created(strip(in.readString()), null));
                    break;
                case OpCode.CREATE2:
                    out.add(new OpResult.Created(strip(in.readString()), in.readStat()));
                    break;
                case OpCode.DELETE:
                    out.add(new OpResult.Deleted());
                    break;
                case OpCode.SET_DATA:
                    out.add(new OpResult.DataSet(in.readStat()));
                    break;
                case OpCode.CHECK:
                    out.add(new OpResult.Checked());
                    break;
                case -1: {
                    int err = in.readInt();
                    Code c = Code.of(err);
                    out.add(new OpResult.Error(c == null ? Code.SYSTEMERROR : c, null));
                    break;
                }
                default:
                    throw new IOException("unexpected multi result type " + h.type());
            }
        }
    }

    /** One read of a {@link #multiRead}: getData, or getChildren when {@code children}, of a path. */
    public record ReadOp(boolean children, String path) {
        public static ReadOp getData(String path) {
            return new ReadOp(false, path);
        }

        public static ReadOp getChildren(String path) {
            return new ReadOp(true, path);
        }
    }

    /** One result of a {@link #multiRead}: data and Stat, children, or the error code of that read alone. */
    public record ReadResult(byte[] data, Stat stat, List<String> children, Code error) {
    }

    /**
     * multiRead (opcode 22): several reads answered together from one view of the tree; each read
     * fails on its own (its {@link ReadResult#error()}), as Apache's client reports them.
     */
    public List<ReadResult> multiRead(List<ReadOp> ops) throws ZnodeException, InterruptedException {
        List<Proto.MultiOp> wire = new ArrayList<>();
        for (ReadOp op : ops) {
            validate(op.path(), false);
            wire.add(new Proto.MultiOp(op.children() ? OpCode.GET_CHILDREN : OpCode.GET_DATA,
                    new Proto.PathWatchRequest(prepend(op.path()), false)));
        }
        if (wire.isEmpty()) {
            return List.of();
        }
        Object o = await(submit(OpCode.MULTI_READ, new Proto.MultiRequest(wire), in -> {
            List<ReadResult> out = new ArrayList<>();
            while (true) {
                Proto.MultiHeader h = Proto.MultiHeader.read(in);
                if (h.done()) {
                    return out;
                }
                if (h.type() == OpCode.GET_DATA) {
                    byte[] data = in.readBuffer();
                    out.add(new ReadResult(data, in.readStat(), null, null));
                } else if (h.type() == OpCode.GET_CHILDREN) {
                    List<String> kids = in.readStrings();
                    out.add(new ReadResult(null, null, kids, null));
                } else if (h.type() == -1) {
                    Code c = Code.of(in.readInt());
                    out.add(new ReadResult(null, null, null, c == null ? Code.SYSTEMERROR : c));
                } else {
                    throw new IOException("unexpected multiRead result type " + h.type());
                }
            }
        }, null, null), null);
        @SuppressWarnings("unchecked")
        List<ReadResult> results = (List<ReadResult>) o;
        return results;
    }

    /** multi; throws {@link MultiException} (with every op's result) if an op failed. */
    public List<OpResult> multi(List<Op> ops) throws ZnodeException, MultiException, InterruptedException {
        List<OpResult> results = await(multiAsync(ops), null);
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof OpResult.Error e && e.code() != Code.OK) {
                Op op = ops.get(i);
                String path = op instanceof Op.Create c ? c.path() : op instanceof Op.Delete d ? d.path()
                        : op instanceof Op.SetData s ? s.path() : op instanceof Op.Check ch ? ch.path() : null;
                throw new MultiException(e.code(), path, results);
            }
        }
        return results;
    }

    /** addWatch: a persistent or persistent-recursive watcher that stays until removed. */
    public void addWatch(String path, Watcher watcher, AddWatchMode mode) throws ZnodeException, InterruptedException {
        validate(path, false);
        Watcher target = watcher == null ? defaultWatcher : watcher;
        await(submit(OpCode.ADD_WATCH, new Proto.PathTypeRequest(prepend(path), mode.intValue()), in -> in.readInt(),
                () -> register(mode == AddWatchMode.PERSISTENT ? persistentWatches : recursiveWatches, path, target), null), path);
    }

    /** removeAllWatches: removes this client's watches of a type on a path, at the server and here. */
    public void removeAllWatches(String path, WatcherType type, boolean local) throws ZnodeException, InterruptedException {
        validate(path, false);
        if (!local) {
            await(submit(OpCode.REMOVE_WATCHES, new Proto.PathTypeRequest(prepend(path), type.intValue()), in -> null, null, null), path);
        }
        Set<Watcher> removedData = new LinkedHashSet<>();
        Set<Watcher> removedChild = new LinkedHashSet<>();
        Set<Watcher> removedPersistent = new LinkedHashSet<>();
        synchronized (watchLock) {
            if (type == WatcherType.Data || type == WatcherType.Any) {
                take(dataWatches, path, removedData);
                take(existWatches, path, removedData);
            }
            if (type == WatcherType.Children || type == WatcherType.Any) {
                take(childWatches, path, removedChild);
            }
            if (type == WatcherType.Persistent || type == WatcherType.Any) {
                take(persistentWatches, path, removedPersistent);
            }
            if (type == WatcherType.PersistentRecursive || type == WatcherType.Any) {
                take(recursiveWatches, path, removedPersistent);
            }
        }
        fireLocal(removedData, WatchEventType.DataWatchRemoved, path);
        fireLocal(removedChild, WatchEventType.ChildWatchRemoved, path);
        fireLocal(removedPersistent, WatchEventType.PersistentWatchRemoved, path);
    }

    private void fireLocal(Set<Watcher> ws, WatchEventType type, String path) {
        WatchedEvent e = new WatchedEvent(type, KeeperState.SyncConnected, path, -1);
        for (Watcher w : ws) {
            events.execute(() -> w.process(e));
        }
    }

    /** Adds an identity (e.g. "digest", "user:password"); re-sent on every reconnect. */
    public void addAuthInfo(String scheme, byte[] auth) {
        Proto.AuthPacket p = new Proto.AuthPacket(0, scheme, auth);
        authInfo.add(p);
        synchronized (lock) {
            if (state == State.CONNECTED) {
                try {
                    sendLocked(OpCode.XID_AUTH, OpCode.AUTH, p);
                } catch (IOException e) {
                    closeSocketLocked();
                }
            }
        }
    }

    public List<String> getEphemerals(String prefix) throws ZnodeException, InterruptedException {
        List<String> l = await(submit(OpCode.GET_EPHEMERALS, new Proto.PathRequest(prepend(prefix)), JuteIn::readStrings, null, null), prefix);
        List<String> out = new ArrayList<>();
        for (String p : l) {
            out.add(strip(p));
        }
        return out;
    }

    public int getAllChildrenNumber(String path) throws ZnodeException, InterruptedException {
        validate(path, false);
        return await(submit(OpCode.GET_ALL_CHILDREN_NUMBER, new Proto.PathRequest(prepend(path)), JuteIn::readInt, null, null), path);
    }

    public List<Id> whoAmI() throws ZnodeException, InterruptedException {
        return await(submit(OpCode.WHO_AM_I, new Proto.EmptyRequest(), in -> {
            int n = in.readInt();
            List<Id> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(new Id(in.readString(), in.readString()));
            }
            return ids;
        }, null, null), null);
    }

    /** Closes the session (its ephemerals go) and the connection. */
    @Override
    public void close() throws InterruptedException {
        if (state == State.CLOSED) {
            return;
        }
        CompletableFuture<Object> f = null;
        closing = true;
        synchronized (lock) {
            if (state == State.CONNECTED) {
                f = submit(OpCode.CLOSE_SESSION, new Proto.EmptyRequest(), in -> null, null, null);
            }
        }
        if (f != null) {
            try {
                f.get(Math.max(1000, requestedTimeout), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // closing anyway
            }
        }
        synchronized (lock) {
            state = State.CLOSED;
            closeSocketLocked();
            failAllLocked(Code.CONNECTIONLOSS);
            lock.notifyAll();
        }
        stateEvent(KeeperState.Closed);
        events.shutdown();
        events.awaitTermination(2, TimeUnit.SECONDS);
        io.join(2000);
    }

    /** Drops the TCP connection without closing the session (for tests of failover). */
    public void dropConnection() {
        synchronized (lock) {
            closeSocketLocked();
        }
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
