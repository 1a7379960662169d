package consensuslab.zab.check;

import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.zab.Zxid;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * Observers never vote: an observer never FOLLOWS or LEADS, never ACKs a proposal, and no voter
 * ever proposes an observer as leader.
 */
public final class ObserversNeverVoteChecker extends ZabChecker {

    private final Set<String> observers = new TreeSet<>();
    private final int servers;
    private final int observerCount;
    private final int firstObserver;

    public ObserversNeverVoteChecker(ZabHistory h, int servers, int observerCount) {
        super(h);
        this.servers = servers;
        this.observerCount = observerCount;
        this.firstObserver = servers - observerCount + 1;
        for (int i = firstObserver; i <= servers; i++) {
            observers.add("n" + i);
        }
    }

    @Override
    protected void after(ZabHistory.Step s) {
        TraceEvent e = s.event();
        if (e == null || observers.isEmpty()) {
            return;
        }
        if (e.type() == EventType.STATE && observers.contains(e.node()) && s.role() != null
                && (s.role().equals("FOLLOWING") || s.role().equals("LEADING"))) {
            fail("observer " + e.node() + " became " + s.role(), e.seq());
        }
        if (e.type() == EventType.SEND && e.from() != null) {
            String type = e.msgType();
            if ("Ack".equals(type) && observers.contains(e.from())) {
                JsonNode m = TraceEvent.json(e.msg());
                if (Zxid.counter(m.path("zxid").asLong()) != 0) {
                    fail("observer " + e.from() + " acknowledged proposal " + Zxid.hex(m.path("zxid").asLong()), e.seq());
                }
            } else if ("Notification".equals(type) && !observers.contains(e.from())) {
                JsonNode m = TraceEvent.json(e.msg());
                long leader = m.path("leader").asLong();
                if (leader >= firstObserver && observers.contains("n" + leader)) {
                    fail("voter " + e.from() + " voted for observer n" + leader, e.seq());
                }
            }
        }
    }

    @Override
    protected boolean ignoresOwn(TraceEvent e) {
        return observers.isEmpty() || (e.type() != EventType.STATE && e.type() != EventType.SEND);
    }

    @Override
    protected ZabChecker copyOnto(ZabHistory h) {
        return new ObserversNeverVoteChecker(h, servers, observerCount); // judges each event alone: no state beyond its setup
    }

    @Override
    public String name() {
        return "observers-never-vote";
    }
}
