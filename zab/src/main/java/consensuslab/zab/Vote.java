package consensuslab.zab;

/**
 * A vote as FastLeaderElection keeps it.
 *
 * @param leader        proposed leader's sid
 * @param zxid          its last logged zxid
 * @param electionEpoch the round in which the vote was cast
 * @param peerEpoch     the proposed leader's epoch
 * @param state         the voter's state when it sent the vote
 */
public record Vote(long leader, long zxid, long electionEpoch, long peerEpoch, ServerState state) {

    /**
     * ZooKeeper's Vote.equals: while either side is LOOKING, leader, zxid, electionEpoch and
     * peerEpoch must all match; votes from servers out of election (FOLLOWING/LEADING) match on
     * leader and peerEpoch only, since they may have joined in different rounds.
     */
    public boolean agrees(Vote o) {
        if (state == ServerState.LOOKING || o.state == ServerState.LOOKING) {
            return leader == o.leader && zxid == o.zxid && electionEpoch == o.electionEpoch && peerEpoch == o.peerEpoch;
        }
        return leader == o.leader && peerEpoch == o.peerEpoch;
    }

    /** "n3 e1 1.4": proposed leader, its epoch and zxid. */
    public String show() {
        return (leader == Long.MIN_VALUE ? "none" : "n" + leader) + " e" + (peerEpoch == Long.MIN_VALUE ? "-" : peerEpoch) + " "
                + (zxid == Long.MIN_VALUE ? "-" : Zxid.dotted(zxid));
    }
}
