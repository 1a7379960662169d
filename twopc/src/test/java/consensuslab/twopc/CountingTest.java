package consensuslab.twopc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Message;
import consensuslab.core.NodeId;
import consensuslab.core.Protocol;
import consensuslab.trace.TraceWriter;
import consensuslab.twopc.three.ThreePhaseCommit;
import consensuslab.twopc.two.TwoPhaseCommit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure-free message, delay and forced-write counts per transaction, measured from the trace,
 * must equal {@link CostModel}'s formulas (the ones docs/twopc.md documents) for every N.
 */
class CountingTest {

    record Tally(int commits, int aborts) {
    }

    private static <M extends Message> Tally measure(Protocol<M> p, int n, long seed, String params, boolean threePc) {
        var d = Runs.drive(p, Runs.options(p, seed, n + 1, 1, 8_000, params, ""));
        d.sim.runUntil(8_000);
        assertEquals(List.of(), d.finish());
        int commits = 0;
        int aborts = 0;
        for (TxnCounter.Count c : TxnCounter.of(d.trace).values()) {
            CostModel.Cost want;
            if ("COMMITTED".equals(c.outcome())) {
                want = threePc ? CostModel.threePcCommit(n) : CostModel.twoPcCommit(n);
                commits++;
            } else {
                assertEquals("ABORTED", c.outcome(), c.txn() + " has an outcome");
                want = CostModel.abort(n, preparedAt(d, n, c.txn()));
                aborts++;
            }
            CostModel.Cost got = new CostModel.Cost(c.messages(), c.delaysToDecision(), c.delaysToClient(), c.forcedWrites());
            assertEquals(want, got, p.name() + " N=" + n + " seed " + seed + " " + c.txn() + " " + c.outcome() + " " + c.byType());
        }
        return new Tally(commits, aborts);
    }

    /** How many participants have a PREPARED record for txn in their durable log. */
    private static int preparedAt(Runs.Driven<?> d, int n, String txn) {
        int k = 0;
        for (int i = 2; i <= n + 1; i++) {
            String log = d.sim.storage(NodeId.server(i)).readString(LogRecord.FILE);
            if (log != null && log.contains("\"kind\":\"PREPARED\",\"txn\":\"" + txn + "\"")) {
                k++;
            }
        }
        return k;
    }

    @Test
    void twoPcCountsMatchTheFormula() {
        check(new TwoPhaseCommit(), false);
    }

    @Test
    void threePcCountsMatchTheFormula() {
        check(new ThreePhaseCommit(), true);
    }

    private static void check(Protocol<?> p, boolean threePc) {
        int commits = 0;
        int aborts = 0;
        for (int n = 1; n <= 5; n++) {
            for (long seed = 1; seed <= 4; seed++) {
                Tally t = measure(p, n, seed, "txns=8,noVoteRate=0.15", threePc);
                commits += t.commits();
                aborts += t.aborts();
            }
        }
        assertTrue(commits > 50 && aborts > 20, commits + " commits, " + aborts + " aborts measured");
    }

    /** The counter reads a trace file back (JSON) exactly as it reads the live run. */
    @Test
    void countsFromATraceFileEqualTheLiveCounts(@TempDir Path dir) throws Exception {
        TwoPhaseCommit p = new TwoPhaseCommit();
        Path file = dir.resolve("run.jsonl");
        var d = Runs.drive(p, Runs.options(p, 9, 4, 2, 4_000, "txns=4", ""));
        TraceWriter w = TraceWriter.toFile(file);
        d.sim.addListener(w);
        d.sim.runUntil(4_000);
        w.close();
        Map<String, TxnCounter.Count> live = TxnCounter.of(d.trace);
        Map<String, TxnCounter.Count> read = TxnCounter.of(file);
        assertTrue(Files.size(file) > 0);
        String table = TxnCounter.report(read);
        System.out.print(table);
        assertTrue(table.contains("c1.1"), table);
        assertEquals(8, live.size());
        assertEquals(live, read);
    }

    /** Prints the per-N table that docs/twopc.md quotes (one line per N), from measured runs. */
    @Test
    void printTable() {
        StringBuilder sb = new StringBuilder("N | 2PC commit msgs/delays/forced | 3PC commit msgs/delays/forced\n");
        for (int n = 1; n <= 5; n++) {
            TxnCounter.Count two = firstCommit(new TwoPhaseCommit(), n);
            TxnCounter.Count three = firstCommit(new ThreePhaseCommit(), n);
            sb.append(n).append(" | ").append(two.messages()).append('/').append(two.delaysToDecision()).append('/')
                    .append(two.forcedWrites()).append(" | ").append(three.messages()).append('/')
                    .append(three.delaysToDecision()).append('/').append(three.forcedWrites()).append('\n');
            assertEquals(CostModel.twoPcCommit(n).messages(), two.messages());
            assertEquals(CostModel.threePcCommit(n).messages(), three.messages());
        }
        System.out.print(sb);
    }

    private static TxnCounter.Count firstCommit(Protocol<?> p, int n) {
        var d = Runs.drive(p, Runs.options(p, 1, n + 1, 1, 2_000, "txns=1,noVoteRate=0", ""));
        d.sim.runUntil(2_000);
        return TxnCounter.of(d.trace).values().iterator().next();
    }
}
