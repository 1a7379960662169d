package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Observers (n4, n5 of 5 with observers=2) receive every commit and never vote. */
class ObserverScenario {

    private static long count(ZabKit k, String type, String from) {
        return k.events.stream().filter(e -> e.type() == EventType.SEND && from.equals(e.from()) && type.equals(e.msgType())).count();
    }

    @Test
    void observersReceiveEveryCommitAndNeverVote() {
        for (long seed = 1; seed <= 5; seed++) {
            ZabKit k = new ZabKit(5, 2, seed, "ops=15,observers=2", "");
            assertTrue(k.runUntil(s -> k.acked() >= 30, 6000), "seed " + seed);
            assertTrue(k.settle(k.sim.now() + 2000), k.divergence());
            int leader = k.establishedLeader();
            assertTrue(leader <= 3, "an observer never leads");
            for (int obs = 4; obs <= 5; obs++) {
                final int o = obs;
                ZabState s = k.state(o);
                assertEquals("OBSERVING", s.role());
                assertEquals("OBSERVER", s.learnerType());
                assertEquals(k.state(leader).lastCommittedZxid(), s.lastCommittedZxid(), "n" + o + " has every commit");
                assertEquals(k.state(leader).data(), s.data());
                // every commit reached the observer as an INFORM; it never acked a proposal
                long informs = k.events.stream().filter(e -> e.type() == EventType.DELIVER && ("n" + o).equals(e.to())
                        && "Inform".equals(e.msgType())).count();
                assertTrue(informs >= 30, "n" + o + " got " + informs + " INFORMs");
                assertEquals(0, k.events.stream().filter(e -> e.type() == EventType.SEND && ("n" + o).equals(e.from())
                        && "Ack".equals(e.msgType()) && Zxid.counter(TraceEvent.json(e.msg()).path("zxid").asLong()) != 0).count());
                assertEquals(0, k.events.stream().filter(e -> e.type() == EventType.DELIVER && ("n" + o).equals(e.to())
                        && "Proposal".equals(e.msgType())).count(), "observers get no PROPOSALs");
            }
            assertTrue(count(k, "Notification", "n4") > 0, "observers do look for the leader through election notifications");
            assertEquals(List.of(), k.finish());
        }
    }

    @Test
    void observersDoNotMakeAQuorum() {
        ZabKit k = new ZabKit(5, 1, 3, "ops=5,observers=2", "");
        assertTrue(k.settle(3000), k.divergence());
        int leader = k.establishedLeader();
        // crash two of the three voters: three servers are up, but only one of them votes
        k.sim.crash(ZabKit.n(leader));
        k.sim.crash(ZabKit.n(leader == 1 ? 2 : 1));
        k.sim.runUntil(k.sim.now() + 3000);
        assertEquals(0, k.establishedLeader(), "two observers and one voter elect nobody");
        for (int o = 4; o <= 5; o++) {
            assertFalse(k.state(o).serving());
        }
        k.sim.restart(ZabKit.n(leader));
        assertTrue(k.settle(k.sim.now() + 3000), "with two voters back there is a quorum: " + k.divergence());
        assertEquals(List.of(), k.finish());
    }
}
