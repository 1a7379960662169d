package consensuslab.twopc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.check.Violation;
import consensuslab.core.NodeId;
import consensuslab.sim.PendingEvent;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.twopc.three.Participant;
import consensuslab.twopc.three.ThreePcMessage;
import consensuslab.twopc.three.ThreePhaseCommit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Three-phase commit on fixed seeds: non-blocking under a coordinator crash, recovery, and the partition anomaly. */
class ThreePcScenario {

    static final ThreePhaseCommit P = new ThreePhaseCommit();
    static final NodeId N1 = NodeId.server(1);
    static final List<NodeId> PARTICIPANTS = List.of(NodeId.server(2), NodeId.server(3), NodeId.server(4));
    static final String ONE_TXN = "txns=1,noVoteRate=0,think=0";
    /** Participant timeout (300) + collection window (25) + a few message delays: the termination bound. */
    static final long TERMINATION_BOUND = 300 + 25 + 4 * 10 + 25;

    static ParticipantView view(Runs.Driven<ThreePcMessage> d, NodeId n) {
        return (ParticipantView) d.sim.state(n);
    }

    static TxnState state(Runs.Driven<ThreePcMessage> d, NodeId n, String txn) {
        String s = view(d, n).txns().get(txn);
        return s == null ? null : TxnState.valueOf(s);
    }

    static String clientOutcome(Runs.Driven<ThreePcMessage> d) {
        for (TraceEvent e : d.trace) {
            if (e.type() == EventType.RETURN && "c1".equals(e.node())) {
                return Views.outcome(e);
            }
        }
        return null;
    }

    static boolean all(Runs.Driven<ThreePcMessage> d, TxnState s) {
        return PARTICIPANTS.stream().allMatch(p -> state(d, p, "c1.1") == s);
    }

    @Test
    void failureFreeRunsAgreeEverywhereWithCommitsAndAborts() {
        int commits = 0;
        int aborts = 0;
        for (long seed = 1; seed <= 20; seed++) {
            var d = Runs.drive(P, Runs.options(P, seed, 4, 2, 5_000, "txns=6,keys=4", ""));
            d.sim.runUntil(5_000);
            assertEquals(List.of(), d.finish(), "seed " + seed);
            Map<String, TxnCounter.Count> counts = TxnCounter.of(d.trace);
            assertEquals(12, counts.size());
            for (TxnCounter.Count c : counts.values()) {
                for (NodeId p : PARTICIPANTS) {
                    assertEquals(c.outcome(), state(d, p, c.txn()).name(), "seed " + seed + " " + c.txn() + " at " + p);
                }
                if (c.outcome().equals("COMMITTED")) {
                    commits++;
                } else {
                    aborts++;
                }
            }
        }
        assertTrue(commits > 20 && aborts > 20, commits + " commits, " + aborts + " aborts");
    }

    /** All votes in, the coordinator dies before its PRECOMMIT record: the survivors abort on their own. */
    @Test
    void coordinatorCrashBeforePreCommitSurvivorsAbortWithoutIt() {
        var d = Runs.drive(P, Runs.options(P, 7, 4, 1, 3_000, ONE_TXN, "crash n1@before-sync1"));
        assertTrue(d.sim.runUntil(s -> !s.isUp(N1), 1_000));
        long crashedAt = d.sim.now();
        assertTrue(all(d, TxnState.READY));
        assertTrue(d.sim.runUntil(s -> all(d, TxnState.ABORTED), crashedAt + TERMINATION_BOUND),
                "terminated within " + TERMINATION_BOUND + "ms of the crash");
        assertFalse(d.sim.isUp(N1));
        d.sim.runUntil(3_000);
        assertEquals("ABORTED", clientOutcome(d), "the backup coordinator told the client");
        assertEquals(List.of(), d.finish());
        assertTrue(d.termination.judged(), "3 of 4 servers up: liveness judged without the coordinator");
    }

