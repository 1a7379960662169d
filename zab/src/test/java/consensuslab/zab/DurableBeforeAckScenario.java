package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the log sync asynchronous (Context.requestSync, answered by Synced), nothing is vouched for
 * before it is durable: a follower ACKs a proposal only after a storage sync that followed the
 * proposal's arrival, and a leader alone (quorum of one, so its own ACK commits) answers a client
 * only after a sync that followed the proposal. In the simulator a requested sync takes effect when
 * its answer fires (a SYNC event), so the trace shows the order.
 */
class DurableBeforeAckScenario {

    @Test
    void followersAckOnlyWhatASyncMadeDurable() {
        for (long seed = 1; seed <= 4; seed++) {
            ZabKit k = new ZabKit(3, 2, seed, "ops=12", "crash n2@400ms; restart n2@700ms");
            k.sim.runUntil(3000);
            int acks = 0;
            // per node: when each proposal arrived, and the seq of its latest storage sync
            Map<String, Map<Long, Long>> arrived = new HashMap<>();
            Map<String, Long> lastSync = new HashMap<>();
            for (TraceEvent e : k.events) {
                if (e.type() == EventType.SYNC) {
                    lastSync.put(e.node(), e.seq());
                } else if (e.type() == EventType.CRASH) {
                    arrived.remove(e.node());
                } else if (e.type() == EventType.DELIVER && e.msg() instanceof ZabMessage.Proposal p) {
                    arrived.computeIfAbsent(e.to(), n -> new HashMap<>()).putIfAbsent(p.zxid(), e.seq());
                } else if (e.type() == EventType.SEND && e.msg() instanceof ZabMessage.Ack a && Zxid.counter(a.zxid()) > 0) {
                    Long at = arrived.getOrDefault(e.from(), Map.of()).get(a.zxid());
                    if (at != null) {
                        acks++;
                        assertTrue(lastSync.getOrDefault(e.from(), -1L) > at, "seed " + seed + ": " + e.from() + " sent ACK "
                                + Zxid.hex(a.zxid()) + " (event " + e.seq() + ") with no storage sync since the PROPOSAL arrived (event " + at
                                + "); replay: bin/lab sim --protocol zab --nodes 3 --clients 2 --seed " + seed
                                + " --params ops=12 --faults 'crash n2@400ms; restart n2@700ms'");
                    }
                }
            }
            assertTrue(acks > 10, "seed " + seed + ": only " + acks + " ACKs of proposals seen");
        }
    }

    @Test
    void aLeaderAloneAnswersOnlyAfterASyncCoveredTheWrite() {
        ZabKit k = new ZabKit(1, 2, 3, "ops=10", "");
        k.sim.runUntil(2000);
        Map<Long, Long> proposedAt = new HashMap<>();
        long lastSync = -1;
        List<Long> answered = new ArrayList<>();
        for (TraceEvent e : k.events) {
            if (e.type() == EventType.SYNC && "n1".equals(e.node())) {
                lastSync = e.seq();
            } else if (e.type() == EventType.STATE && "n1".equals(e.node()) && e.state() instanceof ZabState s) {
                for (ZabState.Delivery d : s.proposed()) {
                    proposedAt.put(d.zxid(), e.seq());
                }
            } else if (e.type() == EventType.SEND && e.msg() instanceof ZabMessage.ClientReply r && r.zxid() > 0) {
                Long at = proposedAt.get(r.zxid());
                assertTrue(at != null && lastSync > at, "answer for " + Zxid.hex(r.zxid()) + " (event " + e.seq() + ") with no sync since its proposal ("
                        + at + ")");
                answered.add(r.zxid());
            }
        }
        assertEquals(20, answered.size(), "every write of both clients answered: " + answered);
    }
}
