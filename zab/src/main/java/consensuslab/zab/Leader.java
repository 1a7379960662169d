package consensuslab.zab;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.NodeId;
import consensuslab.zab.ZabMessage.Ack;
import consensuslab.zab.ZabMessage.AckEpoch;
import consensuslab.zab.ZabMessage.Commit;
import consensuslab.zab.ZabMessage.Diff;
import consensuslab.zab.ZabMessage.FollowerInfo;
import consensuslab.zab.ZabMessage.Inform;
import consensuslab.zab.ZabMessage.LeaderInfo;
import consensuslab.zab.ZabMessage.NewLeader;
import consensuslab.zab.ZabMessage.ObserverInfo;
import consensuslab.zab.ZabMessage.Ping;
import consensuslab.zab.ZabMessage.Proposal;
import consensuslab.zab.ZabMessage.QuorumPacket;
import consensuslab.zab.ZabMessage.Request;
import consensuslab.zab.ZabMessage.Snap;
import consensuslab.zab.ZabMessage.Trunc;
import consensuslab.zab.ZabMessage.UpToDate;
import consensuslab.zab.exercise.SyncChoice;
import consensuslab.zab.exercise.SyncRule.SyncFacts;
import consensuslab.zab.persistence.ZKDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The LEADING role (ZooKeeper's Leader + LearnerHandler), phase by phase:
 * <ol>
 *   <li>Discovery: collect FOLLOWERINFO from a quorum (itself included), pick
 *       newEpoch = max(acceptedEpoch) + 1, persist it as acceptedEpoch, send LEADERINFO; wait for a
 *       quorum of ACKEPOCH (abort if a learner is more recent than the leader).</li>
 *   <li>Synchronization: per learner, DIFF / TRUNC / TRUNC+DIFF / SNAP from the committed-log
 *       window (LearnerHandler.syncFollower), then the outstanding proposals, then NEWLEADER;
 *       a quorum of NEWLEADER acks establishes the leader, which commits its initial history and
 *       sends UPTODATE.</li>
 *   <li>Broadcast: PROPOSAL, ACK (after the log sync), COMMIT in zxid order on a quorum of acks;
 *       INFORM to observers; PING every tickTime/2; step down when fewer than a quorum stay synced
 *       within syncLimit ticks.</li>
 * </ol>
 */
public final class Leader {

    /** One outstanding proposal and who has acknowledged it (voters only). */
    private static final class PendingProposal {
        final Txn txn;
        final Set<NodeId> acks = new TreeSet<>();

        PendingProposal(Txn txn) {
            this.txn = txn;
        }
    }

    private final QuorumPeer self;
    private final NodeId me;
    private final Map<NodeId, LearnerHandler> handlers = new TreeMap<>();
    private final Set<NodeId> connecting = new TreeSet<>();
    private final Set<NodeId> electing = new TreeSet<>();
    private final Set<NodeId> newLeaderAcks = new TreeSet<>();
    private final TreeMap<Long, PendingProposal> outstanding = new TreeMap<>();
    private final Map<String, String> syncModes = new TreeMap<>();

    private enum Phase { DISCOVERY, EPOCH_ACK, SYNCHRONIZATION, BROADCAST }

    private Phase phase = Phase.DISCOVERY;
    private long epoch = -1;
    private long counter;
    private long maxAcceptedEpoch;
    /** The zxid up to which the leader's history is (or will be, once established) committed. */
    private long initialHistoryEnd;
    private long deadline;
    private int tickCount;
    private boolean selfAckedNewLeader;

    Leader(QuorumPeer self) {
        this.self = self;
        this.me = self.ctx().id();
    }

    /** Leader.lead(): the discovery phase starts; the leader counts as connected. */
    void lead() {
        self.setZabState("DISCOVERY");
        connecting.add(me);
        maxAcceptedEpoch = self.db().acceptedEpoch();
        deadline = self.ctx().now() + (long) self.initLimit() * self.tickTime();
        self.ctx().setTimer(new QuorumPeer.Tick(self.gen()), Math.max(1, self.tickTime() / 2));
        self.ctx().note("LEADING: waiting for a quorum of FOLLOWERINFO (own acceptedEpoch " + maxAcceptedEpoch + ")");
        maybeDecideEpoch();
    }

    public boolean established() {
        return phase == Phase.BROADCAST;
    }

    long epoch() {
        return epoch;
    }

    /** Changes whenever a sync mode is recorded (for the publication short-cut). */
    Object syncModesVersion() {
        return syncModesVersion;
    }

    private long syncModesVersion;
    /** The copy {@link #syncModes()} last gave, and the version it was made at. */
    private Map<String, String> syncModesShown = Map.of();
    private long syncModesShownVersion;

    /** An unmodifiable copy, made again only after a change (the peer publishes after every handler). */
    Map<String, String> syncModes() {
        if (syncModesShownVersion != syncModesVersion) { // every put and remove bumps the version
            syncModesShown = Collections.unmodifiableMap(new TreeMap<>(syncModes));
            syncModesShownVersion = syncModesVersion;
        }
        return syncModesShown;
    }

    // ---- packets -------------------------------------------------------------------------------

    void onPacket(NodeId from, QuorumPacket q) {
        LearnerHandler h = handlers.get(from);
        if (h != null) {
            h.lastHeard = self.ctx().now();
        }
        if (q instanceof FollowerInfo fi) {
            onLearnerInfo(from, false, Zxid.epoch(fi.zxid()));
        } else if (q instanceof ObserverInfo oi) {
            onLearnerInfo(from, true, Zxid.epoch(oi.zxid()));
        } else if (h == null) {
            return; // not (or no longer) one of our learners
        } else if (q instanceof AckEpoch ae) {
            onAckEpoch(h, ae);
        } else if (q instanceof Ack a) {
            onAck(h, a.zxid());
        } else if (q instanceof Request r) {
            if (!established() || h.stage != LearnerHandler.Stage.UPTODATE) {
                return;
            }
            if (self.db().stateMachine().touch(r.op(), self.ctx().now())) {
                return; // a client's ping, passed on by the learner: the session lives on
            }
            if (r.op() != null && r.op().has("sync")) {
                self.ctx().send(from, new ZabMessage.ClientSync(r.client(), r.cxid(), self.db().lastProcessedZxid()));
                return;
            }
            propose(from, r.client(), r.cxid(), r.op());
        } else if (q instanceof Ping) {
            // learner's answer to our PING: lastHeard is updated above
        } else if (q instanceof ZabMessage.Sync sy) {
            self.ctx().send(from, new ZabMessage.SyncPoint(sy.id(), self.db().lastLoggedZxid()));
        } else if (q instanceof ZabMessage.SessionsAlive sa) {
            if (established()) {
                self.localServer().sessionsAlive(sa.sessions());
            }
        }
    }

    private void onLearnerInfo(NodeId from, boolean observer, long acceptedEpoch) {
        if (observer != !self.isVoter(from)) {
            self.ctx().note("ignoring " + (observer ? "OBSERVERINFO" : "FOLLOWERINFO") + " from " + from + ": wrong learner type");
            return;
        }
        LearnerHandler h = new LearnerHandler(from, observer, acceptedEpoch, self.ctx().now());
        handlers.put(from, h);
        syncModes.remove(from.name());
        syncModesVersion++;
        newLeaderAcks.remove(from);
        if (phase == Phase.DISCOVERY) {
            if (!observer) {
                connecting.add(from);
                maxAcceptedEpoch = Math.max(maxAcceptedEpoch, acceptedEpoch);
            }
            maybeDecideEpoch();
        } else {
            sendLeaderInfo(h);
        }
    }

    /** getEpochToPropose: once a quorum of voters is connected, newEpoch = max(acceptedEpoch) + 1. */
    private void maybeDecideEpoch() {
        if (phase != Phase.DISCOVERY || connecting.size() < self.quorumSize()) {
            return;
        }
        epoch = maxAcceptedEpoch + 1;
        self.db().setAcceptedEpoch(epoch);
        phase = Phase.EPOCH_ACK;
        deadline = self.ctx().now() + (long) self.initLimit() * self.tickTime();
        self.ctx().note("new epoch " + epoch + " (one above the largest acceptedEpoch of " + connecting + ")");
        electing.add(me);
        for (LearnerHandler h : handlers.values()) {
            sendLeaderInfo(h);
        }
        maybeEpochQuorum();
    }

    private void sendLeaderInfo(LearnerHandler h) {
        self.ctx().send(h.sid, new LeaderInfo(Zxid.make(epoch, 0), 0x10000));
        h.stage = LearnerHandler.Stage.EPOCH_SENT;
    }

    private void onAckEpoch(LearnerHandler h, AckEpoch ae) {
        if (h.stage != LearnerHandler.Stage.EPOCH_SENT) {
            return;
        }
        h.peerLastZxid = ae.zxid();
        h.peerCurrentEpoch = ae.epoch();
        h.stage = LearnerHandler.Stage.EPOCH_ACKED;
        if (phase == Phase.EPOCH_ACK) {
            if (ae.epoch() != -1) {
                // StateSummary.isMoreRecentThan: a learner ahead of the leader aborts this leadership.
                long myEpoch = self.db().currentEpoch();
                long myZxid = self.db().lastLoggedZxid();
                if ((ae.epoch() > myEpoch || (ae.epoch() == myEpoch && ae.zxid() > myZxid)) && !self.bug("lowzxid")) {
                    self.goLooking("follower " + h.sid + " is ahead of the leader (epoch " + ae.epoch() + ", zxid "
                            + Zxid.hex(ae.zxid()) + ")");
                    return;
                }
                if (!h.observer) {
                    electing.add(h.sid);
                }
            }
            maybeEpochQuorum();
        } else {
            startSync(h);
        }
    }

    /** waitForEpochAck done: the leader moves to currentEpoch = epoch and synchronizes everyone who acked. */
    private void maybeEpochQuorum() {
        if (phase != Phase.EPOCH_ACK || electing.size() < self.quorumSize()) {
            return;
        }
        phase = Phase.SYNCHRONIZATION;
        self.setZabState("SYNCHRONIZATION");
        self.db().setCurrentEpoch(epoch);
        initialHistoryEnd = self.db().lastLoggedZxid();
        deadline = self.ctx().now() + (long) self.initLimit() * self.tickTime();
        self.ctx().note("quorum " + electing + " acknowledged epoch " + epoch + "; synchronizing (initial history up to "
                + Zxid.hex(initialHistoryEnd) + ")");
        newLeaderAcks.add(me);
        selfAckedNewLeader = true;
        for (LearnerHandler h : handlers.values()) {
            if (h.stage == LearnerHandler.Stage.EPOCH_ACKED) {
                startSync(h);
            }
        }
        maybeEstablish();
    }

    // ---- synchronization -----------------------------------------------------------------------

    /** The zxid up to which our history is committed (before establishment: all of it). */
    private long committedTop() {
        return established() ? self.db().lastProcessedZxid() : initialHistoryEnd;
    }

    /** LearnerHandler.syncFollower + startForwarding + NEWLEADER. */
    private void startSync(LearnerHandler h) {
        ZKDatabase db = self.db();
        long peerLastZxid = h.peerLastZxid;
        long top = committedTop();
        List<Txn> window = db.committedLog(top);
        long minCommittedLog = window.isEmpty() ? top : window.get(0).zxid();
        long maxCommittedLog = window.isEmpty() ? top : window.get(window.size() - 1).zxid();
        List<Long> zxids = new ArrayList<>(window.size());
        for (Txn t : window) {
            zxids.add(t.zxid());
        }
        SyncFacts facts = new SyncFacts(peerLastZxid, minCommittedLog, maxCommittedLog, zxids);
        SyncChoice choice = self.rules().syncRule().choose(facts);
        String mode = choice == null ? "SNAP" : choice.mode();
        String why = why(choice, facts);
        List<QuorumPacket> out = new ArrayList<>();
        long currentZxid = peerLastZxid;
        if (choice instanceof SyncChoice.Snap && peerLastZxid >= 0 && peerLastZxid < minCommittedLog
                && txnLogSyncPossible(db, peerLastZxid, minCommittedLog)) {
            // ZooKeeper tries its on-disk transaction log before a snapshot
            SyncPlan plan = queueCommittedProposals(db.between(-1, top), peerLastZxid, maxCommittedLog);
            if (!plan.needSnap) {
                mode = plan.mode;
                why = "peer zxid below committedLog, found in the txn log";
                out.addAll(plan.packets);
                currentZxid = plan.queuedZxid;
            }
        } else if (choice instanceof SyncChoice.Diff) {
            out.add(new Diff(maxCommittedLog));
            currentZxid = queueAfter(window, peerLastZxid, out, currentZxid);
        } else if (choice instanceof SyncChoice.Trunc t) {
            out.add(new Trunc(t.zxid()));
            currentZxid = queueAfter(window, t.zxid(), out, t.zxid());
        } else if (choice instanceof SyncChoice.TruncDiff t) {
            out.add(new Trunc(t.zxid()));
            currentZxid = queueAfter(window, t.zxid(), out, t.zxid());
        }
        why += "; peerLastZxid=" + Zxid.hex(peerLastZxid) + " minCommittedLog=" + Zxid.hex(minCommittedLog)
                + " maxCommittedLog=" + Zxid.hex(maxCommittedLog);
        if ("SNAP".equals(mode)) {
            out.clear();
            long snapZxid = db.lastProcessedZxid();
            out.add(new Snap(snapZxid, db.snapshotBytes()));
            currentZxid = snapZxid;
            // the rest of the initial history (not yet applied by a leader that is not established)
            for (Txn t : db.between(snapZxid, top)) {
                out.add(new Proposal(t.zxid(), t));
                out.add(new ZabMessage.Commit(t.zxid()));
                currentZxid = t.zxid();
            }
        }
        h.syncMode = mode;
        syncModes.put(h.sid.name(), mode);
        syncModesVersion++;
        self.ctx().note("sync " + h.sid + ": " + mode + " (" + why + ")");
        for (QuorumPacket p : out) {
            self.ctx().send(h.sid, p);
        }
        // startForwarding: outstanding proposals beyond what the learner now has
        h.forwarding = true;
        if (!h.observer) {
            // observers hear of outstanding proposals only once committed, through INFORM
            for (PendingProposal p : outstanding.values()) {
                if (p.txn.zxid() > currentZxid) {
                    self.ctx().send(h.sid, new Proposal(p.txn.zxid(), p.txn));
                }
            }
        }
        self.ctx().send(h.sid, new NewLeader(Zxid.make(epoch, 0)));
        h.stage = LearnerHandler.Stage.SYNCING;
    }

    /** Queues PROPOSAL + COMMIT for every proposal in {@code window} after {@code after}; returns the last zxid queued. */
    private static long queueAfter(List<Txn> window, long after, List<QuorumPacket> out, long current) {
        for (Txn t : window) {
            if (t.zxid() > after) {
                out.add(new Proposal(t.zxid(), t));
                out.add(new Commit(t.zxid()));
                current = t.zxid();
            }
        }
        return current;
    }

    /** The reason for a choice, as the leader's trace note gives it. */
    private static String why(SyncChoice choice, SyncFacts f) {
        long peer = f.peerLastZxid();
        String range = "[" + Zxid.hex(f.minCommittedLog()) + ", " + Zxid.hex(f.maxCommittedLog()) + "]";
        if (choice instanceof SyncChoice.Diff) {
            return peer == f.maxCommittedLog() ? "peer is at our last committed zxid: empty DIFF" : "peer zxid in committedLog " + range;
        } else if (choice instanceof SyncChoice.Trunc t) {
            return "peer zxid " + Zxid.hex(peer) + " > maxCommittedLog " + Zxid.hex(f.maxCommittedLog()) + ": truncate to " + Zxid.hex(t.zxid());
        } else if (choice instanceof SyncChoice.TruncDiff t) {
            return "peer zxid " + Zxid.hex(peer) + " in committedLog " + range + " but not ours: truncate to " + Zxid.hex(t.zxid())
                    + ", then the proposals after it";
        } else if (peer >= f.minCommittedLog() && peer <= f.maxCommittedLog()) {
            return "peer zxid " + Zxid.hex(peer) + " in committedLog " + range + ", yet a full snapshot was chosen";
        }
        return "peer zxid " + Zxid.hex(peer) + " outside the log window " + range;
    }

    /** ZooKeeper's txnlog sync is possible when the on-disk log reaches back to the peer's zxid and is small enough. */
    private boolean txnLogSyncPossible(ZKDatabase db, long peerLastZxid, long minCommittedLog) {
        long first = db.firstLoggedZxid();
        if (first < 0 || first > peerLastZxid) {
            return false;
        }
        long bytes = 0;
        for (Txn t : db.between(peerLastZxid, minCommittedLog)) {
            bytes += consensuslab.core.Json.bytes(t).length;
        }
        long limit = (long) (db.snapshotBytes().length * self.snapshotSizeFactor());
        return bytes <= limit;
    }

    record SyncPlan(List<QuorumPacket> packets, String mode, long queuedZxid, boolean needSnap, String why) {
    }

    /**
     * LearnerHandler.queueCommittedProposals: walk our committed history; DIFF if the peer's zxid is
     * in it, TRUNC to the previous proposal if the peer has proposals we do not (same epoch only),
     * then every later proposal as PROPOSAL + COMMIT. Crossing an epoch boundary needs a SNAP.
     */
    static SyncPlan queueCommittedProposals(List<Txn> history, long peerLastZxid, long lastCommittedZxid) {
        boolean isPeerNewEpochZxid = Zxid.counter(peerLastZxid) == 0;
        List<QuorumPacket> out = new ArrayList<>();
        boolean needOpPacket = true;
        boolean truncated = false;
        long queuedZxid = peerLastZxid;
        long prevProposalZxid = -1;
        int proposals = 0;
        for (Txn t : history) {
            long packetZxid = t.zxid();
            if (packetZxid < peerLastZxid) {
                prevProposalZxid = packetZxid;
                continue;
            }
            if (needOpPacket) {
                if (packetZxid == peerLastZxid) {
                    out.add(new Diff(lastCommittedZxid));
                    needOpPacket = false;
                    continue;
                }
                if (isPeerNewEpochZxid) {
                    out.add(new Diff(lastCommittedZxid));
                    needOpPacket = false;
                } else if (packetZxid > peerLastZxid) {
                    if (Zxid.epoch(packetZxid) != Zxid.epoch(peerLastZxid) || prevProposalZxid < 0) {
                        return new SyncPlan(out, "SNAP", queuedZxid, true,
                                "cannot TRUNC " + Zxid.hex(peerLastZxid) + " across epochs (next is " + Zxid.hex(packetZxid) + ")");
                    }
                    out.add(new Trunc(prevProposalZxid));
                    truncated = true;
                    needOpPacket = false;
                }
            }
            if (packetZxid <= queuedZxid && !truncated) {
                continue;
            }
            out.add(new Proposal(packetZxid, t));
            out.add(new Commit(packetZxid));
            queuedZxid = packetZxid;
            proposals++;
        }
        if (needOpPacket && isPeerNewEpochZxid) {
            out.add(new Diff(lastCommittedZxid));
            needOpPacket = false;
        }
        if (needOpPacket) {
            return new SyncPlan(out, "SNAP", queuedZxid, true, "peer zxid not found in our history");
        }
        String mode = truncated ? (proposals > 0 ? "TRUNC+DIFF" : "TRUNC") : "DIFF";
        return new SyncPlan(out, mode, queuedZxid, false, null);
    }

    // ---- acks ------------------------------------------------------------------------------------

    private void onAck(LearnerHandler h, long zxid) {
        if (Zxid.counter(zxid) == 0) {
            if (zxid == Zxid.make(epoch, 0) && h.stage == LearnerHandler.Stage.SYNCING) {
                h.stage = LearnerHandler.Stage.NEWLEADER_ACKED;
                if (!h.observer) {
                    newLeaderAcks.add(h.sid);
                }
                if (established()) {
                    sendUpToDate(h);
                } else {
                    maybeEstablish();
                }
            }
            return; // ACK of UPTODATE, or stale
        }
        if (h.observer) {
            return;
        }
        processAck(h.sid, zxid);
    }

    /** waitForNewLeaderAck: a quorum acked NEWLEADER; the initial history is committed. */
    private void maybeEstablish() {
        if (phase != Phase.SYNCHRONIZATION || !selfAckedNewLeader || newLeaderAcks.size() < self.quorumSize()) {
            return;
        }
        phase = Phase.BROADCAST;
        self.setZabState("BROADCAST");
        counter = 0;
        self.ctx().note("established: quorum " + newLeaderAcks + " acknowledged NEWLEADER for epoch " + epoch
                + "; committing the initial history up to " + Zxid.hex(initialHistoryEnd));
        self.commitUpTo(initialHistoryEnd);
        self.db().stateMachine().leading(self.ctx().now());
        for (LearnerHandler h : handlers.values()) {
            if (h.stage == LearnerHandler.Stage.NEWLEADER_ACKED) {
                sendUpToDate(h);
            }
        }
    }

    private void sendUpToDate(LearnerHandler h) {
        self.ctx().send(h.sid, new UpToDate(-1));
        h.stage = LearnerHandler.Stage.UPTODATE;
    }

    // ---- broadcast -------------------------------------------------------------------------------

    /** A client's write becomes a proposal with the next zxid. */
    void propose(NodeId server, String client, long cxid, JsonNode op) {
        if (!established()) {
            return;
        }
        if (counter >= 0xffffffffL) {
            self.goLooking("zxid counter exhausted: forcing a new epoch");
            return;
        }
        Txn t = new Txn(Zxid.make(epoch, ++counter), server.name(), client, cxid, op);
        outstanding.put(t.zxid(), new PendingProposal(t));
        self.noteProposed(t);
        self.logTxn(t, true);
        for (LearnerHandler h : handlers.values()) {
            if (h.forwarding && !h.observer) {
                self.ctx().send(h.sid, new Proposal(t.zxid(), t));
            }
        }
    }

    /** Our own log sync finished: the leader acks its proposals. */
    void onFlushed(List<Long> zxids) {
        for (long z : zxids) {
            processAck(me, z);
        }
    }

    /** Leader.processAck + tryToCommit: commit in zxid order once a quorum of voters acked. */
    private void processAck(NodeId from, long zxid) {
        PendingProposal p = outstanding.get(zxid);
        if (p == null) {
            return;
        }
        p.acks.add(from);
        while (!outstanding.isEmpty()) {
            Map.Entry<Long, PendingProposal> first = outstanding.firstEntry();
            if (first.getValue().acks.size() < self.quorumSize()) {
                break;
            }
            outstanding.pollFirstEntry();
            commit(first.getValue().txn);
        }
    }

    private void commit(Txn t) {
        for (LearnerHandler h : handlers.values()) {
            if (h.forwarding) {
                self.ctx().send(h.sid, h.observer ? new Inform(t.zxid(), t) : new Commit(t.zxid()));
            }
        }
        self.commitUpTo(t.zxid());
    }

    // ---- liveness ----------------------------------------------------------------------------------

    /** Every tickTime/2: ping learners; every tick, check deadlines and that a quorum is still synced. */
    void tick() {
        tickCount++;
        long now = self.ctx().now();
        self.ctx().setTimer(new QuorumPeer.Tick(self.gen()), Math.max(1, self.tickTime() / 2));
        for (LearnerHandler h : handlers.values()) {
            if (h.stage == LearnerHandler.Stage.UPTODATE || h.stage == LearnerHandler.Stage.NEWLEADER_ACKED) {
                self.ctx().send(h.sid, new Ping(outstanding.isEmpty() ? self.db().lastProcessedZxid() : outstanding.lastKey()));
            }
        }
        if (phase == Phase.BROADCAST) {
            for (JsonNode close : self.db().stateMachine().expired(now)) {
                propose(me, null, Zxid.make(epoch, counter + 1), close); // no client waits; the zxid names it
            }
        }
        if (phase != Phase.BROADCAST) {
            if (now > deadline) {
                self.goLooking("no quorum within initLimit (" + self.initLimit() + " ticks) in " + phase);
            }
            return;
        }
        if (tickCount % 2 == 0) {
            long limit = (long) self.syncLimit() * self.tickTime();
            Set<NodeId> synced = new TreeSet<>();
            synced.add(me);
            for (LearnerHandler h : handlers.values()) {
                if (!h.observer && h.synced() && now - h.lastHeard <= limit) {
                    synced.add(h.sid);
                }
            }
            if (synced.size() < self.quorumSize()) {
                self.goLooking("not sufficient followers synced, only synced with " + synced);
            }
        }
    }

    void onLinkDown(NodeId peer) {
        LearnerHandler h = handlers.remove(peer);
        if (h != null) {
            connecting.remove(peer);
            self.ctx().note("learner " + peer + " disconnected");
        }
    }

    /** For tests: the learners the leader currently knows and their stage. */
    public Map<String, String> learners() {
        Map<String, String> m = new TreeMap<>();
        handlers.forEach((k, v) -> m.put(k.name(), v.stage.name()));
        return m;
    }

    // ---- state key (the exhaustive search) -----------------------------------------------------

    /**
     * Every field of the leader as a value, for {@link QuorumPeer#stateKey}: the learners, the
     * quorums being gathered, the outstanding proposals with their acks, the epoch bookkeeping and the
     * {@code deadline} (an absolute time). Not in it: the copy of the sync modes last shown (a cache
     * of {@code syncModes}).
     */
    record Key(Map<NodeId, LearnerHandler.Key> handlers, Set<NodeId> connecting, Set<NodeId> electing, Set<NodeId> newLeaderAcks,
               Map<Long, Pending> outstanding, Map<String, String> syncModes, Phase phase, long epoch, long counter,
               long maxAcceptedEpoch, long initialHistoryEnd, long deadline, int tickCount, boolean selfAckedNewLeader,
               long syncModesVersion) {
    }

    /** An outstanding proposal and its acks, as a value. */
    record Pending(Txn txn, Set<NodeId> acks) {
    }

    Key stateKey() {
        Map<NodeId, LearnerHandler.Key> learners = new TreeMap<>();
        handlers.forEach((sid, h) -> learners.put(sid, h.stateKey()));
        Map<Long, Pending> pending = new TreeMap<>();
        outstanding.forEach((zxid, p) -> pending.put(zxid, new Pending(p.txn, Set.copyOf(p.acks))));
        return new Key(learners, Set.copyOf(connecting), Set.copyOf(electing), Set.copyOf(newLeaderAcks), pending, Map.copyOf(syncModes),
                phase, epoch, counter, maxAcceptedEpoch, initialHistoryEnd, deadline, tickCount, selfAckedNewLeader, syncModesVersion);
    }
}