    /** The PreCommits are out when the coordinator dies (before its COMMIT record): the survivors commit. */
    @Test
    void coordinatorCrashAfterPreCommitSurvivorsCommitWithoutIt() {
        var d = Runs.drive(P, Runs.options(P, 7, 4, 1, 3_000, ONE_TXN, "crash n1@before-sync2"));
        assertTrue(d.sim.runUntil(s -> !s.isUp(N1), 1_000));
        long crashedAt = d.sim.now();
        assertTrue(all(d, TxnState.PRECOMMIT));
        assertTrue(d.sim.runUntil(s -> all(d, TxnState.COMMITTED), crashedAt + TERMINATION_BOUND));
        d.sim.runUntil(3_000);
        assertEquals("COMMITTED", clientOutcome(d));
        assertEquals(List.of(), d.finish());
    }

    /**
     * The PreCommit reaches n2 only, then the coordinator dies: the backup (n2, lowest live) sees
     * a PRECOMMIT, moves n3 and n4 to PRECOMMIT and commits everyone.
     */
    @Test
    void backupCoordinatorFinishesAPartialPreCommit() {
        var d = Runs.drive(P, Runs.options(P, 3, 4, 1, 3_000, ONE_TXN, ""));
        assertTrue(d.sim.runUntil(s -> inFlight(s.pending(), "PreCommit").size() == 3, 1_000));
        for (PendingEvent e : inFlight(d.sim.pending(), "PreCommit")) {
            if (e.node().equals(NodeId.server(2))) {
                d.sim.deliver(e.seq());
            } else {
                d.sim.dropInFlight(e.msgId());
            }
        }
        d.sim.crash(N1);
        long crashedAt = d.sim.now();
        assertTrue(d.sim.runUntil(s -> all(d, TxnState.COMMITTED), crashedAt + TERMINATION_BOUND + 50));
        assertEquals(List.of(), d.finish());
    }

    /** n3 crashes after forcing PREPARED, before its vote leaves; the coordinator aborts; n3 recovers READY and asks. */
    @Test
    void participantCrashAfterForcingPreparedRecoversAndLearnsAbort() {
        var d = Runs.drive(P, Runs.options(P, 11, 4, 1, 3_000, ONE_TXN, "crash n3@after-sync1; restart n3@1s"));
        d.sim.runUntil(1_000);
        assertEquals(TxnState.READY, state(d, NodeId.server(3), "c1.1"), "recovered in doubt from its log");
        d.sim.runUntil(3_000);
        assertTrue(all(d, TxnState.ABORTED));
        assertEquals(List.of(), d.finish());
    }

    /** n3 crashes before forcing PREPARED: no yes vote, abort; nothing in n3's log. */
    @Test
    void participantCrashBeforeVotingLeadsToAbort() {
        var d = Runs.drive(P, Runs.options(P, 11, 4, 1, 3_000, ONE_TXN, "crash n3@before-sync1; restart n3@1s"));
        d.sim.runUntil(3_000);
        assertEquals(TxnState.ABORTED, state(d, NodeId.server(2), "c1.1"));
        assertEquals(TxnState.ABORTED, state(d, NodeId.server(4), "c1.1"));
        assertEquals(null, d.sim.storage(NodeId.server(3)).read(LogRecord.FILE));
        assertEquals("ABORTED", clientOutcome(d));
        assertEquals(List.of(), d.finish());
    }

    /** n3 crashes once pre-committed; the others commit; n3 recovers PRECOMMIT from its log and learns commit. */
    @Test
    void participantCrashAfterPreCommitRecoversAndCommits() {
        var d = Runs.drive(P, Runs.options(P, 13, 4, 1, 3_000, ONE_TXN, ""));
        NodeId n3 = NodeId.server(3);
        assertTrue(d.sim.runUntil(s -> s.node(n3) instanceof Participant p && p.state("c1.1") == TxnState.PRECOMMIT, 1_000));
        d.sim.crash(n3);
        d.sim.runUntil(600);
        assertEquals(TxnState.COMMITTED, state(d, NodeId.server(2), "c1.1"));
        d.sim.restart(n3);
        assertEquals(TxnState.PRECOMMIT, state(d, n3, "c1.1"), "PRECOMMIT again from its log");
        d.sim.runUntil(3_000);
        assertTrue(all(d, TxnState.COMMITTED));
        assertTrue(view(d, n3).store().containsValue("c1.1"));
        assertEquals(List.of(), d.finish());
    }

