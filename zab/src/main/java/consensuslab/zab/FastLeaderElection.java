package consensuslab.zab;

import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import consensuslab.zab.ZabMessage.Notification;
import consensuslab.zab.exercise.VoteOrder.Candidate;
import java.util.Map;
import java.util.TreeMap;

/**
 * ZooKeeper's FastLeaderElection (electionAlg=3), event-driven: the body of lookForLeader runs
 * once per notification instead of in a polling loop, and the polls' timeouts are timers.
 *
 * <ul>
 *   <li>Start: increment the logical clock, vote for yourself (myid, lastLoggedZxid, currentEpoch),
 *       send the vote to every voter (to yourself through a loopback).</li>
 *   <li>A LOOKING notification from a later round: adopt that round, clear the received votes,
 *       vote for the better of your own initial vote and theirs. From the same round: adopt theirs
 *       if {@link #totalOrderPredicate} says it is better. Record it.</li>
 *   <li>When a quorum of received votes equals your proposal, wait finalizeWait: a better vote
 *       arriving reopens the election; otherwise decide LEADING / FOLLOWING / OBSERVING.</li>
 *   <li>FOLLOWING / LEADING notifications (an established ensemble answering): follow their leader
 *       once a quorum backs it and it reports LEADING itself (checkLeader).</li>
 *   <li>No notification for a while: resend, doubling the wait up to maxNotificationInterval.</li>
 * </ul>
 * Servers that are not LOOKING answer LOOKING notifications with the vote they settled on, which
 * is how a restarted server finds an established leader. Observers (weight 0) never win a vote.
 */
public final class FastLeaderElection {

    /** A notification to ourselves: ZooKeeper's QuorumCnxManager loopback. */
    public record Loopback(Notification n) implements Timer {
    }

    /** The poll of the receive queue timed out: resend notifications. */
    public record NotificationTimeout(long round) implements Timer {
    }

    /** finalizeWait passed after a quorum agreed with our proposal. */
    public record FinalizeWait(long round) implements Timer {
    }

    private final QuorumPeer self;
    private long logicalclock;
    private long proposedLeader;
    private long proposedZxid;
    private long proposedEpoch;
    private final Map<Long, Vote> recvset = new TreeMap<>();
    private final Map<Long, Vote> outofelection = new TreeMap<>();
    private boolean active;
    private boolean finalizing;
    private long notTimeout;
    private long notTimer = -1;
    private long finalizeTimer = -1;
    private long version;
    /**
     * Peers we have an election connection with. ZooKeeper's QuorumCnxManager resends the last
     * message to a peer whenever a connection to it is (re)established, so a vote sent while the
     * peer was down is not lost; here a connection counts as (re)established when the first
     * notification arrives from a peer after a restart or a broken link.
     */
    private final java.util.Set<Long> connected = new java.util.TreeSet<>();

    FastLeaderElection(QuorumPeer self) {
        this.self = self;
    }

    // ---- vote order ----------------------------------------------------------------------------

    /**
     * Does the new vote beat the current one? The {@link consensuslab.zab.exercise.VoteOrder} decides
     * (the reference: higher peer epoch, then higher zxid, then higher sid); a server with voting
     * weight 0 (an observer) never wins.
     */
    boolean totalOrderPredicate(long newId, long newZxid, long newEpoch, long curId, long curZxid, long curEpoch) {
        if (!self.isVoter(newId)) {
            return false;
        }
        if (self.bug("lowzxid")) {
            // planted bug for checker tests: prefer the LOWER zxid
            return newEpoch > curEpoch || (newEpoch == curEpoch && (newZxid < curZxid || (newZxid == curZxid && newId > curId)));
        }
        return self.rules().voteOrder().beats(new Candidate(newId, newZxid, newEpoch), new Candidate(curId, curZxid, curEpoch));
    }

    private long initId() {
        return self.isObserver() ? Long.MIN_VALUE : self.myid();
    }

    private long initLastLoggedZxid() {
        return self.isObserver() ? Long.MIN_VALUE : self.db().lastLoggedZxid();
    }

    private long initPeerEpoch() {
        return self.isObserver() ? Long.MIN_VALUE : self.db().currentEpoch();
    }

    // ---- lookForLeader -----------------------------------------------------------------------------

    /** The peer turned LOOKING: start a new round. */
    void lookForLeader() {
        active = true;
        finalizing = false;
        cancelTimers();
        logicalclock++;
        version++;
        recvset.clear();
        outofelection.clear();
        updateProposal(initId(), initLastLoggedZxid(), initPeerEpoch());
        self.ctx().note("LOOKING: round " + logicalclock + ", voting for " + proposal().show());
        sendNotifications();
        notTimeout = self.minNotificationInterval();
        armNotTimer();
    }

