package consensuslab.zab.check;

import consensuslab.zab.Zxid;
import java.util.List;

/**
 * Local primary order: if a leader broadcasts ⟨v,z⟩ before ⟨v′,z′⟩, a server delivering ⟨v′,z′⟩
 * has delivered ⟨v,z⟩ first.
 */
public final class LocalPrimaryOrderChecker extends ZabChecker {

    public LocalPrimaryOrderChecker(ZabHistory h) {
        super(h);
        h.addJudge((node, t, e) -> {
            if (node.has(t.id())) {
                return;
            }
            long epoch = Zxid.epoch(t.zxid());
            List<Long> order = history.proposalsByEpoch().get(epoch);
            if (order == null) {
                return; // integrity reports it
            }
            int k = order.indexOf(t.zxid());
            int have = node.perEpoch.getOrDefault(epoch, 0);
            if (k >= 0 && have < k) {
                fail(node.name + " delivered " + tx(t) + ", proposal #" + (k + 1) + " of epoch " + epoch + ", having delivered only "
                        + have + " earlier proposals of that epoch", e.seq());
            } else if (k > 0) {
                long prev = order.get(k - 1);
                String prevId = history.proposed().get(prev);
                if (prevId != null && !node.has(prevId)) {
                    fail(node.name + " delivered " + tx(t) + " before " + prevId + " (" + Zxid.hex(prev) + "), proposed earlier by the same leader",
                            e.seq());
                }
            }
        });
    }

    @Override
    protected ZabChecker copyOnto(ZabHistory h) {
        return new LocalPrimaryOrderChecker(h); // judges only from the history: no state of its own
    }

    @Override
    public String name() {
        return "local-primary-order";
    }
}
