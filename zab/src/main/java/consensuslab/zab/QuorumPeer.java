package consensuslab.zab;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Synced;
import consensuslab.core.Timer;
import consensuslab.zab.ZabMessage.ClientReply;
import consensuslab.zab.ZabMessage.ClientRequest;
import consensuslab.zab.ZabMessage.ElectionMessage;
import consensuslab.zab.ZabMessage.FollowerInfo;
import consensuslab.zab.ZabMessage.Notification;
import consensuslab.zab.ZabMessage.ObserverInfo;
import consensuslab.zab.ZabMessage.QuorumPacket;
import consensuslab.zab.persistence.ZKDatabase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One ZooKeeper server (QuorumPeer): it owns the database and the epochs, runs fast leader
 * election while LOOKING, and then plays one of the roles {@link Leader}, {@link Follower} or
 * {@link Observer} until that role gives up, when it is LOOKING again.
 *
 * <p>Parameters (all times in virtual ms): tickTime (20), initLimit (10 ticks), syncLimit (5
 * ticks), finalizeWait (2 ticks), maxNotificationInterval (40 ticks), snapCount (50),
 * commitLogCount (20), snapRetainCount (3),
 * snapshotSizeFactor (0.33), observers (0: how many of the highest-numbered servers observe),
 * publishLog (12: log entries shown); bug=lowzxid or bug=skiptrunc plant a bug for the checkers to find.
 */
public final class QuorumPeer implements Node<ZabMessage> {

    /** The current role's heartbeat (leader: every tickTime/2; learner: every tickTime). */
    public record Tick(long gen) implements Timer {
    }

    private final Context<ZabMessage> ctx;
    private final long myid;
    private final List<NodeId> voters;
    private final boolean observer;
    private final int quorumSize;
    private final ZKDatabase db;
    private final ZabRules rules;

    private final long tickTime;
    private final int initLimit;
    private final int syncLimit;
    private final long finalizeWait;
    private final long maxNotificationInterval;
    private final double snapshotSizeFactor;
    private final int publishLog;
    private final String bug;

    private ServerState state = ServerState.LOOKING;
    private String zabState = "ELECTION";
    private long gen;
    private Vote currentVote;
    private final FastLeaderElection election;
    private Leader leader;
    private Learner learner;
    /** Learner connections that arrived while we were still LOOKING (the accept backlog). */
    private final Map<NodeId, QuorumPacket> backlog = new TreeMap<>();
    /** A log sync asked of the runtime and not yet answered, and the zxids to acknowledge when it is. */
    private record SyncInFlight(long token, List<Long> covered) {
    }

    /** At most this many log syncs in flight: one being forced, the next queued behind it. */
    static final int MAX_SYNCS_IN_FLIGHT = 2;
    /** Group commit: the log syncs asked for and not yet answered ({@link Synced}), oldest first. */
    private final ArrayDeque<SyncInFlight> syncsInFlight = new ArrayDeque<>();
    private long nextSyncToken;
    /** Zxids to acknowledge once synced, appended since the last sync was asked for. */
    private List<Long> awaitingFlush = new ArrayList<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private long batchedTxns;

    private final List<ZabState.Delivery> deliveredDelta = new ArrayList<>();
    private final List<ZabState.Delivery> proposedDelta = new ArrayList<>();
    private long snapshotInstalled = -1;
    private String syncMode;
    private final LocalServer localServer;

    public QuorumPeer(Context<ZabMessage> ctx, ZabStateMachine sm) {
        this(ctx, sm, ZabRules.reference(), LocalServer.NONE);
    }

    /** A peer whose vote order and sync choice come from {@code rules} (a lab exercise plugs in here). */
    public QuorumPeer(Context<ZabMessage> ctx, ZabStateMachine sm, ZabRules rules) {
        this(ctx, sm, rules, LocalServer.NONE);
    }

    /** A peer with a {@link LocalServer} in its process that submits writes directly. */
    public QuorumPeer(Context<ZabMessage> ctx, ZabStateMachine sm, LocalServer server) {
        this(ctx, sm, ZabRules.reference(), server);
    }