    /** Leaves the election (the peer decided, or is shutting down). */
    void stop() {
        active = false;
        finalizing = false;
        cancelTimers();
    }

    private void cancelTimers() {
        if (notTimer >= 0) {
            self.ctx().cancelTimer(notTimer);
            notTimer = -1;
        }
        if (finalizeTimer >= 0) {
            self.ctx().cancelTimer(finalizeTimer);
            finalizeTimer = -1;
        }
    }

    private void armNotTimer() {
        if (notTimer >= 0) {
            self.ctx().cancelTimer(notTimer);
        }
        notTimer = self.ctx().setTimer(new NotificationTimeout(logicalclock), notTimeout);
    }

    private void updateProposal(long leader, long zxid, long epoch) {
        proposedLeader = leader;
        proposedZxid = zxid;
        proposedEpoch = epoch;
    }

    Vote proposal() {
        return new Vote(proposedLeader, proposedZxid, logicalclock, proposedEpoch, ServerState.LOOKING);
    }

    long logicalclock() {
        return logicalclock;
    }

    Map<Long, Vote> recvset() {
        return recvset;
    }

    boolean finalizing() {
        return finalizing;
    }

    private void sendNotifications() {
        Notification n = new Notification(proposedLeader, proposedZxid, logicalclock, ServerState.LOOKING, proposedEpoch);
        for (NodeId v : self.voters()) {
            if (v.equals(self.ctx().id())) {
                self.ctx().setTimer(new Loopback(n), 0);
            } else {
                self.ctx().send(v, n);
            }
        }
    }

    void onTimer(Timer t) {
        if (t instanceof Loopback l) {
            if (active) {
                receive(self.myid(), l.n());
            }
        } else if (t instanceof NotificationTimeout nt) {
            notTimer = -1;
            // the one armed timer (re-arming cancels the previous): its round may be older than
            // logicalclock if a later round was adopted since, and it must still fire
            if (active && !finalizing) {
                sendNotifications();
                notTimeout = Math.min(notTimeout * 2, self.maxNotificationInterval());
                armNotTimer();
            }
        } else if (t instanceof FinalizeWait fw) {
            finalizeTimer = -1;
            if (active && finalizing && fw.round() == logicalclock) {
                decide(proposedLeader, "a quorum agreed and finalizeWait passed with no better vote");
            }
        }
    }

    // ---- WorkerReceiver + lookForLeader body ---------------------------------------------------------

    /** A notification arrived from {@code from}. */
    void onNotification(NodeId from, Notification n) {
        receive(from.index(), n);
    }

    /** Changes with every notification handled and every round (for the publication short-cut). */
    long version() {
        return version;
    }

    /** The connection to this peer broke (crash, partition). */
    void onLinkDown(NodeId peer) {
        connected.remove((long) peer.index());
    }

    private void receive(long sid, Notification n) {
        version++;
        if (sid != self.myid() && connected.add(sid) && active && self.isVoter(sid)) {
            // a new connection: our SendWorker starts by sending the latest notification
            self.ctx().send(NodeId.server((int) sid),
                    new Notification(proposedLeader, proposedZxid, logicalclock, ServerState.LOOKING, proposedEpoch));
        }
        if (!active) {
            // Not LOOKING: answer a LOOKING server with the vote we settled on.
            if (n.state() == ServerState.LOOKING && sid != self.myid()) {
                Vote cur = self.currentVote();
                self.ctx().send(NodeId.server((int) sid),
                        new Notification(cur.leader(), cur.zxid(), cur.electionEpoch(), self.state(), cur.peerEpoch()));
            }
            return;
        }
        if (!self.isVoter(sid)) {
            // From an observer: answer right away with our current vote.
            Vote cur = self.currentVote();
            self.ctx().send(NodeId.server((int) sid),
                    new Notification(cur.leader(), cur.zxid(), logicalclock, ServerState.LOOKING, cur.peerEpoch()));
            return;
        }
        if (n.state() == ServerState.LOOKING && n.electionEpoch() < logicalclock && sid != self.myid()) {
            // The sender is behind: bring it our round and proposal.
            self.ctx().send(NodeId.server((int) sid),
                    new Notification(proposedLeader, proposedZxid, logicalclock, ServerState.LOOKING, proposedEpoch));
        }
        armNotTimer();
        if (finalizing) {
            // Draining the queue during finalizeWait: only a better vote reopens the election.
            if (totalOrderPredicate(n.leader(), n.zxid(), n.peerEpoch(), proposedLeader, proposedZxid, proposedEpoch)) {
                finalizing = false;
                if (finalizeTimer >= 0) {
                    self.ctx().cancelTimer(finalizeTimer);
                    finalizeTimer = -1;
                }
            } else {
                if (finalizeTimer >= 0) {
                    self.ctx().cancelTimer(finalizeTimer);
                }
                finalizeTimer = self.ctx().setTimer(new FinalizeWait(logicalclock), self.finalizeWait());
                return;
            }
        }
        if (!self.isVoter(n.leader())) {
            return;
        }
        switch (n.state()) {
            case LOOKING -> onLooking(sid, n);
            case FOLLOWING, LEADING -> onOutOfElection(sid, n);
            default -> {
                // OBSERVING notifications are ignored
            }
        }
    }

