package consensuslab.zk.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.NodeId;
import consensuslab.zab.LocalServer;
import consensuslab.zab.QuorumPeer;
import consensuslab.zab.ZabState;
import consensuslab.zk.server.EnsembleLink;
import consensuslab.zk.server.Fatal;
import consensuslab.zk.server.WritePath;
import consensuslab.zk.server.ZnodeServer;
import consensuslab.zk.znode.ZnodeStateMachine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How a znode server reaches the ZAB peer in its process: directly, on the peer's event loop,
 * where the server's request processing runs too. A write is {@link QuorumPeer#submit}ted (the
 * peer proposes it if it leads, forwards it to the leader if it follows); its answer is given when
 * the replica applies the committed transaction ({@link ZnodeReplica}). A sync and the sessions
 * alive on a follower travel as the engine's own packets to the leader's peer, which hands them to
 * its server ({@link LocalServer}). No socket of its own, no frames of its own.
 *
 * <p>Every method runs on the peer's event loop.
 */
public final class LocalPeer implements WritePath, EnsembleLink, LocalServer {

    private final NodeId peerId;
    private final long base;
    private final long writeTimeoutMs;
    private final Supplier<Object> peerState;
    private ZnodeServer server;
    private QuorumPeer peer;
    /** Writes handed to the peer and not yet applied here: tag → when. */
    private final Map<Long, Long> writes = new HashMap<>();

    /**
     * @param peerId         the peer nI of this member
     * @param base           added to every write's tag to make its cxid (unique per process start)
     * @param writeTimeoutMs a write not applied here after this long disconnects the clients
     * @param peerState      the peer's last published {@link ZabState}
     */
    public LocalPeer(NodeId peerId, long base, long writeTimeoutMs, Supplier<Object> peerState) {
        this.peerId = peerId;
        this.base = base;
        this.writeTimeoutMs = writeTimeoutMs;
        this.peerState = peerState;
    }

    private Supplier<List<String>> peerErrors = List::of;

    /** The runtime's record of node failures: a peer that threw (its log could not be written) is stopped. */
    void watch(Supplier<List<String>> errors) {
        this.peerErrors = errors;
    }

    /** Off the loop (the server's ticker): a halted peer never runs a task again, so it is checked from outside. */
    @Override
    public void checkAlive() {
        List<String> errors = peerErrors.get();
        if (!errors.isEmpty()) {
            Fatal.stop("the ZAB peer " + peerId + " stopped (" + errors.get(0) + ")", null);
        }
    }

    void server(ZnodeServer s) {
        this.server = s;
    }

    /** The peer instance that runs now (set by the node factory, on the loop). */
    void attach(QuorumPeer p) {
        this.peer = p;
        writes.clear();
    }

    long base() {
        return base;
    }

    NodeId peerId() {
        return peerId;
    }

    private ZabState state() {
        return peerState.get() instanceof ZabState z ? z : null;
    }

    @Override
    public String mode() {
        ZabState s = state();
        if (s == null || !s.serving()) {
            return null;
        }
        return switch (s.role()) {
            case "LEADING" -> "leader";
            case "FOLLOWING" -> "follower";
            case "OBSERVING" -> "observer";
            default -> null;
        };
    }

    /**
     * Is this member the serving leader? As {@code "leader".equals(mode())}, asked of the peer
     * itself: {@link #mode} builds the peer's published state when it changed, which per applied
     * transaction was 5-8% of a busy server's Java samples.
     */
    boolean leading() {
        return peer != null && peer.servesAsLeader();
    }

    @Override
    public String peerState() {
        ZabState s = state();
        if (s == null || s.role() == null) {
            return null;
        }
        String role = s.role().toLowerCase(java.util.Locale.ROOT);
        return s.zabState() == null ? role : role + " - " + s.zabState().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public List<Integer> syncedLearners() {
        ZabState s = state();
        List<Integer> ids = new java.util.ArrayList<>();
        if (s != null && "LEADING".equals(s.role()) && s.syncModes() != null) {
            for (String name : s.syncModes().keySet()) {
                try {
                    ids.add(Integer.parseInt(name.substring(1)));
                } catch (RuntimeException e) {
                    // not an nI name: not a member
                }
            }
        }
        return ids;
    }

    /** last, min, max size of the applied transactions; count in [3] */
    private final long[] sizes = new long[4];

    /** The replica applied a transaction of this many bytes (on the leader: every proposal it committed). */
    void proposalSize(long bytes) {
        synchronized (sizes) {
            sizes[0] = bytes;
            sizes[1] = sizes[3] == 0 ? bytes : Math.min(sizes[1], bytes);
            sizes[2] = Math.max(sizes[2], bytes);
            sizes[3]++;
        }
    }

    @Override
    public long[] proposalSizes() {
        synchronized (sizes) {
            return sizes[3] == 0 ? null : new long[] {sizes[0], sizes[1], sizes[2]};
        }
    }

    @Override
    public void propose(ZnodeServer s, Proposal p) {
        JsonNode op = ZnodeStateMachine.encode(new ZnodeStateMachine.ZnodeOp(p.time(), p.sessionId(), p.auth(), p.op()));
        if (peer == null || !peer.submit(base + p.tag(), op)) {
            s.notServing("peer " + peerId + " is not serving");
            return;
        }
        writes.put(p.tag(), System.currentTimeMillis());
    }

    /** The local replica applied the write with this tag. */
    void applied(long tag) {
        writes.remove(tag);
    }

    @Override
    public void touch(List<Long> sessions) {
        if (peer != null) {
            peer.sessionsAlive(sessions);
        }
    }

    @Override
    public void sync(long id) {
        if (peer == null || !peer.sync(id)) {
            server.notServing("peer " + peerId + " is not serving");
        }
    }

    @Override
    public void tick(long now) {
        if (writeTimeoutMs <= 0) {
            return;
        }
        for (long when : writes.values()) {
            if (now - when >= writeTimeoutMs) {
                writes.clear();
                server.notServing("a write was not committed within " + writeTimeoutMs + " ms");
                return;
            }
        }
    }

    // ---- LocalServer: the engine answers (on the loop) -------------------------------------------

    @Override
    public void syncPoint(long id, long zxid) {
        server.syncPoint(id, zxid);
    }

    @Override
    public void sessionsAlive(List<Long> sessions) {
        if ("leader".equals(mode())) {
            server.touched(sessions);
        }
    }
}
