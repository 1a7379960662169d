package consensuslab.zab.check;

import consensuslab.zab.Zxid;

/**
 * Global primary order: if leaders ρi ≺ ρj (epoch i &lt; j) broadcast ⟨v,z⟩ and ⟨v′,z′⟩, a server
 * delivering both delivers ⟨v,z⟩ first: no server delivers a transaction of an older epoch after
 * one of a newer epoch.
 */
public final class GlobalPrimaryOrderChecker extends ZabChecker {

    public GlobalPrimaryOrderChecker(ZabHistory h) {
        super(h);
        h.addJudge((node, t, e) -> {
            if (!node.has(t.id()) && Zxid.epoch(t.zxid()) < node.maxEpoch) {
                fail(node.name + " delivered " + tx(t) + " of epoch " + Zxid.epoch(t.zxid()) + " after a transaction of epoch "
                        + node.maxEpoch, e.seq());
            }
        });
    }

    @Override
    protected ZabChecker copyOnto(ZabHistory h) {
        return new GlobalPrimaryOrderChecker(h); // judges only from the history: no state of its own
    }

    @Override
    public String name() {
        return "global-primary-order";
    }
}
