package consensuslab.twopc.three;

import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.twopc.CommitProtocol;
import consensuslab.twopc.Termination;
import consensuslab.twopc.Txn;
import consensuslab.twopc.TxnClient;
import java.util.List;

/**
 * Skeen's three-phase commit with a termination protocol; registered as {@code 3pc}. Params:
 * see {@link CommitProtocol}.
 */
public final class ThreePhaseCommit extends CommitProtocol<ThreePcMessage> {

    public ThreePhaseCommit() {
        super(ThreePcMessage.class, Termination.Mode.MAJORITY_UP);
    }

    @Override
    public String name() {
        return "3pc";
    }

    @Override
    public String summary() {
        return "Skeen's three-phase commit with a termination protocol (params: txns, noVoteRate, keys, timeout)";
    }

    @Override
    protected Node<ThreePcMessage> coordinator(Context<ThreePcMessage> ctx) {
        return new Coordinator(ctx);
    }

    @Override
    protected Node<ThreePcMessage> participant(Context<ThreePcMessage> ctx) {
        return new Participant(ctx);
    }

    @Override
    protected TxnClient.Wire<ThreePcMessage> wire() {
        return new TxnClient.Wire<>() {
            @Override
            public ThreePcMessage submit(Txn txn) {
                return new ThreePcMessage.Submit(txn.id(), txn);
            }

            @Override
            public ThreePcMessage query(String txn) {
                return new ThreePcMessage.Query(txn);
            }

            @Override
            public List<NodeId> askWhom(Context<ThreePcMessage> ctx) {
                return ctx.servers(); // a backup coordinator may have decided: anyone who knows answers
            }
        };
    }
}
