package consensuslab.paxos.multi;

import consensuslab.paxos.reference.ReferenceSlotRecovery;
import consensuslab.check.Checker;
import consensuslab.check.LinearizabilityChecker;
import consensuslab.core.LinkKind;
import consensuslab.core.NodeFactory;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.paxos.check.AgreementChecker;
import consensuslab.paxos.check.ClientLiveness;
import consensuslab.paxos.check.ValidityChecker;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-Paxos with a replicated key-value store, registered as {@code multipaxos}. Servers are
 * {@link MultiPaxosServer}s, clients are {@link KvClient}s.
 *
 * <p>Parameters: {@code ops} per client (5), {@code keys} (2), {@code mix}=all|append, {@code cretry} client retry ms (100),
 * {@code heartbeat} ms (50), {@code election} ms (150: timeouts are random in [election, 2·election)),
 * {@code resend} ms (40), {@code snapshot} slots between snapshots (16), {@code bound} ms for the
 * liveness checker (3000), {@code lin}=false to skip the linearizability check.
 */
public final class MultiPaxos implements Protocol<MultiPaxosMessage> {

    private final SlotRecovery recovery;

    /** The protocol with the reference slot recovery. */
    public MultiPaxos() {
        this(new ReferenceSlotRecovery());
    }

    private MultiPaxos(SlotRecovery recovery) {
        this.recovery = recovery;
    }

    /** The protocol with another slot recovery plugged in (a graded run of lab 4's exercise). */
    public static MultiPaxos withSlotRecovery(SlotRecovery recovery) {
        return new MultiPaxos(recovery);
    }

    @Override
    public String name() {
        return "multipaxos";
    }

    @Override
    public String summary() {
        return "Multi-Paxos replicated key-value store (params: ops, keys, mix, cretry, heartbeat, election, resend, snapshot, bound, lin)";
    }

    @Override
    public Class<MultiPaxosMessage> messageType() {
        return MultiPaxosMessage.class;
    }

    @Override
    public LinkKind linkKind() {
        return LinkKind.DATAGRAM;
    }

    @Override
    public int defaultClients() {
        return 2;
    }

    @Override
    public long defaultUntil() {
        return 10_000;
    }

    @Override
    public NodeFactory<MultiPaxosMessage> factory(Params params) {
        for (String k : List.of("keys", "snapshot")) {
            if (params.getInt(k, 1) < 1) {
                throw new IllegalArgumentException("parameter " + k + " must be at least 1");
            }
        }
        if (params.getInt("ops", 5) < 0) {
            throw new IllegalArgumentException("parameter ops must not be negative");
        }
        if (!List.of("all", "append").contains(params.get("mix", "all"))) {
            throw new IllegalArgumentException("parameter mix=" + params.get("mix", "") + " must be all or append");
        }
        for (String k : List.of("cretry", "heartbeat", "election", "resend")) {
            if (params.getLong(k, 1) < 1) {
                throw new IllegalArgumentException("parameter " + k + " must be at least 1 ms");
            }
        }
        return ctx -> ctx.id().isClient() ? new KvClient(ctx) : new MultiPaxosServer(ctx, recovery);
    }

    @Override
    public List<Checker> checkers(Params params, int servers, int clients) {
        List<Checker> out = new ArrayList<>(List.of(new AgreementChecker(), new ValidityChecker(),
                new ClientLiveness(params.getLong("bound", 3000))));
        if (params.getBool("lin", true)) {
            out.add(new LinearizabilityChecker());
        }
        return out;
    }
}
