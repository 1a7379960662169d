package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Json;
import consensuslab.core.NodeId;
import consensuslab.core.Storage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One scenario per synchronization mode (LearnerHandler.syncFollower): each asserts the mode the
 * leader chose (published state and trace note), what the learner did, and identical state after.
 */
class SyncModesScenario {

    private static void assertMode(ZabKit k, int leader, int learner, String mode) {
        assertEquals(mode, k.state(leader).syncModes().get("n" + learner), "leader's choice for n" + learner);
        assertEquals(mode, k.state(learner).syncMode(), "n" + learner + "'s sync mode");
        assertTrue(k.notes(leader).stream().anyMatch(t -> t.startsWith("sync n" + learner + ": " + mode + " ")),
                "trace note for " + mode + ": " + k.notes(leader));
    }

    private static void assertSettled(ZabKit k) {
        assertTrue(k.settle(k.sim.now() + 3000), "did not settle: " + k.divergence());
        assertNull(k.divergence());
        assertEquals(List.of(), k.finish());
    }

    @Test
    void laggingFollowerGetsDiff() {
        ZabKit k = new ZabKit(3, 2, 3, "ops=10", "");
        assertTrue(k.runUntil(s -> k.allServing() && k.acked() >= 4, 3000));
        int leader = k.establishedLeader();
        int f = k.followersOf(leader).get(0);
        long before = k.state(f).lastCommittedZxid();
        k.sim.crash(ZabKit.n(f));
        assertTrue(k.runUntil(s -> k.acked() >= 10, 6000), "writes continue while n" + f + " is down");
        assertTrue(k.state(leader).lastCommittedZxid() > before, "n" + f + " is behind");
        k.sim.restart(ZabKit.n(f));
        assertTrue(k.settle(k.sim.now() + 3000), k.divergence());
        assertMode(k, leader, f, "DIFF");
        assertTrue(k.notes(leader).stream().anyMatch(t -> t.startsWith("sync n" + f + ": DIFF (peer zxid in committedLog")));
        assertSettled(k);
    }

    @Test
    void followerWithUncommittedProposalFromEarlierEpochGetsTrunc() {
        ZabKit k = new ZabKit(3, 1, 5, "ops=3", "");
        assertTrue(k.runUntil(s -> k.allServing() && k.acked() >= 3 && k.divergence() == null, 3000));
        int old = k.establishedLeader();
        List<Integer> others = k.followersOf(old);
        long committed = k.state(old).lastCommittedZxid();
        // hand the leader a write, and cut it off while its PROPOSAL is still in flight: only it logs the write
        k.sim.inject(NodeId.client(1), ZabKit.n(old),
                new ZabMessage.ClientRequest(99, Json.tree(new KvClient.ClientOp("put", "kx", "orphan", null))));
        assertTrue(k.runUntil(s -> k.peer(old).db().lastLoggedZxid() > committed, k.sim.now() + 50));
        k.sim.partition(List.of(List.of(ZabKit.n(old)), List.of(ZabKit.n(others.get(0)), ZabKit.n(others.get(1)))));
        long orphan = k.peer(old).db().lastLoggedZxid();
        for (int o : others) {
            assertEquals(committed, k.peer(o).db().lastLoggedZxid(), "n" + o + " never got the proposal");
        }
        assertEquals(Zxid.epoch(committed), Zxid.epoch(orphan));
        assertTrue(k.runUntil(s -> k.state(others.get(0)).established() || k.state(others.get(1)).established(), k.sim.now() + 3000),
                "the majority elects a new leader");
        int leader = k.state(others.get(0)).established() ? others.get(0) : others.get(1);
        assertTrue(k.state(leader).currentEpoch() > Zxid.epoch(orphan));
        k.sim.heal();
        assertTrue(k.settle(k.sim.now() + 3000), k.divergence());
        assertMode(k, leader, old, "TRUNC");
        assertTrue(k.notes(old).stream().anyMatch(t -> t.startsWith("truncating log from " + Zxid.hex(orphan) + " to " + Zxid.hex(committed))),
                k.notes(old).toString());
        assertFalse(k.peer(old).db().log().stream().anyMatch(t -> t.zxid() == orphan), "the orphan proposal is gone");
        assertFalse(k.state(old).data().toString().contains("orphan"));
        assertSettled(k);
    }

    @Test
    void emptyFollowerGetsSnap() {
        ZabKit k = new ZabKit(3, 2, 7, "ops=6", "");
        assertTrue(k.runUntil(s -> k.allServing() && k.acked() >= 12, 4000));
        int leader = k.establishedLeader();
        int f = k.followersOf(leader).get(1);
        k.sim.crash(ZabKit.n(f));
        Storage st = k.sim.storage(ZabKit.n(f));
        for (String file : st.files()) {
            st.delete(file);
        }
        k.sim.restart(ZabKit.n(f));
        assertTrue(k.settle(k.sim.now() + 3000), k.divergence());
        assertMode(k, leader, f, "SNAP");
        assertTrue(k.notes(f).contains("installed the leader's snapshot at " + Zxid.hex(k.state(leader).lastCommittedZxid())));
        assertSettled(k);
    }

    @Test
    void followerBeyondTheLogWindowGetsSnap() {
        ZabKit k = new ZabKit(3, 2, 11, "ops=15,snapCount=5,commitLogCount=4", "");
        assertTrue(k.runUntil(s -> k.allServing() && k.acked() >= 2, 3000));
        int leader = k.establishedLeader();
        int f = k.followersOf(leader).get(0);
        k.sim.crash(ZabKit.n(f));
        assertTrue(k.runUntil(s -> k.acked() >= 20, 8000));
        k.sim.restart(ZabKit.n(f));
        assertTrue(k.settle(k.sim.now() + 3000), k.divergence());
        assertMode(k, leader, f, "SNAP");
        assertTrue(k.notes(leader).stream().anyMatch(t -> t.startsWith("sync n" + f + ": SNAP (peer zxid") && t.contains("outside the log window")),
                k.notes(leader).toString());
        assertSettled(k);
    }
}
