package consensuslab.zab.check;

import java.util.Map;

/**
 * Agreement: if p delivers ⟨v,z⟩ and q delivers ⟨v′,z′⟩, then p delivers ⟨v′,z′⟩ or q delivers
 * ⟨v,z⟩; as a safety property over a finite trace: no two servers' histories are ever
 * incomparable (each holds something the other lacks), and no zxid is delivered with two values.
 */
public final class AgreementChecker extends ZabChecker {

    public AgreementChecker(ZabHistory h) {
        super(h);
        h.addJudge((p, t, e) -> {
            String other = history.committed().get(t.zxid());
            if (other != null && !other.equals(t.id())) {
                fail(p.name + " delivered " + tx(t) + " but " + other + " was delivered with that zxid", e.seq());
                return;
            }
            if (p.has(t.id())) {
                return;
            }
            for (Map.Entry<String, ZabHistory.NodeHistory> qe : history.nodes().entrySet()) {
                ZabHistory.NodeHistory q = qe.getValue();
                if (q == p || q.has(t.id())) {
                    continue;
                }
                // q lacks t; it must not hold anything p lacks
                for (ZabHistory.Tx u : q.order) {
                    if (!p.has(u.id())) {
                        fail(p.name + " delivered " + tx(t) + " which " + q.name + " lacks, while " + q.name + " delivered " + tx(u)
                                + " which " + p.name + " lacks", e.seq());
                        return;
                    }
                }
            }
        });
    }

    @Override
    protected ZabChecker copyOnto(ZabHistory h) {
        return new AgreementChecker(h); // judges only from the history: no state of its own
    }

    @Override
    public String name() {
        return "agreement";
    }
}
