package consensuslab.zab.check;

/**
 * Total order: if a server delivers ⟨v,z⟩ before ⟨v′,z′⟩, any server that delivers ⟨v′,z′⟩
 * delivers ⟨v,z⟩ first. Equivalently every server delivering a transaction has delivered exactly the
 * same set before it; compared by count and an order-free fingerprint of that set. Also: no
 * transaction delivered twice by one server in one life, zxids delivered in increasing order.
 */
public final class TotalOrderChecker extends ZabChecker {

    public TotalOrderChecker(ZabHistory h) {
        super(h);
        h.addJudge((node, t, e) -> {
            if (node.has(t.id())) {
                fail(node.name + " delivered " + tx(t) + " twice", e.seq());
                return;
            }
            if (!node.order.isEmpty() && node.order.get(node.order.size() - 1).zxid() >= t.zxid()) {
                fail(node.name + " delivered " + tx(t) + " after " + tx(node.order.get(node.order.size() - 1)), e.seq());
                return;
            }
            long[] first = history.prefixOf().get(t.id());
            if (first != null && (first[0] != node.size() || first[1] != node.fingerprint)) {
                fail(node.name + " delivered " + tx(t) + " after " + node.size() + " transactions, but its first deliverer had "
                        + first[0] + (first[0] == node.size() ? " different ones" : ""), e.seq());
            }
        });
    }

    @Override
    protected ZabChecker copyOnto(ZabHistory h) {
        return new TotalOrderChecker(h); // judges only from the history: no state of its own
    }

    @Override
    public String name() {
        return "total-order";
    }
}