    /**
     * The textbook anomaly: the PreCommit reaches n2, then a partition separates {n1, n2} from
     * {n3, n4}. The coordinator times out on the acks and commits with n2; n3 and n4 time out, elect
     * n3 and, seeing only READY, abort. The atomicity checker must report it.
     */
    @Test
    void partitionBetweenPreCommittedAndUncertainBreaksAtomicity() {
        var d = Runs.drive(P, Runs.options(P, 3, 4, 1, 3_000, ONE_TXN, ""));
        splitAfterFirstDelivery(d.sim, "PreCommit");
        d.sim.runUntil(3_000);
        assertEquals(TxnState.COMMITTED, state(d, NodeId.server(2), "c1.1"));
        assertEquals(TxnState.ABORTED, state(d, NodeId.server(3), "c1.1"));
        assertEquals(TxnState.ABORTED, state(d, NodeId.server(4), "c1.1"));
        List<Violation> v = d.finish();
        assertTrue(v.stream().anyMatch(x -> x.checker().equals("atomicity") && x.message().contains("c1.1 committed at n2")),
                "the atomicity checker reports the split: " + v);
    }

    /** The same schedule under 2PC: the Commit reaches n2, n3 and n4 block READY until the heal, then commit. */
    @Test
    void theSamePartitionMakes2pcBlockInsteadOfDiverging() {
        var p2 = TwoPcScenario.P;
        var d = Runs.drive(p2, Runs.options(p2, 3, 4, 1, 5_000, ONE_TXN, ""));
        splitAfterFirstDelivery(d.sim, "Commit");
        d.sim.runUntil(2_999);
        assertEquals(TxnState.COMMITTED, TwoPcScenario.state(d, NodeId.server(2), "c1.1"));
        assertEquals(TxnState.READY, TwoPcScenario.state(d, NodeId.server(3), "c1.1"), "blocked, not diverged");
        assertEquals(TxnState.READY, TwoPcScenario.state(d, NodeId.server(4), "c1.1"));
        assertTrue(TwoPcScenario.view(d, NodeId.server(3)).locks().containsValue("c1.1"));
        d.sim.heal();
        d.sim.runUntil(5_000);
        for (NodeId p : PARTICIPANTS) {
            assertEquals(TxnState.COMMITTED, TwoPcScenario.state(d, p, "c1.1"));
        }
        assertEquals(List.of(), d.finish());
        assertTrue(d.blocking.maxMillis("n3") > 2_500, d.blocking.summary());
    }

    /** Delivers the first of the coordinator's {@code type} messages to n2 and partitions {n1,n2}|{n3,n4} at once. */
    static <M extends consensuslab.core.Message> void splitAfterFirstDelivery(consensuslab.sim.Simulator<M> sim, String type) {
        assertTrue(sim.runUntil(s -> inFlight(s.pending(), type).size() == 3, 1_000));
        for (PendingEvent e : inFlight(sim.pending(), type)) {
            if (e.node().equals(NodeId.server(2))) {
                sim.deliver(e.seq());
            }
        }
        sim.partition(List.of(List.of(N1, NodeId.server(2)), List.of(NodeId.server(3), NodeId.server(4))));
    }

    static List<PendingEvent> inFlight(List<PendingEvent> pending, String type) {
        return pending.stream().filter(e -> e.kind().equals("deliver") && e.what().equals(type)).toList();
    }
}