    private QuorumPeer(Context<ZabMessage> ctx, ZabStateMachine sm, ZabRules rules, LocalServer server) {
        this.ctx = ctx;
        this.rules = rules;
        this.localServer = server;
        this.myid = ctx.id().index();
        Params p = ctx.params();
        int n = ctx.servers().size();
        int observers = Math.max(0, Math.min(n - 1, p.getInt("observers", 0)));
        this.voters = Collections.unmodifiableList(new ArrayList<>(ctx.servers().subList(0, n - observers)));
        this.observer = myid > n - observers;
        this.quorumSize = voters.size() / 2 + 1;
        this.tickTime = p.getLong("tickTime", 20);
        this.initLimit = p.getInt("initLimit", 10);
        this.syncLimit = p.getInt("syncLimit", 5);
        this.finalizeWait = p.getLong("finalizeWait", 2 * tickTime);
        this.maxNotificationInterval = p.getLong("maxNotificationInterval", 40 * tickTime);
        this.snapshotSizeFactor = Double.parseDouble(p.get("snapshotSizeFactor", "0.33"));
        this.publishLog = p.getInt("publishLog", 12);
        this.bug = p.get("bug", "");
        this.db = new ZKDatabase(ctx.storage(), sm, p.getInt("snapCount", 50), p.getInt("commitLogCount", 20),
                p.getInt("snapRetainCount", 3));
        this.election = new FastLeaderElection(this);
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    @Override
    public void onStart() {
        for (String note : db.load()) {
            ctx.note("recovery: " + note);
        }
        ctx.note("loaded: snapshot " + (db.lastSnapshotZxid() < 0 ? "none" : Zxid.hex(db.lastSnapshotZxid())) + ", last logged " + Zxid.hex(db.lastLoggedZxid())
                + ", currentEpoch " + db.currentEpoch() + ", acceptedEpoch " + db.acceptedEpoch());
        currentVote = new Vote(myid, db.lastLoggedZxid(), 0, db.currentEpoch(), ServerState.LOOKING);
        goLooking(null);
        endOfHandler();
    }

    /** Drops the current role and starts a new election round. */
    void goLooking(String why) {
        if (why != null) {
            ctx.note(state + " → LOOKING: " + why);
        }
        gen++;
        leader = null;
        learner = null;
        clearAwaitingFlush();
        state = ServerState.LOOKING;
        zabState = "ELECTION";
        election.lookForLeader();
    }

    /** The election decided. */
    void electionDone(Vote end, ServerState next) {
        currentVote = new Vote(end.leader(), end.zxid(), end.electionEpoch(), end.peerEpoch(), next);
        gen++;
        state = next;
        zabState = "DISCOVERY";
        NodeId leaderId = NodeId.server((int) end.leader());
        if (next == ServerState.LEADING) {
            leader = new Leader(this);
            Map<NodeId, QuorumPacket> pending = new LinkedHashMap<>(backlog);
            backlog.clear();
            leader.lead();
            for (Map.Entry<NodeId, QuorumPacket> e : pending.entrySet()) {
                if (leader != null) {
                    leader.onPacket(e.getKey(), e.getValue());
                }
            }
        } else {
            backlog.clear();
            learner = next == ServerState.OBSERVING ? new Observer(this, leaderId) : new Follower(this, leaderId);
            learner.registerWithLeader();
        }
    }

    @Override
    public void onMessage(NodeId from, ZabMessage m) {
        if (m instanceof ElectionMessage) {
            election.onNotification(from, (Notification) m);
        } else if (m instanceof ClientRequest r) {
            onClientRequest(from, r);
        } else if (m instanceof QuorumPacket q) {
            if (leader != null) {
                leader.onPacket(from, q);
            } else if (learner != null) {
                if (from.equals(learner.leaderId())) {
                    learner.onPacket(q);
                }
            } else if (state == ServerState.LOOKING && (q instanceof FollowerInfo || q instanceof ObserverInfo)) {
                backlog.put(from, q);
            }
        }
        endOfHandler();
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof Synced s) {
            synced(s.token());
        } else if (t instanceof Tick tick) {
            if (tick.gen() == gen) {
                if (leader != null) {
                    leader.tick();
                } else if (learner != null) {
                    learner.tick();
                }
            }
        } else if (t instanceof FastLeaderElection.Loopback || t instanceof FastLeaderElection.NotificationTimeout
                || t instanceof FastLeaderElection.FinalizeWait) {
            election.onTimer(t);
        }
        endOfHandler();
    }

