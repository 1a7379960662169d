package consensuslab.twopc.two;

import consensuslab.check.Checker;
import consensuslab.core.Context;
import consensuslab.core.Json;
import consensuslab.core.LinkKind;
import consensuslab.core.NodeFactory;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.twopc.Atomicity;
import consensuslab.twopc.BlockingTime;
import consensuslab.twopc.Settings;
import consensuslab.twopc.Termination;
import consensuslab.twopc.Txn;
import consensuslab.twopc.TxnClient;
import java.util.List;

/**
 * Two-phase commit with presumed abort, recovery from the log and cooperative termination;
 * registered as {@code 2pc}. n1 is the coordinator, n2..nN the participants, c1..cM clients.
 *
 * <p>Links are datagrams: messages may be lost, so every wait ends in a timeout that resends.
 * Params: txns, keys, writes, think, clientTimeout (client); retry, voteTimeout (coordinator);
 * timeout, noVoteRate, bug=noforce (participant); settle (termination checker). Keep
 * {@code timeout > voteTimeout + 2 * max latency}.
 */
public final class TwoPhaseCommit implements Protocol<TwoPcMessage> {

    static {
        Json.registerSealed(TwoPcMessage.class);
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
    public Class<TwoPcMessage> messageType() {
        return TwoPcMessage.class;
    }

    @Override
    public LinkKind linkKind() {
        return LinkKind.DATAGRAM;
    }

    @Override
    public int defaultNodes() {
        return 4;
    }

    @Override
    public int defaultClients() {
        return 2;
    }

    @Override
    public long defaultUntil() {
        return 5_000;
    }

    @Override
    public NodeFactory<TwoPcMessage> factory(Params params) {
        Settings.validate(params);
        return ctx -> {
            if (ctx.id().isClient()) {
                return new TxnClient<>(ctx, WIRE);
            }
            return ctx.id().index() == 1 ? new Coordinator(ctx) : new Participant(ctx);
        };
    }

    @Override
    public List<Checker> checkers(Params params, int servers, int clients) {
        return List.of(new Atomicity(), new BlockingTime(params),
                new Termination(Termination.Mode.COORDINATOR_BACK, servers, params));
    }

    static final TxnClient.Wire<TwoPcMessage> WIRE = new TxnClient.Wire<>() {
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
