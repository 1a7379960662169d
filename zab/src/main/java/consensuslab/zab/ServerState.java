package consensuslab.zab;

/** QuorumPeer.ServerState: the election state carried in every notification. */
public enum ServerState {
    LOOKING, FOLLOWING, LEADING, OBSERVING
}