    @Override
    public void onLinkDown(NodeId peer) {
        backlog.remove(peer);
        election.onLinkDown(peer);
        if (leader != null) {
            leader.onLinkDown(peer);
        } else if (learner != null && peer.equals(learner.leaderId())) {
            goLooking("connection to leader " + peer + " broke");
        }
        endOfHandler();
    }

    // ---- clients -------------------------------------------------------------------------------

    private void onClientRequest(NodeId client, ClientRequest r) {
        if (serving() && db.stateMachine().touch(r.op(), ctx.now())) {
            // a ping: answered here; a learner passes it on to the leader, who tracks session expiry
            if (learner != null) {
                ctx.send(learner.leaderId(), new ZabMessage.Request(client.name(), r.cxid(), r.op()));
            }
            ctx.send(client, new ClientReply(r.cxid(), true, "pong", 0, null));
            return;
        }
        if (serving() && r.op() != null && r.op().has("sync")) {
            if (learner != null) {
                ctx.send(learner.leaderId(), new ZabMessage.Request(client.name(), r.cxid(), r.op()));
            } else {
                ctx.send(client, new ClientReply(r.cxid(), true, "synced", db.lastProcessedZxid(), null));
            }
            return;
        }
        String read = serving() ? db.stateMachine().read(r.op()) : null;
        if (read != null) {
            // a local read: answered from this replica's state, no transaction (zxid 0: nothing was written)
            ctx.send(client, new ClientReply(r.cxid(), true, read, 0, null));
        } else if (leader != null && leader.established()) {
            leader.propose(ctx.id(), client.name(), r.cxid(), r.op());
        } else if (learner != null && learner.serving()) {
            ctx.send(learner.leaderId(), new ZabMessage.Request(client.name(), r.cxid(), r.op()));
        } else {
            ctx.send(client, new ClientReply(r.cxid(), false, null, -1, "not serving (" + state + ")"));
        }
    }

    boolean serving() {
        return (leader != null && leader.established()) || (learner != null && learner.serving());
    }

    // ---- the local server (called on this peer's event loop, outside the node handlers) -----------

    /** Leads an established epoch: what the published state's role and serving say, without building it. */
    public boolean servesAsLeader() {
        return state == ServerState.LEADING && serving();
    }

    /**
     * A write from the {@link LocalServer}: proposed here if we lead, forwarded to the leader if we
     * follow. Its transaction carries this peer's own name as client, so that no reply message is
     * sent: the server sees it committed through the state machine. False if not serving.
     */
    public boolean submit(long cxid, JsonNode op) {
        boolean ok = true;
        if (leader != null && leader.established()) {
            leader.propose(ctx.id(), ctx.id().name(), cxid, op);
        } else if (learner != null && learner.serving()) {
            ctx.send(learner.leaderId(), new ZabMessage.Request(ctx.id().name(), cxid, op));
        } else {
            ok = false;
        }
        endOfHandler();
        return ok;
    }

    /**
     * The local server's sync: the leader's last logged zxid comes back as
     * {@link LocalServer#syncPoint} (at once if we lead). False if not serving.
     */
    public boolean sync(long id) {
        boolean ok = true;
        if (leader != null && leader.established()) {
            localServer.syncPoint(id, db.lastLoggedZxid());
        } else if (learner != null && learner.serving()) {
            ctx.send(learner.leaderId(), new ZabMessage.Sync(id));
        } else {
            ok = false;
        }
        endOfHandler();
        return ok;
    }

    /** A learner's local server reports its live sessions to the leader's. */
    public void sessionsAlive(List<Long> sessions) {
        if (learner != null && learner.serving()) {
            ctx.send(learner.leaderId(), new ZabMessage.SessionsAlive(sessions));
        }
        endOfHandler();
    }

