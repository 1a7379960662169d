package consensuslab.zab;

import consensuslab.core.NodeId;

/**
 * The leader's view of one learner (ZooKeeper runs one LearnerHandler thread per learner
 * connection; here it is the per-learner state the leader's handlers consult).
 */
final class LearnerHandler {

    enum Stage {
        /** FOLLOWERINFO/OBSERVERINFO received. */
        CONNECTED,
        /** LEADERINFO sent. */
        EPOCH_SENT,
        /** ACKEPOCH received; waiting for the epoch quorum before sync. */
        EPOCH_ACKED,
        /** DIFF/TRUNC/SNAP and NEWLEADER queued. */
        SYNCING,
        /** NEWLEADER acknowledged. */
        NEWLEADER_ACKED,
        /** UPTODATE sent: in broadcast. */
        UPTODATE
    }

    final NodeId sid;
    final boolean observer;
    final long acceptedEpoch;
    Stage stage = Stage.CONNECTED;
    long peerLastZxid = -1;
    long peerCurrentEpoch = -1;
    String syncMode;
    /** Proposals and commits go to this learner (ZooKeeper: it is in forwardingFollowers / observingLearners). */
    boolean forwarding;
    long lastHeard;

    LearnerHandler(NodeId sid, boolean observer, long acceptedEpoch, long now) {
        this.sid = sid;
        this.observer = observer;
        this.acceptedEpoch = acceptedEpoch;
        this.lastHeard = now;
    }

    boolean synced() {
        return stage == Stage.NEWLEADER_ACKED || stage == Stage.UPTODATE;
    }

    /** Every field as a value, for {@link Leader#stateKey} ({@code lastHeard} is an absolute time: see {@code Node.stateKey}). */
    record Key(NodeId sid, boolean observer, long acceptedEpoch, Stage stage, long peerLastZxid, long peerCurrentEpoch, String syncMode,
               boolean forwarding, long lastHeard) {
    }

    Key stateKey() {
        return new Key(sid, observer, acceptedEpoch, stage, peerLastZxid, peerCurrentEpoch, syncMode, forwarding, lastHeard);
    }
}