    private void onLooking(long sid, Notification n) {
        if (n.electionEpoch() > logicalclock) {
            logicalclock = n.electionEpoch();
            recvset.clear();
            if (totalOrderPredicate(n.leader(), n.zxid(), n.peerEpoch(), initId(), initLastLoggedZxid(), initPeerEpoch())) {
                updateProposal(n.leader(), n.zxid(), n.peerEpoch());
            } else {
                updateProposal(initId(), initLastLoggedZxid(), initPeerEpoch());
            }
            sendNotifications();
        } else if (n.electionEpoch() < logicalclock) {
            return;
        } else if (totalOrderPredicate(n.leader(), n.zxid(), n.peerEpoch(), proposedLeader, proposedZxid, proposedEpoch)) {
            updateProposal(n.leader(), n.zxid(), n.peerEpoch());
            sendNotifications();
        }
        recvset.put(sid, new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch(), ServerState.LOOKING));
        if (hasQuorum(recvset, proposal())) {
            finalizing = true;
            if (finalizeTimer >= 0) {
                self.ctx().cancelTimer(finalizeTimer);
            }
            finalizeTimer = self.ctx().setTimer(new FinalizeWait(logicalclock), self.finalizeWait());
        }
    }

    private void onOutOfElection(long sid, Notification n) {
        Vote v = new Vote(n.leader(), n.zxid(), n.electionEpoch(), n.peerEpoch(), n.state());
        if (n.electionEpoch() == logicalclock) {
            recvset.put(sid, v);
            if (hasQuorum(recvset, v) && checkLeader(recvset, n.leader(), n.electionEpoch())) {
                updateProposal(n.leader(), n.zxid(), n.peerEpoch());
                decide(n.leader(), "joined an established leader (same round)");
                return;
            }
        }
        outofelection.put(sid, v);
        if (hasQuorum(outofelection, v) && checkLeader(outofelection, n.leader(), n.electionEpoch())) {
            logicalclock = n.electionEpoch();
            updateProposal(n.leader(), n.zxid(), n.peerEpoch());
            decide(n.leader(), "joined an established leader");
        }
    }

    /** A quorum of voters in {@code votes} agree with {@code v}. */
    private boolean hasQuorum(Map<Long, Vote> votes, Vote v) {
        int n = 0;
        for (Map.Entry<Long, Vote> e : votes.entrySet()) {
            if (self.isVoter(e.getKey()) && e.getValue().agrees(v)) {
                n++;
            }
        }
        return n >= self.quorumSize();
    }

    /** The proposed leader must itself say it is LEADING (or be us, in this very round). */
    private boolean checkLeader(Map<Long, Vote> votes, long leader, long electionEpoch) {
        if (leader != self.myid()) {
            Vote lv = votes.get(leader);
            return lv != null && lv.state() == ServerState.LEADING;
        }
        return logicalclock == electionEpoch;
    }

    private void decide(long leader, String why) {
        Vote end = new Vote(leader, proposedZxid, logicalclock, proposedEpoch, ServerState.LOOKING);
        stop();
        ServerState next = leader == self.myid() ? ServerState.LEADING
                : self.isObserver() ? ServerState.OBSERVING : ServerState.FOLLOWING;
        self.ctx().note("election over in round " + logicalclock + ": " + next + " (leader n" + leader + "): " + why);
        self.electionDone(end, next);
    }

    // ---- state key (the exhaustive search) -----------------------------------------------------

    /** Every field of the election as a value, for {@link QuorumPeer#stateKey} (timer handles included: they are cancelled). */
    record Key(long logicalclock, long proposedLeader, long proposedZxid, long proposedEpoch, Map<Long, Vote> recvset,
               Map<Long, Vote> outofelection, boolean active, boolean finalizing, long notTimeout, long notTimer, long finalizeTimer,
               long version, java.util.Set<Long> connected) {
    }

    Key stateKey() {
        return new Key(logicalclock, proposedLeader, proposedZxid, proposedEpoch, Map.copyOf(recvset), Map.copyOf(outofelection), active,
                finalizing, notTimeout, notTimer, finalizeTimer, version, java.util.Set.copyOf(connected));
    }
}
