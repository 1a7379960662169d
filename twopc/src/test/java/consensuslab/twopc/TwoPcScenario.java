package consensuslab.twopc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.NodeId;
import consensuslab.sim.PendingEvent;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.twopc.two.Participant;
import consensuslab.twopc.two.TwoPcMessage;
import consensuslab.twopc.two.TwoPhaseCommit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two-phase commit on fixed seeds: the failure-free run and the classic failure stories. */
class TwoPcScenario {

    static final TwoPhaseCommit P = new TwoPhaseCommit();
    static final NodeId N1 = NodeId.server(1);
    static final List<NodeId> PARTICIPANTS = List.of(NodeId.server(2), NodeId.server(3), NodeId.server(4));
    static final String ONE_TXN = "txns=1,noVoteRate=0,think=0";

    static ParticipantView view(Runs.Driven<TwoPcMessage> d, NodeId n) {
        return (ParticipantView) d.sim.state(n);
    }

    static TxnState state(Runs.Driven<TwoPcMessage> d, NodeId n, String txn) {
        String s = view(d, n).txns().get(txn);
        return s == null ? null : TxnState.valueOf(s);
    }

    /** Client c1's return for its first transaction, or null. */
    static String clientOutcome(Runs.Driven<TwoPcMessage> d) {
        for (TraceEvent e : d.trace) {
            if (e.type() == EventType.RETURN && "c1".equals(e.node())) {
                return Views.outcome(e);
            }
        }
        return null;
    }

    /** The first time a participant published a decision for {@code txn}, or -1. */
    static long firstDecision(Runs.Driven<TwoPcMessage> d, String txn) {
        for (TraceEvent e : d.trace) {
            Map<String, String> t = Views.participantTxns(e);
            if (t != null && t.containsKey(txn) && TxnState.valueOf(t.get(txn)).decided()) {
                return e.time();
            }
        }
        return -1;
    }

    @Test
    void failureFreeRunsAgreeEverywhereWithCommitsAndAborts() {
        int commits = 0;
        int aborts = 0;
        for (long seed = 1; seed <= 20; seed++) {
            var d = Runs.drive(P, Runs.options(P, seed, 4, 2, 5_000, "txns=6,keys=4", ""));
            d.sim.runUntil(5_000);
            assertEquals(List.of(), d.finish(), "seed " + seed);
            assertTrue(d.termination.judged());
            Map<String, TxnCounter.Count> counts = TxnCounter.of(d.trace);
            assertEquals(12, counts.size(), "seed " + seed);
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
            for (NodeId p : PARTICIPANTS) {
                assertEquals(Map.of(), view(d, p).locks(), "no lock left at " + p);
            }
        }
        assertTrue(commits > 20 && aborts > 20, "both outcomes happen: " + commits + " commits, " + aborts + " aborts");
    }

    /**
     * The coordinator crashes at its first sync: every vote is in, the COMMIT record is not yet
     * durable and nothing has been sent. The participants stay READY, locks held, for the whole
     * outage; on restart the coordinator finds BEGIN without COMMIT and aborts (presumed abort).
     */
    @Test
    void coordinatorCrashBeforeDecisionBlocksThenRecoveryAborts() {
        var d = Runs.drive(P, Runs.options(P, 7, 4, 1, 6_000, ONE_TXN, "crash n1@before-sync1; restart n1@3s"));
        assertTrue(d.sim.runUntil(s -> !s.isUp(N1), 1_000), "the coordinator crashed at its decision");
        long crashedAt = d.sim.now();
        for (NodeId p : PARTICIPANTS) {
            assertEquals(TxnState.READY, state(d, p, "c1.1"), p + " voted yes");
        }
        d.sim.runUntil(2_999);
        for (NodeId p : PARTICIPANTS) {
            assertEquals(TxnState.READY, state(d, p, "c1.1"), p + " still READY: no unilateral decision");
            assertTrue(view(d, p).locks().containsValue("c1.1"), p + " still holds its locks");
        }
        assertEquals(-1, firstDecision(d, "c1.1"), "nobody decided during the outage");
        d.sim.runUntil(6_000);
        for (NodeId p : PARTICIPANTS) {
            assertEquals(TxnState.ABORTED, state(d, p, "c1.1"));
            assertEquals(Map.of(), view(d, p).locks());
        }
        assertEquals("ABORTED", clientOutcome(d));
        assertTrue(firstDecision(d, "c1.1") >= 3_000);
        assertEquals(List.of(), d.finish());
        assertTrue(d.blocking.maxMillis() >= 3_000 - crashedAt, d.blocking.summary());
    }

