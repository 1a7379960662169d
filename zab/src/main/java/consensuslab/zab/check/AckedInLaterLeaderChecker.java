package consensuslab.zab.check;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.zab.Zxid;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every write acknowledged to a client (a {@code return} carrying the write's zxid) is in the
 * history of every later leader, at the moment it is established. Leaders are ordered by epoch,
 * as Zab orders primaries: a leader of a later epoch than the write's, established after the
 * acknowledgement. (A leader of an older epoch that was paused can finish establishing long after
 * a newer epoch acknowledged writes; it is not a later primary, and it cannot commit anything
 * since its quorum has moved on.)
 */
public final class AckedInLaterLeaderChecker extends ZabChecker {

    private final Map<String, Long> acked = new LinkedHashMap<>();

    public AckedInLaterLeaderChecker(ZabHistory h) {
        super(h);
    }

    @Override
    protected void after(ZabHistory.Step s) {
        TraceEvent e = s.event();
        if (e == null) {
            return;
        }
        if (e.type() == EventType.RETURN && e.node() != null && e.node().startsWith("c") && e.id() != null) {
            JsonNode r = TraceEvent.json(e.result());
            if (r != null && r.has("zxid") && r.path("zxid").asLong() > 0) {
                acked.put(e.node() + ":" + e.id(), r.path("zxid").asLong());
            }
        }
        if (s.becameEstablished()) {
            ZabHistory.NodeHistory leader = history.node(s.node());
            for (Map.Entry<String, Long> a : acked.entrySet()) {
                if (Zxid.epoch(a.getValue()) < s.epoch() && !leader.holds(a.getKey(), a.getValue())) {
                    fail("leader " + s.node() + " of epoch " + s.epoch() + " was established without the acknowledged write ⟨"
                            + a.getKey() + ", " + Zxid.hex(a.getValue()) + "⟩", e.seq());
                    return;
                }
            }
        }
    }

    /** A client's return is remembered; an establishment changes the history (a published state), so it is never ignored. */
    @Override
    protected boolean ignoresOwn(TraceEvent e) {
        return e.type() != EventType.RETURN;
    }

    @Override
    protected ZabChecker copyOnto(ZabHistory h) {
        AckedInLaterLeaderChecker c = new AckedInLaterLeaderChecker(h);
        c.acked.putAll(acked);
        return c;
    }

    @Override
    public String name() {
        return "acked-in-later-leaders";
    }
}
