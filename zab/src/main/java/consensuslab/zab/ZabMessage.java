package consensuslab.zab;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every message of the Zab protocol. As in ZooKeeper there are two kinds of peer traffic: the
 * leader-election notifications, which ZooKeeper sends over the election port
 * (QuorumCnxManager), and the quorum packets, which it sends over the quorum port
 * (Leader/Learner). The simulator has one connection per pair of nodes, so both kinds share it;
 * the two sealed sub-interfaces keep them apart in code and in traces. Client traffic is a third kind.
 */
public sealed interface ZabMessage extends consensuslab.core.Message
        permits ZabMessage.ElectionMessage, ZabMessage.QuorumPacket, ZabMessage.ClientMessage {

    // ---- election port (FastLeaderElection) ------------------------------------------------

    /** Messages of fast leader election. */
    sealed interface ElectionMessage extends ZabMessage permits Notification {
    }

    /**
     * A vote, sent by FastLeaderElection.
     *
     * @param leader        proposed leader's sid
     * @param zxid          proposed leader's last logged zxid
     * @param electionEpoch the sender's logical clock (election round)
     * @param state         the sender's state
     * @param peerEpoch     proposed leader's epoch (its currentEpoch)
     */
    record Notification(long leader, long zxid, long electionEpoch, ServerState state, long peerEpoch)
            implements ElectionMessage {
    }

    // ---- quorum port (Leader / LearnerHandler / Learner), ZooKeeper's packet names ----------

    /** Packets between the leader and its learners. */
    sealed interface QuorumPacket extends ZabMessage permits FollowerInfo, ObserverInfo, LeaderInfo, AckEpoch, Diff, Trunc,
            Snap, NewLeader, UpToDate, Proposal, Ack, Commit, Inform, Ping, Request, Sync, SyncPoint, SessionsAlive {
    }

    /** FOLLOWERINFO (11): a follower registers; zxid = acceptedEpoch &lt;&lt; 32. */
    record FollowerInfo(long zxid, long sid, int protocolVersion) implements QuorumPacket {
    }

    /** OBSERVERINFO (16): an observer registers; same payload as FOLLOWERINFO. */
    record ObserverInfo(long zxid, long sid, int protocolVersion) implements QuorumPacket {
    }

    /** LEADERINFO (17): the new epoch; zxid = newEpoch &lt;&lt; 32. */
    record LeaderInfo(long zxid, int protocolVersion) implements QuorumPacket {
    }

    /** ACKEPOCH (18): zxid = the learner's last logged zxid; epoch = its currentEpoch, or -1 if it had already accepted this epoch. */
    record AckEpoch(long zxid, long epoch) implements QuorumPacket {
    }

    /** DIFF (13): sync by replaying the proposals that follow; zxid = the leader's last committed zxid. */
    record Diff(long zxid) implements QuorumPacket {
    }

    /** TRUNC (14): truncate your log to zxid. */
    record Trunc(long zxid) implements QuorumPacket {
    }

    /** SNAP (15): the leader's state at zxid (in ZooKeeper the serialized tree follows on the stream; here it rides along). */
    record Snap(long zxid, byte[] snapshot) implements QuorumPacket {
    }

    /** NEWLEADER (10): the initial history has been sent; zxid = newEpoch &lt;&lt; 32. */
    record NewLeader(long zxid) implements QuorumPacket {
    }

    /** UPTODATE (12): a quorum acknowledged NEWLEADER; start serving. */
    record UpToDate(long zxid) implements QuorumPacket {
    }

    /** PROPOSAL (2). */
    record Proposal(long zxid, Txn txn) implements QuorumPacket {
    }

    /** ACK (3): of a proposal, or (zxid counter 0) of NEWLEADER / UPTODATE. */
    record Ack(long zxid) implements QuorumPacket {
    }

    /** COMMIT (4). */
    record Commit(long zxid) implements QuorumPacket {
    }

    /** INFORM (8): a committed transaction, to observers, with its data. */
    record Inform(long zxid, Txn txn) implements QuorumPacket {
    }

    /** PING (5): leader to learner with its last proposed zxid; the learner answers with a PING. */
    record Ping(long zxid) implements QuorumPacket {
    }

    /** REQUEST (1): a learner forwards a client's write to the leader. */
    record Request(String client, long cxid, JsonNode op) implements QuorumPacket {
    }

    /** SYNC (7): a learner's server asks the leader how far it has proposed (the {@code id} is the server's). */
    record Sync(long id) implements QuorumPacket {
    }

    /** The leader's answer to a {@link Sync}: its last logged zxid when it read the request. */
    record SyncPoint(long id, long zxid) implements QuorumPacket {
    }

    /**
     * A learner's server reports the client sessions alive on it (ZooKeeper piggybacks them on the
     * learner's PING); the leader alone expires sessions. Opaque ids to the engine.
     */
    record SessionsAlive(java.util.List<Long> sessions) implements QuorumPacket {
        public SessionsAlive {
            sessions = java.util.List.copyOf(sessions);
        }
    }

    // ---- client port -------------------------------------------------------------------------

    /** Client traffic. */
    sealed interface ClientMessage extends ZabMessage permits ClientRequest, ClientReply {
    }

    /** A client's write. */
    record ClientRequest(long cxid, JsonNode op) implements ClientMessage {
    }

    /**
     * The answer: ok with the write's result and zxid, or not ok with an error
     * ("not serving": try another server).
     */
    record ClientReply(long cxid, boolean ok, String value, long zxid, String error) implements ClientMessage {
    }
}
