package consensuslab.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Params;
import consensuslab.echo.Echo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A staged search ({@code --via}) on the echo demo: breadth-first to each goal in turn, then the
 * search proper; each stage shortest from where it starts; faults only from the stage named.
 */
class StagedSearchTest {

    private static SearchOptions echo(String params) {
        return SearchOptions.defaults(new Echo()).withSize(1, 1).withParams(Params.parse(params)).withFaults(1, 0, 0, 0)
                .withBounds(8, 0);
    }

    @Test
    void eachStageIsAShortestWayFromWhereItStartsAndThePathIsTheirConcatenation() {
        Goal first = Goal.parse("c1:count=1");
        SearchResult direct = StateSearch.run(new Echo(), echo("ops=2").withGoal(first, false), null);
        assertEquals(SearchResult.Outcome.GOAL_REACHED, direct.outcome(), direct.message());

        SearchOptions o = echo("ops=2,bug=nosync").withVia(List.of(first));
        SearchResult r = StateSearch.run(new Echo(), o, null);
        System.out.println(r.summary() + " " + r.describeStages(false));
        assertEquals(SearchResult.Outcome.VIOLATION, r.outcome(), r.message());
        assertTrue(r.message().startsWith("served"), r.message());
        assertEquals(1, r.stages().size());
        assertEquals(direct.path().size(), r.stages().get(0).steps(), "stage 1 is as short as a goal search for it");
        assertEquals(direct.path(), r.path().subList(0, r.stagedSteps()), "the path starts with stage 1's way");
        assertTrue(r.path().size() > r.stagedSteps());
        assertTrue(r.describeStages(false).get(0).startsWith("stage 1: c1:count=1 after " + direct.path().size() + " steps"),
                r.describeStages(false).toString());

        Replay.Result replay = Replay.run(new Echo(), o, r.path(), List.of());
        assertFalse(replay.violations().isEmpty(), "the simulator replays the whole staged path to a violation");
        assertTrue(replay.violations().get(0).checker().startsWith("served"), replay.violations().toString());
    }

    @Test
    void stagesBeforeFaultsFromAddNoFault() {
        // a goal the crash budget would reach sooner: the server down (it matches nothing) means 'none' holds at once
        Goal noServer = Goal.parse("none:role=server");
        Goal already = Goal.parse("c1:count=0"); // holds where stage 1 ends: the result's path is stage 1's
        SearchResult withFaults = StateSearch.run(new Echo(), echo("ops=2").withVia(List.of(noServer)).withGoal(already, false), null);
        assertEquals(SearchResult.Outcome.GOAL_REACHED, withFaults.outcome(), withFaults.message());
        assertEquals(List.of(new Step.Crash(consensuslab.core.NodeId.server(1))), withFaults.path().subList(0, withFaults.stagedSteps()),
                "with the budget, the stage's shortest way is the crash");

        // fault-free, the goal never holds and the client's retries make the space infinite: stopped by the time bound
        SearchResult faultFree = StateSearch.run(new Echo(),
                echo("ops=2").withVia(List.of(noServer)).withFaultsFrom(2).withBounds(8, 1_000), null);
        assertEquals(SearchResult.Outcome.NOTHING_FOUND, faultFree.outcome());
        assertTrue(faultFree.message().startsWith("stage 1 of 2: none:role=server not reached"), faultFree.message());
        assertTrue(faultFree.path().isEmpty());
    }

    @Test
    void aGoalMayJoinClausesThatMustAllHold() {
        SearchOptions o = echo("ops=2");
        SearchResult one = StateSearch.run(new Echo(), o.withGoal(Goal.parse("c1:count=1"), false), null);
        SearchResult both = StateSearch.run(new Echo(), o.withGoal(Goal.parse("c1:count=1 & n1:count=2"), false), null);
        assertEquals(SearchResult.Outcome.GOAL_REACHED, both.outcome(), both.message());
        assertTrue(both.path().size() > one.path().size(), "the second clause needs the second ping served: " + both.path());
        assertThrows(IllegalArgumentException.class, () -> Goal.parse("c1:count=1 & count"));
        assertThrows(IllegalArgumentException.class, () -> o.withVia(List.of(Goal.parse("c1:count=1"))).withFaultsFrom(3));
        assertThrows(IllegalArgumentException.class,
                () -> StateSearch.run(new Echo(), o.withVia(List.of(Goal.parse("n7:count=1"))), null));
    }
}