    /** Same crash just after the COMMIT record is forced: recovery re-sends Commit; all commit. */
    @Test
    void coordinatorCrashAfterForcingCommitRecoversToCommit() {
        var d = Runs.drive(P, Runs.options(P, 7, 4, 1, 6_000, ONE_TXN, "crash n1@after-sync1; restart n1@3s"));
        d.sim.runUntil(2_999);
        for (NodeId p : PARTICIPANTS) {
            assertEquals(TxnState.READY, state(d, p, "c1.1"));
            assertTrue(view(d, p).locks().containsValue("c1.1"));
        }
        d.sim.runUntil(6_000);
        for (NodeId p : PARTICIPANTS) {
            assertEquals(TxnState.COMMITTED, state(d, p, "c1.1"));
            assertEquals("c1.1", view(d, p).store().values().iterator().next(), "the write was applied at " + p);
        }
        assertEquals("COMMITTED", clientOutcome(d));
        assertEquals(List.of(), d.finish());
    }

    /**
     * The Commit reaches n2 only, then the coordinator crashes for good. n3 and n4 ask their peers
     * (cooperative termination); n2 knows, so they commit without the coordinator.
     */
    @Test
    void cooperativeTerminationLearnsTheDecisionFromAPeer() {
        var d = Runs.drive(P, Runs.options(P, 3, 4, 1, 6_000, ONE_TXN, ""));
        assertTrue(d.sim.runUntil(s -> commitsInFlight(s.pending()).size() == 3, 1_000));
        List<PendingEvent> commits = commitsInFlight(d.sim.pending());
        for (PendingEvent e : commits) {
            if (e.node().equals(NodeId.server(2))) {
                d.sim.deliver(e.seq());
            } else {
                d.sim.dropInFlight(e.msgId());
            }
        }
        d.sim.crash(N1);
        long crashedAt = d.sim.now();
        assertEquals(TxnState.COMMITTED, state(d, NodeId.server(2), "c1.1"));
        d.sim.runUntil(crashedAt + 1_000);
        for (NodeId p : PARTICIPANTS) {
            assertEquals(TxnState.COMMITTED, state(d, p, "c1.1"), p + " committed while the coordinator is down");
        }
        assertFalse(d.sim.isUp(N1));
        assertTrue(d.trace.stream().anyMatch(e -> e.type() == EventType.SEND && "PeerDecision".equals(e.msgType())));
        assertEquals(List.of(), d.finish());
        assertTrue(d.blocking.maxMillis() < 1_000, d.blocking.summary());
    }

    /**
     * The Prepare to n4 is lost and the coordinator crashes after n2 and n3 voted yes. n4 never
     * voted, so when its peers ask it aborts unilaterally (forcing ABORT) and tells them: they abort
     * without the coordinator.
     */
    @Test
    void aPeerThatNeverVotedYesAbortsAndAnswers() {
        var d = Runs.drive(P, Runs.options(P, 5, 4, 1, 6_000, ONE_TXN, ""));
        assertTrue(d.sim.runUntil(s -> prepares(s.pending()).size() == 3, 1_000));
        for (PendingEvent e : prepares(d.sim.pending())) {
            if (e.node().equals(NodeId.server(4))) {
                d.sim.dropInFlight(e.msgId());
            }
        }
        assertTrue(d.sim.runUntil(s -> state(d, NodeId.server(2), "c1.1") == TxnState.READY
                && state(d, NodeId.server(3), "c1.1") == TxnState.READY, 1_000));
        d.sim.crash(N1);
        d.sim.runUntil(d.sim.now() + 1_000);
        for (NodeId p : PARTICIPANTS) {
            assertEquals(TxnState.ABORTED, state(d, p, "c1.1"), p.toString());
        }
        assertTrue(d.sim.storage(NodeId.server(4)).readString(LogRecord.FILE).contains("\"ABORT\""), "n4 forced its abort");
        assertEquals(List.of(), d.finish());
    }

