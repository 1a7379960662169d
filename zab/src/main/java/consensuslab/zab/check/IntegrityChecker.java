package consensuslab.zab.check;

/** Integrity: a delivered ⟨v, z⟩ was broadcast (proposed) as ⟨v, z⟩ by the leader of z's epoch. */
public final class IntegrityChecker extends ZabChecker {

    public IntegrityChecker(ZabHistory h) {
        super(h);
        h.addJudge((node, t, e) -> {
            String p = history.proposed().get(t.zxid());
            if (p == null) {
                fail(node.name + " delivered " + tx(t) + " that no leader proposed", e.seq());
            } else if (!p.equals(t.id())) {
                fail(node.name + " delivered " + tx(t) + " but the leader proposed " + p + " with that zxid", e.seq());
            }
        });
    }

    @Override
    protected ZabChecker copyOnto(ZabHistory h) {
        return new IntegrityChecker(h); // judges only from the history: no state of its own
    }

    @Override
    public String name() {
        return "integrity";
    }
}
