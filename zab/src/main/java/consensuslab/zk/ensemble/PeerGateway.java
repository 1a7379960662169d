package consensuslab.zk.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.core.Message;
import consensuslab.core.NodeId;
import consensuslab.net.ClusterSpec;
import consensuslab.zab.ZabMessage;
import consensuslab.zab.ZabMessage.ClientReply;
import consensuslab.zab.ZabMessage.ClientRequest;
import consensuslab.zab.ZabState;
import consensuslab.zk.server.EnsembleLink;
import consensuslab.zk.server.WritePath;
import consensuslab.zk.server.ZnodeServer;
import consensuslab.zk.znode.ZnodeStateMachine;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a znode server reaches its ZAB peer: exactly as the engine's own clients do. The gateway is
 * client node {@code cI} of the cluster (I = myid), listening on the member's election port; it
 * speaks the TCP runtime's frames (a 4-byte length, then a JSON envelope; a hello first on every
 * connection) over loopback. A write goes to peer {@code nI} as a {@link ClientRequest}; the peer
 * forwards it to the leader, and the answer to the waiting client is given when the local replica
 * applies the transaction ({@link ZnodeReplica}), not when the peer's {@link ClientReply} arrives.
 * A "not serving" reply disconnects the clients (they fail over).
 *
 * <p>The gateways of the members also talk to each other, in their own {@link GatewayMessage}s: a
 * follower sends the leader's gateway the sessions alive on it, since the leader alone decides
 * expiry; and a sync asks the leader's gateway for the leader's last logged zxid, which the
 * follower's replica must reach before the sync is answered.
 */
