package consensuslab.zab;

import consensuslab.core.NodeId;
import consensuslab.zab.ZabMessage.Ack;
import consensuslab.zab.ZabMessage.FollowerInfo;
import consensuslab.zab.ZabMessage.QuorumPacket;
import java.util.List;

/** The FOLLOWING role: a voting learner that logs proposals and ACKs them once synced to disk. */
public final class Follower extends Learner {

    Follower(QuorumPeer self, NodeId leaderId) {
        super(self, leaderId);
    }

    @Override
    protected QuorumPacket learnerInfo(long zxid) {
        return new FollowerInfo(zxid, self.myid(), 0x10000);
    }

    @Override
    protected void acknowledgeSynced(List<Txn> logged) {
        for (Txn t : logged) {
            self.ctx().send(leaderId(), new Ack(t.zxid()));
        }
    }

    @Override
    void onFlushed(List<Long> zxids) {
        for (long z : zxids) {
            self.ctx().send(leaderId(), new Ack(z));
        }
    }
}
