package consensuslab.paxos.basic;

import consensuslab.paxos.reference.ReferenceAcceptorRules;
import consensuslab.check.Checker;
import consensuslab.core.LinkKind;
import consensuslab.core.NodeFactory;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.paxos.check.AgreementChecker;
import consensuslab.paxos.check.LearnedLiveness;
import consensuslab.paxos.check.ValidityChecker;
import java.util.List;

/**
 * Single-decree Paxos, registered as {@code paxos}. Servers n1..n{proposers} propose their own
 * value ("v1", "v2", ...); every server is an acceptor and a learner.
 *
 * <p>Parameters: {@code proposers} (default 2), {@code retry} ms (50), {@code backoff} =
 * fixed|random|leader (random), {@code stagger} ms between proposers' first attempts (0),
 * {@code poll} ms between a learner's "what was chosen?" questions (4·retry), {@code bound} ms for the
 * liveness checker (2000).
 */
public final class BasicPaxos implements Protocol<PaxosMessage> {

    private final AcceptorRules rules;

    /** The protocol with the reference acceptor rules. */
    public BasicPaxos() {
        this(new ReferenceAcceptorRules());
    }

    private BasicPaxos(AcceptorRules rules) {
        this.rules = rules;
    }

    /** The protocol with other acceptor rules plugged in (a graded run of lab 3's exercise). */
    public static BasicPaxos withAcceptorRules(AcceptorRules rules) {
        return new BasicPaxos(rules);
    }

    @Override
    public String name() {
        return "paxos";
    }

    @Override
    public String summary() {
        return "single-decree Paxos (params: proposers, retry, backoff=fixed|random|leader, stagger, poll, bound)";
    }

    @Override
    public Class<PaxosMessage> messageType() {
        return PaxosMessage.class;
    }

    @Override
    public LinkKind linkKind() {
        return LinkKind.DATAGRAM;
    }

    @Override
    public int defaultClients() {
        return 0;
    }

    @Override
    public long defaultUntil() {
        return 5_000;
    }

    @Override
    public NodeFactory<PaxosMessage> factory(Params params) {
        String backoff = params.get("backoff", "random");
        if (!List.of("fixed", "random", "leader").contains(backoff)) {
            throw new IllegalArgumentException("parameter backoff=" + backoff + " must be fixed, random or leader");
        }
        params.getInt("proposers", 2);
        params.getLong("retry", 50);
        return ctx -> {
            if (ctx.id().isClient()) {
                throw new IllegalArgumentException("paxos has no clients: run it with --clients 0");
            }
            return new PaxosNode(ctx, rules);
        };
    }

    @Override
    public List<Checker> checkers(Params params, int servers, int clients) {
        return List.of(new AgreementChecker(), new ValidityChecker(), new LearnedLiveness(params.getLong("bound", 2000)));
    }
}