    LocalServer localServer() {
        return localServer;
    }

    // ---- delivery ------------------------------------------------------------------------------

    /** Delivers (applies) every logged transaction up to {@code zxid}, answering our own clients. */
    void commitUpTo(long zxid) {
        for (ZKDatabase.Applied a : db.commit(zxid)) {
            Txn t = a.txn();
            deliveredDelta.add(new ZabState.Delivery(t.zxid(), t.id()));
            if (ctx.id().name().equals(t.server()) && t.client() != null && !t.client().equals(t.server())) {
                ctx.send(NodeId.of(t.client()), new ClientReply(t.cxid(), true, a.result(), t.zxid(), null));
            }
        }
        for (ZabStateMachine.Notice n : db.stateMachine().takeNotices()) {
            ctx.send(NodeId.of(n.client()), new ClientReply(-1, true, n.value(), db.lastProcessedZxid(), null));
        }
    }

    void noteProposed(Txn t) {
        proposedDelta.add(new ZabState.Delivery(t.zxid(), t.id()));
    }

    void noteSnapshotInstalled(long zxid) {
        snapshotInstalled = zxid;
    }

    void setSyncMode(String mode) {
        syncMode = mode;
    }

    // ---- group commit --------------------------------------------------------------------------

    /**
     * Appends to the log; once a sync covers it, the zxid is reported to the role through
     * {@code onFlushed} (the leader counts its own ACK, a follower sends its ACK): never before the
     * transaction is durable. The sync itself is asked for at the end of the handler.
     */
    void logTxn(Txn t, boolean ackWhenSynced) {
        db.append(t);
        if (ackWhenSynced) {
            awaitingFlush.add(t.zxid());
        }
    }

    /**
     * Group commit: whenever something waits for a log sync and fewer than
     * {@link #MAX_SYNCS_IN_FLIGHT} are in flight, ask the runtime for one (it forces the files off
     * the event loop; {@link Synced} comes back). With one sync being forced, the next is already
     * asked for, so the disk goes from one to the next without waiting for the event loop; what is
     * appended while both are in flight waits for the next, which then covers all of it.
     */
    private void maybeStartSync() {
        if (syncsInFlight.size() >= MAX_SYNCS_IN_FLIGHT || (db.unsyncedCount() == 0 && awaitingFlush.isEmpty())) {
            return;
        }
        int covered = db.syncRequested();
        if (covered > 0) {
            batchSizes.add(covered);
            batchedTxns += covered;
        }
        SyncInFlight s = new SyncInFlight(nextSyncToken++, awaitingFlush);
        awaitingFlush = new ArrayList<>();
        syncsInFlight.addLast(s);
        ctx.requestSync(s.token());
    }

    /** The runtime made the log durable up to the sync {@code token} asked for (and so every earlier one). */
    private void synced(long token) {
        List<Long> done = new ArrayList<>();
        while (!syncsInFlight.isEmpty() && syncsInFlight.peekFirst().token() <= token) {
            done.addAll(syncsInFlight.pollFirst().covered());
        }
        if (done.isEmpty()) {
            return;
        }
        if (leader != null) {
            leader.onFlushed(done);
        } else if (learner != null) {
            learner.onFlushed(done);
        }
    }

    /** Whether every appended transaction is durable (nothing unsynced, no sync in flight). */
    boolean logDurable() {
        return db.unsyncedCount() == 0 && syncsInFlight.isEmpty();
    }

    /** Forgets transactions waiting for a sync (their role is gone or the log was replaced). */
    void clearAwaitingFlush() {
        awaitingFlush.clear();
        for (SyncInFlight s : syncsInFlight) {
            s.covered().clear();
        }
    }

    /** Sizes of the log syncs that covered at least one transaction (for the benchmark). */
    public List<Integer> batchSizes() {
        return batchSizes;
    }

    /** Planted bugs for checker tests: bug=lowzxid (election prefers lower zxids and the leader skips the ahead-of-leader check), bug=skiptrunc (learners ignore TRUNC). */
    boolean bug(String name) {
        return bug.equals(name);
    }

    // ---- accessors for the roles -------------------------------------------------------------

