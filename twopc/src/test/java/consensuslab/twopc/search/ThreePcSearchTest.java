package consensuslab.twopc.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.search.Replay;
import consensuslab.search.SearchOptions;
import consensuslab.search.SearchResult;
import consensuslab.search.StateSearch;
import consensuslab.search.Step;
import consensuslab.trace.TraceListener;
import consensuslab.twopc.three.ThreePhaseCommit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 3PC under the search with one partition allowed: the atomicity checker fails. The shortest story
 * (11 steps, two participants, one transaction) is the partition anomaly with the partition played by
 * unbounded latency: the coordinator's PreCommits are still in flight when its ack timeout commits,
 * while n3, uncertain, times out, hears from nobody and aborts. The simulator replays it to the same
 * violation.
 */
class ThreePcSearchTest {

    /** One transaction, retries pushed past the story (they only resend), no think time. */
    private static SearchOptions threePc(int depth) {
        return SearchOptions.defaults(new ThreePhaseCommit()).withSize(3, 1).withParams(Params.parse("txns=1,retry=1000,think=0"))
                .withFaults(0, 0, 0, 1).withBounds(depth, 0);
    }

    @Test
    void thePartitionAnomalyBreaksAtomicityInElevenSteps() {
        SearchResult r = StateSearch.run(new ThreePhaseCommit(), threePc(11), null);
        System.out.println(r.summary() + "\n" + r.message());
        r.path().forEach(s -> System.out.println("  " + s.describe()));
        assertEquals(SearchResult.Outcome.VIOLATION, r.outcome(), r.message());
        assertTrue(r.message().startsWith("atomicity: c1.1 committed at n2 but aborted at n3"), r.message());
        assertEquals(11, r.path().size(), "a shortest story");
        NodeId n3 = NodeId.server(3);
        assertFalse(r.path().stream().anyMatch(s -> s instanceof Step.Deliver d && d.to().equals(n3)
                && d.msg().getClass().getSimpleName().equals("PreCommit")), "n3 never hears the PreCommit");
        assertTrue(r.path().stream().anyMatch(s -> s instanceof Step.Fire f && f.node().equals(n3)
                && f.timer().getClass().getSimpleName().equals("CollectTimeout")), "n3 terminates alone");
        assertEquals(1, r.exitCode());

        Replay.Result replay = Replay.run(new ThreePhaseCommit(), threePc(11), r.path(), List.<TraceListener>of());
        assertTrue(replay.violations().stream().anyMatch(v -> v.checker().equals("atomicity")),
                "the simulator sees the same violation: " + replay.violations());
    }
}