public final class PeerGateway implements WritePath, EnsembleLink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerGateway.class);

    /** The TCP runtime's frame envelope; {@code msg == null} is a hello. */
    public record Envelope(String from, String to, long id, Message msg) {
    }

    private record Out(NodeId to, Message msg) {
    }

    static {
        // Envelopes are read against Message: both families must be known before the first read.
        Json.registerSealed(ZabMessage.class);
        Json.registerSealed(GatewayMessage.class);
    }

    private final NodeId me;
    private final NodeId peer;
    private final ClusterSpec cluster;
    private final long base;
    private final long writeTimeoutMs;
    private final Supplier<Object> peerState;
    private ZnodeServer server;
    private ServerSocket listener;
    private volatile boolean running;
    private final BlockingQueue<Out> outbox = new LinkedBlockingQueue<>();
    private final Map<NodeId, DataOutputStream> links = new HashMap<>(); // sender thread only
    private final Map<NodeId, Socket> sockets = new HashMap<>(); // sender thread only
    private final AtomicLong ids = new AtomicLong(1);
    /** Syncs asked of the leader and not yet answered: id → when last asked. */
    private final Map<Long, Long> syncs = new ConcurrentHashMap<>();
    /** Writes handed to the peer and not yet applied here: tag → when. */
    private final Map<Long, Long> writes = new ConcurrentHashMap<>();
    private final List<Thread> readers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Socket> inbound = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Thread sender;

    /**
     * @param myid           this member's id I: the gateway is cI, the peer nI
     * @param cluster        every peer (n1..nN) and gateway (c1..cN) address
     * @param base           added to every write's tag to make its cxid (unique per process start)
     * @param writeTimeoutMs a write not applied here after this long disconnects the clients
     * @param peerState      the peer's last published {@link ZabState}
     */
    public PeerGateway(int myid, ClusterSpec cluster, long base, long writeTimeoutMs, Supplier<Object> peerState) {
        this.me = NodeId.client(myid);
        this.peer = NodeId.server(myid);
        this.cluster = cluster;
        this.base = base;
        this.writeTimeoutMs = writeTimeoutMs;
        this.peerState = peerState;
    }

    public NodeId id() {
        return me;
    }

    public long base() {
        return base;
    }

    /** Binds the gateway's port (its election port) and starts its threads. */
    public void start(ZnodeServer s) throws IOException {
        this.server = s;
        ClusterSpec.Endpoint ep = cluster.endpoint(me);
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(ep.host(), ep.port()), 64);
        running = true;
        Thread acceptor = new Thread(this::acceptLoop, "gateway-" + me + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        sender = new Thread(this::sendLoop, "gateway-" + me + "-send");
        sender.setDaemon(true);
        sender.start();
    }

    // ---- EnsembleLink / WritePath (the server's processor thread) ------------------------------

    private ZabState state() {
        Object o = peerState.get();
        return o instanceof ZabState z ? z : null;
    }

    @Override
    public String mode() {
        ZabState s = state();
        if (s == null || !s.serving()) {
            return null;
        }
        switch (s.role()) {
            case "LEADING":
                return "leader";
            case "FOLLOWING":
                return "follower";
            case "OBSERVING":
                return "observer";
            default:
                return null;
        }
    }

    private NodeId leaderGateway() {
        ZabState s = state();
        if (s == null || s.leader() == null) {
            return null;
        }
        return NodeId.client(NodeId.of(s.leader()).index());
    }

    @Override
    public void propose(ZnodeServer s, Proposal p) {
        writes.put(p.tag(), System.currentTimeMillis());
        JsonNode op = ZnodeStateMachine.encode(new ZnodeStateMachine.ZnodeOp(p.time(), p.sessionId(), p.auth(), p.op()));
        outbox.add(new Out(peer, new ClientRequest(base + p.tag(), op)));
    }

    /** The local replica applied the write with this tag (peer's loop). */
    void applied(long tag) {
        writes.remove(tag);
    }

    @Override
    public void touch(List<Long> sessions) {
        NodeId l = leaderGateway();
        if (l == null || l.equals(me)) {
            return;
        }
        outbox.add(new Out(l, new GatewayMessage.SessionsAlive(sessions)));
    }

    @Override
    public void sync(long id) {
        ZabState s = state();
        if (s != null && "LEADING".equals(s.role())) {
            server.syncPoint(id, s.lastLoggedZxid());
            return;
        }
        syncs.put(id, System.currentTimeMillis());
        askSync(id);
    }

    private void askSync(long id) {
        NodeId l = leaderGateway();
        if (l != null) {
            outbox.add(new Out(l, new GatewayMessage.SyncAsk(id)));
        }
    }

    // ---- incoming ------------------------------------------------------------------------------

    private void acceptLoop() {
        while (running) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            inbound.add(s);
            Thread t = new Thread(() -> readLoop(s), "gateway-" + me + "-in");
            t.setDaemon(true);
            readers.add(t);
            t.start();
        }
    }

    private void readLoop(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            while (running) {
                int len = in.readInt();
                if (len < 0 || len > (16 << 20)) {
                    throw new IOException("bad frame length " + len);
                }
                byte[] b = new byte[len];
                in.readFully(b);
                Envelope e = Json.MAPPER.readValue(b, Envelope.class);
                if (e.msg() != null) {
                    handle(NodeId.of(e.from()), e.msg());
                }
            }
        } catch (EOFException | java.net.SocketException e) {
            // the other side went away
        } catch (IOException | RuntimeException e) {
            if (running) {
                LOG.warn("gateway {}: closing a connection: {}", me, Json.firstLine(e));
            }
        } finally {
            inbound.remove(s);
        }
    }

    private void handle(NodeId from, Message m) {
        if (m instanceof ClientReply r) {
            if (from.equals(peer) && !r.ok()) {
                writes.remove(r.cxid() - base);
                server.notServing("peer " + peer + " answered " + r.error());
            }
        } else if (m instanceof GatewayMessage.SyncAnswer a) {
            if (a.leading() && syncs.remove(a.id()) != null) {
                server.syncPoint(a.id(), a.zxid());
            }
        } else if (m instanceof GatewayMessage.SessionsAlive alive) {
            if (leadingState() != null) {
                server.touched(alive.sessions());
            }
        } else if (m instanceof GatewayMessage.SyncAsk q) {
            ZabState s = leadingState();
            outbox.add(new Out(from, new GatewayMessage.SyncAnswer(q.id(), s != null, s == null ? -1 : s.lastLoggedZxid())));
        }
    }

    /** This member's peer state if it is the serving leader, else null. */
    private ZabState leadingState() {
        ZabState s = state();
        return s != null && "LEADING".equals(s.role()) && s.serving() ? s : null;
    }

    // ---- outgoing (one sender thread) -----------------------------------------------------------

    private void sendLoop() {
        long nextCheck = 0;
        while (running) {
            Out o;
            try {
                o = outbox.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (o != null) {
                send(o);
                while ((o = outbox.poll()) != null) {
                    send(o);
                }
                flushAll();
            }
            long now = System.currentTimeMillis();
            if (now >= nextCheck) {
                nextCheck = now + 100;
                for (Map.Entry<Long, Long> e : syncs.entrySet()) {
                    if (now - e.getValue() >= 200) {
                        e.setValue(now);
                        askSync(e.getKey());
                    }
                }
                if (writeTimeoutMs > 0) {
                    for (Map.Entry<Long, Long> e : writes.entrySet()) {
                        if (now - e.getValue() >= writeTimeoutMs) {
                            writes.clear();
                            server.notServing("a write was not committed within " + writeTimeoutMs + " ms");
                            break;
                        }
                    }
                }
            }
        }
    }

    private void send(Out o) {
        DataOutputStream out = links.get(o.to());
        try {
            if (out == null) {
                ClusterSpec.Endpoint ep = cluster.endpoint(o.to());
                Socket s = new Socket();
                s.connect(new InetSocketAddress(ep.host(), ep.port()), 1000);
                s.setTcpNoDelay(true);
                out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                frame(out, new Envelope(me.name(), o.to().name(), 0, null));
                links.put(o.to(), out);
                sockets.put(o.to(), s);
            }
            frame(out, new Envelope(me.name(), o.to().name(), ids.getAndIncrement(), o.msg()));
        } catch (IOException e) {
            LOG.debug("gateway {}: cannot send to {}: {}", me, o.to(), e.getMessage());
            closeLink(o.to());
        }
    }

    private static void frame(DataOutputStream out, Envelope e) throws IOException {
        byte[] json = Json.bytes(e);
        out.writeInt(json.length);
        out.write(json);
    }

    private void flushAll() {
        for (NodeId n : new ArrayList<>(links.keySet())) {
            try {
                links.get(n).flush();
            } catch (IOException e) {
                closeLink(n);
            }
        }
    }

    private void closeLink(NodeId n) {
        links.remove(n);
        Socket s = sockets.remove(n);
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : inbound) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        if (sender != null) {
            try {
                sender.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (NodeId n : new ArrayList<>(sockets.keySet())) {
            closeLink(n);
        }
    }
}
