package consensuslab.twopc.two;

import consensuslab.twopc.reference.ReferenceRecovery;
import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.twopc.CommitProtocol;
import consensuslab.twopc.Termination;
import consensuslab.twopc.Txn;
import consensuslab.twopc.TxnClient;
import java.util.List;

/**
 * Two-phase commit with presumed abort, recovery from the log and cooperative termination;
 * registered as {@code 2pc}. Besides the shared params ({@link CommitProtocol}), the participant
 * takes {@code bug=noforce}: a planted bug that skips forcing PREPARED before voting yes.
 */
public final class TwoPhaseCommit extends CommitProtocol<TwoPcMessage> {

    private final ParticipantRecovery recovery;

    /** The protocol with the reference participant recovery. */
    public TwoPhaseCommit() {
        this(new ReferenceRecovery());
    }

    private TwoPhaseCommit(ParticipantRecovery recovery) {
        super(TwoPcMessage.class, Termination.Mode.COORDINATOR_BACK);
        this.recovery = recovery;
    }

    /** The protocol with another participant recovery plugged in (a graded run of lab 1's exercise). */
    public static TwoPhaseCommit withRecovery(ParticipantRecovery recovery) {
        return new TwoPhaseCommit(recovery);
    }

    @Override
    public String name() {
        return "2pc";
    }

    @Override
    public String summary() {
        return "two-phase commit, presumed abort, cooperative termination (params: txns, noVoteRate, keys, timeout)";
    }

    @Override
    protected Node<TwoPcMessage> coordinator(Context<TwoPcMessage> ctx) {
        return new Coordinator(ctx);
    }

    @Override
    protected Node<TwoPcMessage> participant(Context<TwoPcMessage> ctx) {
        return new Participant(ctx, recovery);
    }

    @Override
    protected TxnClient.Wire<TwoPcMessage> wire() {
        return new TxnClient.Wire<>() {
            @Override
            public TwoPcMessage submit(Txn txn) {
                return new TwoPcMessage.Submit(txn.id(), txn);
            }

            @Override
            public TwoPcMessage query(String txn) {
                return new TwoPcMessage.Query(txn);
            }

            @Override
            public List<NodeId> askWhom(Context<TwoPcMessage> ctx) {
                return List.of(NodeId.server(1));
            }
        };
    }
}
