package consensuslab.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search on the echo demo: the planted nosync bug with one crash, and the correct server. */
class EchoSearchTest {

    private static SearchOptions echo(String params, int crashes) {
        return SearchOptions.defaults(new Echo()).withSize(1, 1).withParams(Params.parse(params)).withFaults(crashes, 0, 0, 0).withBounds(8, 0);
    }

    @Test
    void nosyncIsFoundWithOneCrashAndAShortestStory() {
        SearchResult r = StateSearch.run(new Echo(), echo("ops=2,bug=nosync", 1), null);
        System.out.println(r.summary());
        r.path().forEach(s -> System.out.println("  " + s.describe()));
        assertEquals(SearchResult.Outcome.VIOLATION, r.outcome(), r.message());
        assertTrue(r.message().startsWith("served"), r.message());
        assertEquals(1, r.path().stream().filter(s -> s instanceof Step.Crash).count());
        // the shortest story: the ping is counted (not synced), the server crashes and restarts with 0
        assertEquals(List.of("Deliver", "Crash", "Restart"), r.path().stream().map(s -> s.getClass().getSimpleName()).toList());
        assertEquals(1, r.exitCode());
    }

    @Test
    void theCorrectServerPassesTheSameSearch() {
        SearchResult r = StateSearch.run(new Echo(), echo("ops=2", 1), null);
        System.out.println(r.summary());
        assertEquals(SearchResult.Outcome.NOTHING_FOUND, r.outcome(), r.message());
        assertTrue(r.complete());
        assertTrue(r.unique() > 10, "explored " + r.unique());
        assertEquals(0, r.exitCode());
    }

    @Test
    void withoutACrashTheBugCannotShow() {
        SearchResult r = StateSearch.run(new Echo(), echo("ops=2,bug=nosync", 0), null);
        assertEquals(SearchResult.Outcome.NOTHING_FOUND, r.outcome(), r.message());
    }

    @Test
    void aGoalIsReachedByAShortestPath() {
        SearchOptions o = echo("ops=2", 0).withGoal(Goal.parse("n1:count=2"), false);
        SearchResult r = StateSearch.run(new Echo(), o, null);
        assertEquals(SearchResult.Outcome.GOAL_REACHED, r.outcome(), r.message());
        assertEquals(3, r.path().size(), "ping 1, pong 1, ping 2: " + r.path());
    }

    @Test
    void depthFirstFindsTheBugToo() {
        SearchResult r = StateSearch.run(new Echo(), echo("ops=2,bug=nosync", 1).withDfs(true), null);
        assertEquals(SearchResult.Outcome.VIOLATION, r.outcome(), r.message());
    }

    @Test
    void badGoalsAreOneLineErrors() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Goal.parse("role"));
        assertTrue(e.getMessage().startsWith("bad goal 'role'"), e.getMessage());
        SearchOptions o = echo("ops=1", 0).withGoal(Goal.parse("n7:role=server"), false);
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> StateSearch.run(new Echo(), o, null));
        assertTrue(e.getMessage().contains("n7"), e.getMessage());
    }

    @Test
    void theSimulatorReplaysTheCounterexampleToTheSameViolation() {
        SearchOptions o = echo("ops=2,bug=nosync", 1);
        SearchResult r = StateSearch.run(new Echo(), o, null);
        List<TraceEvent> trace = new ArrayList<>();
        Replay.Result replay = Replay.run(new Echo(), o, r.path(), List.<TraceListener>of(trace::add));
        assertFalse(replay.violations().isEmpty(), "the simulator saw no violation");
        assertTrue(r.message().startsWith(replay.violations().get(0).checker()), r.message() + " vs " + replay.violations());
        assertTrue(trace.stream().anyMatch(e -> e.type() == consensuslab.trace.EventType.CRASH));
    }
}