    Context<ZabMessage> ctx() {
        return ctx;
    }

    public long myid() {
        return myid;
    }

    public ZKDatabase db() {
        return db;
    }

    boolean isObserver() {
        return observer;
    }

    ZabRules rules() {
        return rules;
    }

    boolean isVoter(long sid) {
        return sid >= 1 && sid <= voters.size();
    }

    boolean isVoter(NodeId n) {
        return isVoter(n.index());
    }

    List<NodeId> voters() {
        return voters;
    }

    int quorumSize() {
        return quorumSize;
    }

    ServerState state() {
        return state;
    }

    Vote currentVote() {
        return currentVote;
    }

    long gen() {
        return gen;
    }

    void setZabState(String s) {
        zabState = s;
    }

    long tickTime() {
        return tickTime;
    }

    int initLimit() {
        return initLimit;
    }

    int syncLimit() {
        return syncLimit;
    }

    long finalizeWait() {
        return finalizeWait;
    }

    long minNotificationInterval() {
        return finalizeWait;
    }

    long maxNotificationInterval() {
        return maxNotificationInterval;
    }

    double snapshotSizeFactor() {
        return snapshotSizeFactor;
    }

    /** The live leader role, or null. */
    public Leader leader() {
        return leader;
    }

    /** The live learner role, or null. */
    public Learner learner() {
        return learner;
    }

    // ---- state key (the exhaustive search) -------------------------------------------------------

    /**
     * The peer's in-memory state as a value ({@link Node#stateKey}): its role and round, the
     * election's, the leader's or learner's state, the learner connections waiting, the log syncs in
     * flight, the batches counted, and the database's ({@link ZKDatabase#stateKey}, the state machine
     * included). The peer reads {@code ctx.now()}, and every time it keeps (the leader's deadline and
     * when it last heard from each learner, a learner's {@code lastHeard}) is in the key as an absolute
     * time, as {@code Node.stateKey} asks of such a node. Not in it: the deltas taken at each
     * publication (empty between inputs: every input ends in {@link #publish}), the publication's
     * short-cut key (the same fields as of the end of the last input), the cache of shown log entries,
     * and the configuration (the same for every instance of this server).
     */
    record Key(ServerState state, String zabState, long gen, Vote currentVote, FastLeaderElection.Key election, Leader.Key leader,
               Learner.Key learner, Map<NodeId, QuorumPacket> backlog, List<SyncInFlight> syncsInFlight, long nextSyncToken,
               List<Long> awaitingFlush, List<Integer> batchSizes, long batchedTxns, String syncMode, ZKDatabase.Key db) {
    }

    /** This peer's {@link Key}, or null when its state machine offers none (the znode workloads) or a local server shares its process. */
    @Override
    public Object stateKey() {
        ZKDatabase.Key dbKey = db.stateKey();
        if (dbKey == null || localServer != LocalServer.NONE) {
            return null;
        }
        List<SyncInFlight> syncs = new ArrayList<>(syncsInFlight.size());
        for (SyncInFlight f : syncsInFlight) {
            syncs.add(new SyncInFlight(f.token(), List.copyOf(f.covered()))); // covered is emptied in place by clearAwaitingFlush
        }
        return new Key(state, zabState, gen, currentVote, election.stateKey(), leader == null ? null : leader.stateKey(),
                learner == null ? null : learner.stateKey(), Map.copyOf(backlog), syncs, nextSyncToken, List.copyOf(awaitingFlush),
                List.copyOf(batchSizes), batchedTxns, syncMode, dbKey);
    }

    // ---- publication ---------------------------------------------------------------------------

    /** The inputs of the published state that change without a delta: unchanged key, nothing new to show. */
    private record PublishKey(ServerState state, String zabState, long lastLogged, long lastProcessed, long currentEpoch,
                              long acceptedEpoch, long lastSnapshot, long electionVersion, String syncMode, Object syncModes,
                              boolean serving, boolean established, int logSize, int batches) {
    }

    private PublishKey lastKey;
    /** A log entry as shown (uncommitted, committed), and the transaction it shows. */
    private record ShownEntry(Txn txn, ZabState.LogEntry uncommitted, ZabState.LogEntry committed) {
    }