    /** n3 crashes before forcing PREPARED: it never voted; the coordinator times out and aborts. */
    @Test
    void participantCrashBeforeVotingLeadsToAbort() {
        var d = Runs.drive(P, Runs.options(P, 11, 4, 1, 4_000, ONE_TXN, "crash n3@before-sync1; restart n3@1s"));
        d.sim.runUntil(999);
        assertEquals(TxnState.ABORTED, state(d, NodeId.server(2), "c1.1"));
        assertEquals(TxnState.ABORTED, state(d, NodeId.server(4), "c1.1"));
        assertNull(d.sim.storage(NodeId.server(3)).read(LogRecord.FILE), "nothing of n3's reached its log");
        d.sim.runUntil(4_000);
        assertTrue(view(d, NodeId.server(3)).txns().getOrDefault("c1.1", "ABORTED").equals("ABORTED"));
        assertEquals(Map.of(), view(d, NodeId.server(3)).locks());
        assertEquals("ABORTED", clientOutcome(d));
        assertEquals(List.of(), d.finish());
    }

    /** n3 crashes after its PREPARED is durable but before the vote leaves: recovery finds it READY, asks, aborts. */
    @Test
    void participantCrashAfterForcingPreparedRecoversInDoubtAndAsks() {
        var d = Runs.drive(P, Runs.options(P, 11, 4, 1, 4_000, ONE_TXN, "crash n3@after-sync1; restart n3@1s"));
        d.sim.runUntil(1_000);
        assertEquals(TxnState.READY, state(d, NodeId.server(3), "c1.1"), "recovered from its log");
        assertTrue(view(d, NodeId.server(3)).locks().containsValue("c1.1"), "locks re-taken");
        d.sim.runUntil(4_000);
        assertEquals(TxnState.ABORTED, state(d, NodeId.server(3), "c1.1"));
        assertEquals("ABORTED", clientOutcome(d));
        assertEquals(List.of(), d.finish());
    }

    /** n3 crashes just after its yes vote left: all commit; n3 recovers READY from its log and learns commit. */
    @Test
    void participantCrashAfterVotingRecoversAndCommits() {
        var d = Runs.drive(P, Runs.options(P, 13, 4, 1, 4_000, ONE_TXN, ""));
        NodeId n3 = NodeId.server(3);
        assertTrue(d.sim.runUntil(s -> s.node(n3) instanceof Participant p && p.state("c1.1") == TxnState.READY, 1_000));
        d.sim.crash(n3);
        d.sim.runUntil(500);
        assertEquals(TxnState.COMMITTED, state(d, NodeId.server(2), "c1.1"));
        assertEquals(TxnState.READY, state(d, n3, "c1.1"), "last published before the crash");
        d.sim.restart(n3);
        assertEquals(TxnState.READY, state(d, n3, "c1.1"), "READY again from the log");
        assertTrue(view(d, n3).locks().containsValue("c1.1"));
        d.sim.runUntil(4_000);
        assertEquals(TxnState.COMMITTED, state(d, n3, "c1.1"));
        assertTrue(view(d, n3).store().containsValue("c1.1"), "the write redone after recovery");
        assertEquals("COMMITTED", clientOutcome(d));
        assertEquals(List.of(), d.finish());
    }

    static List<PendingEvent> commitsInFlight(List<PendingEvent> pending) {
        return pending.stream().filter(e -> e.kind().equals("deliver") && e.what().equals("Commit")).toList();
    }

    static List<PendingEvent> prepares(List<PendingEvent> pending) {
        return pending.stream().filter(e -> e.kind().equals("deliver") && e.what().equals("Prepare")).toList();
    }

    @Test
    void theCoordinatorsCommitIsForcedBeforeItIsSent() {
        var d = Runs.drive(P, Runs.options(P, 2, 4, 1, 2_000, ONE_TXN, ""));
        d.sim.runUntil(2_000);
        long force = -1;
        long firstCommit = -1;
        for (TraceEvent e : d.trace) {
            if (e.type() == EventType.SYNC && "n1".equals(e.node()) && force < 0) {
                force = e.seq();
            }
            if (e.type() == EventType.SEND && "Commit".equals(e.msgType()) && firstCommit < 0) {
                firstCommit = e.seq();
            }
        }
        assertNotNull(d.sim.storage(N1).readString(LogRecord.FILE));
        assertTrue(force >= 0 && firstCommit > force, "sync at " + force + " before the first Commit at " + firstCommit);
    }
}
