package consensuslab.zab;

import consensuslab.core.NodeId;
import consensuslab.zab.ZabMessage.Ack;
import consensuslab.zab.ZabMessage.AckEpoch;
import consensuslab.zab.ZabMessage.Commit;
import consensuslab.zab.ZabMessage.Diff;
import consensuslab.zab.ZabMessage.Inform;
import consensuslab.zab.ZabMessage.LeaderInfo;
import consensuslab.zab.ZabMessage.NewLeader;
import consensuslab.zab.ZabMessage.Ping;
import consensuslab.zab.ZabMessage.Proposal;
import consensuslab.zab.ZabMessage.QuorumPacket;
import consensuslab.zab.ZabMessage.Snap;
import consensuslab.zab.ZabMessage.Trunc;
import consensuslab.zab.ZabMessage.UpToDate;
import java.util.List;

/**
 * What followers and observers share (ZooKeeper's Learner): registerWithLeader (FOLLOWERINFO /
 * OBSERVERINFO, LEADERINFO, ACKEPOCH) and syncWithLeader (DIFF / TRUNC / SNAP, the proposals and
 * commits that follow, NEWLEADER and its ACK, UPTODATE). A learner that hears nothing from its
 * leader for initLimit ticks (syncLimit once in broadcast), or loses the connection, is LOOKING again.
 */
public abstract class Learner {

    enum Phase { DISCOVERY, SYNCHRONIZATION, BROADCAST }

    protected final QuorumPeer self;
    private final NodeId leaderId;
    protected Phase phase = Phase.DISCOVERY;
    protected long newEpoch = -1;
    private long lastHeard;
    /** Everything logged up to here is committed by the new leader's initial history. */
    protected long commitPoint;
    protected boolean newLeaderAcked;

    Learner(QuorumPeer self, NodeId leaderId) {
        this.self = self;
        this.leaderId = leaderId;
    }

    public NodeId leaderId() {
        return leaderId;
    }

    boolean serving() {
        return phase == Phase.BROADCAST;
    }

    protected abstract QuorumPacket learnerInfo(long zxid);

    /** Connect and send FOLLOWERINFO / OBSERVERINFO with zxid = acceptedEpoch &lt;&lt; 32. */
    void registerWithLeader() {
        lastHeard = self.ctx().now();
        self.ctx().send(leaderId, learnerInfo(Zxid.make(self.db().acceptedEpoch(), 0)));
        self.ctx().setTimer(new QuorumPeer.Tick(self.gen()), self.tickTime());
    }

    void onPacket(QuorumPacket q) {
        lastHeard = self.ctx().now();
        if (q instanceof LeaderInfo li) {
            onLeaderInfo(li);
        } else if (q instanceof Diff) {
            if (phase == Phase.SYNCHRONIZATION) {
                self.setSyncMode("DIFF");
                commitPoint = self.db().lastLoggedZxid();
            }
        } else if (q instanceof ZabMessage.ClientSync s) {
            // everything the leader had committed when it took the sync is applied before the answer
            self.commitUpTo(Math.min(s.zxid(), self.db().lastLoggedZxid()));
            self.ctx().send(NodeId.of(s.client()), new ZabMessage.ClientReply(s.cxid(), true, "synced", self.db().lastProcessedZxid(), null));
        } else if (q instanceof Trunc t) {
            if (phase == Phase.SYNCHRONIZATION) {
                self.setSyncMode("TRUNC");
                if (t.zxid() < self.db().lastProcessedZxid()) {
                    self.ctx().note("TRUNC to " + Zxid.hex(t.zxid()) + " is below the applied state "
                            + Zxid.hex(self.db().lastProcessedZxid()) + ": committed transactions would be lost");
                }
                self.ctx().note("truncating log from " + Zxid.hex(self.db().lastLoggedZxid()) + " to " + Zxid.hex(t.zxid()));
                if (!self.bug("skiptrunc")) {
                    self.clearAwaitingFlush();
                    self.db().truncate(t.zxid());
                }
                commitPoint = t.zxid();
            }
        } else if (q instanceof Snap s) {
            if (phase == Phase.SYNCHRONIZATION) {
                self.setSyncMode("SNAP");
                self.clearAwaitingFlush();
                self.db().installSnapshot(s.zxid(), s.snapshot());
                self.noteSnapshotInstalled(s.zxid());
                self.ctx().note("installed the leader's snapshot at " + Zxid.hex(s.zxid()));
                commitPoint = s.zxid();
            }
        } else if (q instanceof Proposal p) {
            onProposal(p);
        } else if (q instanceof Commit c) {
            if (phase == Phase.BROADCAST) {
                self.commitUpTo(c.zxid());
            } else {
                commitPoint = Math.max(commitPoint, c.zxid());
            }
        } else if (q instanceof Inform inf) {
            onInform(inf);
        } else if (q instanceof NewLeader nl) {
            onNewLeader(nl);
        } else if (q instanceof UpToDate) {
            onUpToDate();
        } else if (q instanceof Ping) {
            self.ctx().send(leaderId, new Ping(self.db().lastLoggedZxid()));
        } else if (q instanceof ZabMessage.SyncPoint sp) {
            self.localServer().syncPoint(sp.id(), sp.zxid());
        }
    }