    /** Log entries as shown, per zxid: the tail is rebuilt on every publication. */
    private final Map<Long, ShownEntry> entryCache = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ShownEntry> eldest) {
            return size() > 4 * publishLog + 16;
        }
    };

    /** Publishes, then takes a snapshot if one is due, and publishes that. */
    private void endOfHandler() {
        maybeStartSync();
        publish();
        if (db.snapshotDue()) {
            db.takeSnapshot();
            publish();
        }
    }

    void publish() {
        PublishKey key = new PublishKey(state, zabState, db.lastLoggedZxid(), db.lastProcessedZxid(), db.currentEpoch(),
                db.acceptedEpoch(), db.lastSnapshotZxid(), election.version(), syncMode, leader == null ? null : leader.syncModesVersion(),
                serving(), leader != null && leader.established(), db.log().size(), batchSizes.size());
        if (key.equals(lastKey) && deliveredDelta.isEmpty() && proposedDelta.isEmpty() && snapshotInstalled < 0) {
            return;
        }
        lastKey = key;
        // what happened since the previous publication is taken now; the rest is read when the state is built, which may be
        // later (when somebody reads it) but always before this peer's next input changes it: every input ends in publish()
        List<ZabState.Delivery> delivered = List.copyOf(deliveredDelta);
        List<ZabState.Delivery> proposed = List.copyOf(proposedDelta);
        long installed = snapshotInstalled;
        deliveredDelta.clear();
        proposedDelta.clear();
        snapshotInstalled = -1;
        ctx.publishLazily(() -> state(delivered, proposed, installed));
    }

    /** The published state, from the peer's state now and the deltas taken at its publication. */
    private ZabState state(List<ZabState.Delivery> delivered, List<ZabState.Delivery> proposed, long installed) {
        Vote vote = state == ServerState.LOOKING ? election.proposal() : currentVote;
        Map<String, String> votes = Map.of();
        if (state == ServerState.LOOKING) {
            votes = new TreeMap<>();
            for (Map.Entry<Long, Vote> e : election.recvset().entrySet()) {
                votes.put("n" + e.getKey(), e.getValue().show());
            }
        }
        String leaderName = state == ServerState.LOOKING ? null : "n" + currentVote.leader();
        long committed = db.lastProcessedZxid();
        List<ZabState.LogEntry> tail = new ArrayList<>();
        List<Txn> log = db.log();
        for (int i = Math.max(0, log.size() - publishLog); i < log.size(); i++) {
            Txn t = log.get(i);
            ShownEntry e = entryCache.get(t.zxid());
            if (e == null || e.txn() != t) {
                ZabState.LogEntry u = new ZabState.LogEntry(Zxid.dotted(t.zxid()), t.id(), opText(t), false);
                e = new ShownEntry(t, u, new ZabState.LogEntry(u.zxid(), u.txn(), u.op(), true));
                entryCache.put(t.zxid(), e);
            }
            tail.add(t.zxid() <= committed ? e.committed() : e.uncommitted());
        }
        Map<String, String> modes = leader == null ? Map.of() : leader.syncModes();
        String label = "e" + db.currentEpoch() + " " + Zxid.dotted(db.lastLoggedZxid()) + " c" + Zxid.dotted(committed)
                + (state == ServerState.LOOKING ? " r" + election.logicalclock() : "");
        return new ZabState(state.name(), label, zabState, observer ? "OBSERVER" : "PARTICIPANT", vote,
                election.logicalclock(), Collections.unmodifiableMap(votes), leaderName, db.acceptedEpoch(), db.currentEpoch(),
                db.lastLoggedZxid(), committed, db.lastSnapshotZxid(), syncMode, modes, leader != null && leader.established(),
                serving(), List.copyOf(tail), db.stateMachine().view(), delivered, proposed, installed, batchSizes.size(), batchedTxns);
    }

    /** The log entry's op as the inspector shows it; the state machine names its own ops. */
    private String opText(Txn t) {
        return t.op() == null ? "" : db.stateMachine().describe(t.op());
    }
}
