package consensuslab.paxos.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Params;
import consensuslab.paxos.basic.BasicPaxos;
import consensuslab.search.Goal;
import consensuslab.search.Replay;
import consensuslab.search.SearchOptions;
import consensuslab.search.SearchResult;
import consensuslab.search.StateSearch;
import consensuslab.search.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Single-decree Paxos, 3 acceptors and 2 proposers, searched breadth-first: the planted noadopt bug
 * shows in a shortest story of 10 steps (each proposer's full round), and the simulator replays it
 * to the same agreement violation. The correct protocol passes the search to depth 9 (the depth
 * just short of both rounds; the full depth-10 search of the correct protocol is in
 * {@code bin/lab bench search}).
 */
class PaxosSearchTest {

    private static SearchOptions paxos(String params, int depth) {
        return SearchOptions.defaults(new BasicPaxos()).withSize(3, 0).withParams(Params.parse(params)).withBounds(depth, 0);
    }

    @Test
    void noadoptIsFoundWithBothProposersFullRounds() {
        SearchOptions o = paxos("bug=noadopt", 10);
        SearchResult r = StateSearch.run(new BasicPaxos(), o, null);
        System.out.println(r.summary());
        assertEquals(SearchResult.Outcome.VIOLATION, r.outcome(), r.message());
        assertTrue(r.message().startsWith("agreement"), r.message());
        assertEquals(10, r.path().size(), "a shortest counterexample: two timers and eight deliveries");
        assertEquals(2, r.path().stream().filter(s -> s instanceof Step.Fire).count());

        Replay.Result replay = Replay.run(new BasicPaxos(), o, r.path(), List.of());
        assertFalse(replay.violations().isEmpty(), "the simulator replayed the path without a violation");
        assertEquals("agreement", replay.violations().get(0).checker());
    }

    @Test
    void theCorrectProtocolPassesTheSameSearch() {
        SearchResult r = StateSearch.run(new BasicPaxos(), paxos("", 9), null);
        System.out.println("paxos, depth 9: " + r.summary());
        assertEquals(SearchResult.Outcome.NOTHING_FOUND, r.outcome(), r.message());
        assertTrue(r.complete() && r.depthBound());
        assertTrue(r.unique() > 10_000, "states: " + r.unique());
    }

    @Test
    void aChosenValueIsReachable() {
        SearchResult r = StateSearch.run(new BasicPaxos(), paxos("", 10).withGoal(Goal.parse("any:role=learner"), false), null);
        assertEquals(SearchResult.Outcome.GOAL_REACHED, r.outcome(), r.message());
        assertEquals(5, r.path().size(), "timer, prepare, promise, accept, accepted: " + r.path());
    }
}
