package consensuslab.paxos.perop;

import consensuslab.check.Checker;
import consensuslab.core.Json;
import consensuslab.core.LinkKind;
import consensuslab.core.NodeFactory;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.paxos.basic.PaxosMessage;
import java.util.List;

/**
 * Single-decree Paxos, one fresh instance per client operation, registered as {@code paxos-ops}:
 * what {@code bin/lab compare} runs for "paxos", so that basic Paxos gets the same stream of
 * operations as the other protocols. Each server hosts one unchanged {@link consensuslab.paxos.basic.PaxosNode}
 * per instance ({@link InstanceHost}); a client ({@link OpClient}) asks a server to decide instance
 * {@code c1.7}, and that server becomes the instance's only proposer. No leader, no phase-1 reuse:
 * every operation pays both phases, which is the point of the comparison with Multi-Paxos.
 *
 * <p>Params: {@code ops} per client (5), {@code think} ms between operations (0), {@code cretry}
 * client retry ms (200), and basic Paxos' {@code retry}, {@code poll}.
 */
public final class PerOpPaxos implements Protocol<PerOpMessage> {

    static {
        Json.registerSealed(PerOpMessage.class);
        Json.registerSealed(PaxosMessage.class);
    }

    @Override
    public String name() {
        return "paxos-ops";
    }

    @Override
    public String summary() {
        return "single-decree Paxos, one instance per client operation (params: ops, think, cretry, retry, poll)";
    }

    @Override
    public Class<PerOpMessage> messageType() {
        return PerOpMessage.class;
    }

    @Override
    public LinkKind linkKind() {
        return LinkKind.DATAGRAM;
    }

    @Override
    public int defaultNodes() {
        return 3;
    }

    @Override
    public int defaultClients() {
        return 1;
    }

    @Override
    public NodeFactory<PerOpMessage> factory(Params params) {
        for (String k : List.of("ops", "think")) {
            if (params.getLong(k, 0) < 0) {
                throw new IllegalArgumentException("parameter " + k + " must not be negative");
            }
        }
        if (params.getLong("cretry", 1) < 1) {
            throw new IllegalArgumentException("parameter cretry must be at least 1 ms");
        }
        return ctx -> ctx.id().isClient() ? new OpClient(ctx) : new InstanceHost(ctx);
    }

    @Override
    public List<Checker> checkers(Params params, int servers, int clients) {
        return List.of(new InstanceAgreement());
    }
}
