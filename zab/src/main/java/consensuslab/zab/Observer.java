package consensuslab.zab;

import consensuslab.core.NodeId;
import consensuslab.zab.ZabMessage.Inform;
import consensuslab.zab.ZabMessage.ObserverInfo;
import consensuslab.zab.ZabMessage.QuorumPacket;

/**
 * The OBSERVING role: a learner without a vote. It registers with OBSERVERINFO, syncs like a
 * follower, then learns each committed transaction from INFORM; it never ACKs a proposal and never
 * counts in a quorum (nor in an election).
 */
public final class Observer extends Learner {

    Observer(QuorumPeer self, NodeId leaderId) {
        super(self, leaderId);
    }

    @Override
    protected QuorumPacket learnerInfo(long zxid) {
        return new ObserverInfo(zxid, self.myid(), 0x10000);
    }

    @Override
    protected void onInform(Inform inf) {
        if (phase == Phase.DISCOVERY || inf.txn().zxid() <= self.db().lastLoggedZxid()) {
            return;
        }
        self.logTxn(inf.txn(), false);
        if (phase == Phase.BROADCAST) {
            self.commitUpTo(inf.zxid());
        } else {
            commitPoint = Math.max(commitPoint, inf.zxid());
        }
    }
}
