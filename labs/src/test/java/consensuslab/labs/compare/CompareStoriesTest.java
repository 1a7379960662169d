package consensuslab.labs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stories bin/lab compare must tell, on a few seeds and a 6 s run (docs/COMPARISON.md has the
 * full tables). Each assertion names the seeds; replay any run with the command in results.json.
 */
class CompareStoriesTest {

    static final Workload SHORT = new Workload(3, 1000, 100, 6_000);

    static Results run(String scenario, List<String> protocols, long seeds) {
        Comparison.Plan plan = new Comparison.Plan(protocols, Scenario.named(scenario), 1, seeds, 5, SHORT);
        return Comparison.run(plan, Lab.registry(), 2, n -> { });
    }

    @Test
    void underLeaderCrashOnly2pcBlocks() {
        Results r = run("leader-crash", List.of("2pc", "3pc", "multipaxos", "zab"), 2);
        assertTrue(r.protocol("2pc").blockedMs() > 0, "2PC participants wait for the coordinator, seeds 1..2: " + r.protocol("2pc").perSeed());
        for (String p : List.of("3pc", "multipaxos", "zab")) {
            assertEquals(0.0, r.protocol(p).blockedMs(), p + " does not block: " + r.protocol(p).perSeed());
        }
    }

    @Test
    void thePrecommitSplitBreaks3pcAndNothingElse() {
        Results r = run("precommit-split", Workload.PROTOCOLS, 2);
        assertTrue(r.protocol("3pc").violations() > 0, "3PC commits on one side and aborts on the other, seeds 1..2");
        assertTrue(r.protocol("3pc").violationReports().get(0).replay().startsWith("bin/lab sim --protocol 3pc "));
        for (String p : List.of("2pc", "paxos", "multipaxos", "zab")) {
            assertEquals(0, r.protocol(p).violations(), p + ": " + r.protocol(p).violationReports());
        }
        assertTrue(r.protocol("2pc").blockedMs() > 0, "2PC blocks instead");
    }

    @Test
    void logReplicationStaysUpWithoutAMinorityAndStopsWithoutAMajority() {
        List<String> logs = List.of("multipaxos", "zab");
        Results minority = run("minority-partition", logs, 2);
        Results majority = run("majority-partition", logs, 2);
        for (String p : logs) {
            assertTrue(minority.protocol(p).unavailableMs() <= 300,
                    p + " keeps committing with the leader's majority: " + minority.protocol(p).perSeed());
            assertTrue(majority.protocol(p).unavailableMs() >= 2_500,
                    p + " cannot commit while no side has a majority (2s..5s): " + majority.protocol(p).perSeed());
        }
    }

    @Test
    void theFailureFree2pcRowIsGrayAndLamportsAsTwopcMdCountsIt() {
        Results r = run("none", List.of("2pc", "3pc"), 2);
        int n = 4; // participants: 5 servers, n1 coordinates
        Results.ProtocolResult two = r.protocol("2pc");
        // the only aborts: a client's next transaction reaching a participant before the previous one's Commit (lock held)
        assertTrue(two.aborted() <= two.committed() / 100, "aborts: " + two.aborted());
        // 4N+2 messages (G&L's 3N-1 plus the client's Submit and Outcome, N votes on Prepare, N Acks): docs/twopc.md;
        // what is above it is the transactions still in flight when the run ends
        assertEquals(4 * n + 2, two.msgsPerOp(), 0.2, "messages per commit");
        assertEquals(4.0, two.delaysPerOp(), "G&L's 4 message delays");
        assertEquals(2 * n + 1, two.forcedWritesPerOp(), 0.15, "N+1 forced before the decision, N after");
        Results.ProtocolResult three = r.protocol("3pc");
        assertEquals(5 * n + 2, three.msgsPerOp(), 0.2);
        assertEquals(6.0, three.delaysPerOp(), 0.01);
        assertEquals(2 * n + 2, three.forcedWritesPerOp(), 0.15);
    }

    @Test
    void sameCommandSameResultsByteForByteWhateverTheThreads() {
        Comparison.Plan plan = new Comparison.Plan(List.of("2pc", "zab"), Scenario.named("leader-crash"), 3, 4, 5, SHORT);
        String a = Comparison.run(plan, Lab.registry(), 2, n -> { }).json();
        String b = Comparison.run(plan, Lab.registry(), 1, n -> { }).json();
        assertEquals(a, b);
        assertTrue(a.contains("\"protocols\""));
    }
}