    private void onLeaderInfo(LeaderInfo li) {
        if (phase != Phase.DISCOVERY) {
            return;
        }
        newEpoch = Zxid.epoch(li.zxid());
        long accepted = self.db().acceptedEpoch();
        if (newEpoch > accepted) {
            self.db().setAcceptedEpoch(newEpoch);
            self.ctx().send(leaderId, new AckEpoch(self.db().lastLoggedZxid(), self.db().currentEpoch()));
        } else if (newEpoch == accepted) {
            // already acked an epoch equal to the leader's: this ack does not count (ZOOKEEPER-1192)
            self.ctx().send(leaderId, new AckEpoch(self.db().lastLoggedZxid(), -1));
        } else {
            self.goLooking("leader's epoch " + newEpoch + " is below our acceptedEpoch " + accepted);
            return;
        }
        phase = Phase.SYNCHRONIZATION;
        self.setZabState("SYNCHRONIZATION");
    }

    protected void onProposal(Proposal p) {
        if (phase == Phase.DISCOVERY || p.txn().zxid() <= self.db().lastLoggedZxid()) {
            return;
        }
        // before NEWLEADER the proposals are part of the sync and are acknowledged with it
        self.logTxn(p.txn(), newLeaderAcked);
    }

    protected void onInform(Inform inf) {
    }

    private void onNewLeader(NewLeader nl) {
        if (phase != Phase.SYNCHRONIZATION || newLeaderAcked) {
            return;
        }
        long e = Zxid.epoch(nl.zxid());
        if (e != self.db().acceptedEpoch()) {
            self.goLooking("NEWLEADER epoch " + e + " is not our acceptedEpoch " + self.db().acceptedEpoch());
            return;
        }
        if (!self.logDurable()) {
            self.db().sync(); // the ACK of NEWLEADER vouches for the whole log
        }
        self.db().setCurrentEpoch(e);
        newLeaderAcked = true;
        self.ctx().send(leaderId, new Ack(nl.zxid()));
        acknowledgeSynced(self.db().between(commitPoint, self.db().lastLoggedZxid()));
    }

    /** Followers acknowledge the outstanding proposals that arrived during sync; observers do not. */
    protected void acknowledgeSynced(List<Txn> logged) {
    }

    private void onUpToDate() {
        if (!newLeaderAcked || phase != Phase.SYNCHRONIZATION) {
            return;
        }
        phase = Phase.BROADCAST;
        self.setZabState("BROADCAST");
        self.commitUpTo(commitPoint);
        self.ctx().send(leaderId, new Ack(Zxid.make(newEpoch, 0)));
        self.ctx().note("UPTODATE from " + leaderId + ": serving in epoch " + newEpoch);
    }

    /** Our log sync finished: acknowledge (followers). */
    void onFlushed(List<Long> zxids) {
    }

    void tick() {
        self.ctx().setTimer(new QuorumPeer.Tick(self.gen()), self.tickTime());
        int ticks = phase == Phase.BROADCAST ? self.syncLimit() : self.initLimit();
        if (self.ctx().now() - lastHeard > (long) ticks * self.tickTime()) {
            self.goLooking("heard nothing from leader " + leaderId + " for " + ticks + " ticks in " + phase);
        }
    }

    // ---- state key (the exhaustive search) -----------------------------------------------------

    /** Every field of the learner as a value, for {@link QuorumPeer#stateKey}: {@code lastHeard} is an absolute time. */
    record Key(boolean observer, NodeId leaderId, Phase phase, long newEpoch, long lastHeard, long commitPoint, boolean newLeaderAcked) {
    }

    Key stateKey() {
        return new Key(this instanceof Observer, leaderId, phase, newEpoch, lastHeard, commitPoint, newLeaderAcked);
    }
}
