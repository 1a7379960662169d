package consensuslab.zab.check;

import consensuslab.zab.Zxid;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Primary integrity: if ρe broadcasts ⟨v,z⟩ and some server delivers ⟨v′,z′⟩ broadcast by ρe′ with
 * e′ &lt; e, then ρe delivered ⟨v′,z′⟩ before broadcasting ⟨v,z⟩. The leader's history is taken at
 * its first proposal in epoch e (what it delivered, plus the committed order up to the zxid its
 * snapshot restored, if it restarted); judged at the end against everything delivered from older epochs.
 */
public final class PrimaryIntegrityChecker extends ZabChecker {

    private final Map<Long, Set<String>> historyAtFirstProposal = new TreeMap<>();
    private final Map<Long, Long> floorAtFirstProposal = new TreeMap<>();
    private final Map<Long, String> leaderOf = new TreeMap<>();

    public PrimaryIntegrityChecker(ZabHistory h) {
        super(h);
    }

    @Override
    protected void after(ZabHistory.Step s) {
        for (ZabHistory.Tx t : s.proposed()) {
            long e = Zxid.epoch(t.zxid());
            if (!historyAtFirstProposal.containsKey(e)) {
                historyAtFirstProposal.put(e, ZabHistory.ids(history.node(s.node())));
                floorAtFirstProposal.put(e, history.node(s.node()).floor());
                leaderOf.put(e, s.node());
            }
        }
    }

    @Override
    public void finish(long endTime) {
        for (Map.Entry<Long, Set<String>> le : historyAtFirstProposal.entrySet()) {
            long e = le.getKey();
            for (Map.Entry<Long, String> c : history.committed().headMap(Zxid.make(e, 0), false).entrySet()) {
                if (!le.getValue().contains(c.getValue()) && c.getKey() > floorAtFirstProposal.get(e)) {
                    fail("the leader of epoch " + e + " (" + leaderOf.get(e) + ") broadcast before delivering ⟨" + c.getValue() + ", "
                            + Zxid.hex(c.getKey()) + "⟩ of an older epoch, which was delivered", -1);
                    break;
                }
            }
        }
    }

    /** Judged at the end of a run, against everything delivered. */
    @Override
    public boolean judgesAtEndOnly() {
        return true;
    }

    @Override
    protected ZabChecker copyOnto(ZabHistory h) {
        PrimaryIntegrityChecker c = new PrimaryIntegrityChecker(h);
        c.historyAtFirstProposal.putAll(historyAtFirstProposal); // each set is taken once and never changed
        c.floorAtFirstProposal.putAll(floorAtFirstProposal);
        c.leaderOf.putAll(leaderOf);
        return c;
    }

    @Override
    public String name() {
        return "primary-integrity";
    }
}
