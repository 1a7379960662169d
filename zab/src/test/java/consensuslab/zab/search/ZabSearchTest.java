package consensuslab.zab.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.search.Goal;
import consensuslab.search.Replay;
import consensuslab.search.SearchOptions;
import consensuslab.search.SearchResult;
import consensuslab.search.SimPrefix;
import consensuslab.search.StateSearch;
import consensuslab.search.Step;
import consensuslab.zab.Zab;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ZAB's planted {@code bug=lowzxid}, found from the initial state by a staged search (docs/SEARCH.md,
 * "Staged search"): the whole story (an election, a committed write, a leader crash, a re-election) is
 * far beyond one breadth-first search, so the search goes breadth-first through goals taken from the
 * story, adding faults only after c1's write was acknowledged; the simulator replays the 70 steps to
 * the same violation, and correct ZAB passes the same search.
 *
 * <p>Also searched from a state the simulator reaches (docs/SEARCH.md, "Search from a reached
 * state"), whose faults were chosen by hand. The prefix is seed 1 with
 * n2 crashed while the write is proposed (so it misses it) and restarted, and the leader n3 crashed
 * right after the client got its acknowledgement. From there the search finds the shortest
 * re-election that establishes n2, which lacks the acknowledged write, in 13 steps; the simulator,
 * running the same prefix and then the 13 steps, sees the same violation. Correct ZAB passes the
 * same search to the same depth.
 */
class ZabSearchTest {

    /** One client, one write; a tick of 1 s keeps heartbeats out of the story, a short finalizeWait keeps elections short. */
    private static final String PARAMS = "ops=1,tickTime=1000,finalizeWait=5,clientStart=60";
    private static final SimPrefix PREFIX = new SimPrefix(89, FaultSchedule.parse("crash n2@72ms; restart n2@80ms; crash n3@88ms"));

    private static SearchOptions zab(String params) {
        return SearchOptions.defaults(new Zab()).withSize(3, 1).withParams(Params.parse(params)).withSeed(1).withCrashStop(true)
                .withBounds(13, 0).withPrefix(PREFIX);
    }

    /**
     * The story as a student tells it: every server votes for n3, n3 leads, the others follow, the
     * leader is established, every follower syncs, every server broadcasts, c1's write is
     * acknowledged, a new election starts, a new leader is elected; faults (one crash, crash-stop)
     * only from the new election on. None of the goals names a fault or the server that fails.
     */
    static final List<String> STORY = List.of("all:vote.leader=3", "n3:role=LEADING", "all:role=LEADING|FOLLOWING",
            "any:established=true", "all:zabState=SYNCHRONIZATION|BROADCAST", "all:zabState=BROADCAST", "c1:done=1",
            "none:logicalClock=1", "any:role=LEADING & none:logicalClock=1");

    private static SearchOptions staged(String params, int depth) {
        return SearchOptions.defaults(new Zab()).withSize(3, 1).withParams(Params.parse(params)).withSeed(1)
                .withFaults(1, 0, 0, 0).withCrashStop(true).withBounds(depth, 0)
                .withVia(STORY.stream().map(Goal::parse).toList()).withFaultsFrom(8);
    }

    @Test
    void lowzxidIsFoundFromTheInitialStateByAStagedSearch() {
        SearchOptions o = staged(PARAMS + ",bug=lowzxid", 0);
        SearchResult r = StateSearch.run(new Zab(), o, null);
        System.out.println("zab bug=lowzxid, staged from the initial state: " + r.summary());
        r.describeStages(false).forEach(System.out::println);
        assertEquals(SearchResult.Outcome.VIOLATION, r.outcome(), r.message());
        assertTrue(r.message().startsWith("acked-in-later-leaders: leader n2 of epoch 2 was established without the acknowledged write"),
                r.message());
        assertEquals(0, r.prefix(), "no simulator prefix: the path starts at the initial state");
        assertEquals(STORY.size(), r.stages().size(), "every stage reached its goal");
        int beforeFaults = 0;
        for (int k = 0; k < 7; k++) {
            beforeFaults += r.stages().get(k).steps();
        }
        List<Step> path = r.path();
        assertTrue(path.subList(0, beforeFaults).stream().noneMatch(s -> s instanceof Step.Crash), "no fault before stage 8");
        assertEquals(List.of(new Step.Crash(NodeId.server(3))), path.stream().filter(s -> s instanceof Step.Crash).toList(),
                "the search chose the crash: the leader n3's");
        assertTrue(path.size() > r.stagedSteps(), "the search proper took the last steps");

        Replay.Result replay = Replay.run(new Zab(), o, path, List.of());
        assertFalse(replay.violations().isEmpty(), "the simulator replayed the path without a violation");
        assertEquals("acked-in-later-leaders", replay.violations().get(0).checker());
    }

    @Test
    void correctZabPassesTheSameStagedSearch() {
        SearchResult r = StateSearch.run(new Zab(), staged(PARAMS, 10), null);
        System.out.println("zab, staged from the initial state, the search proper to depth 10: " + r.summary());
        assertEquals(SearchResult.Outcome.NOTHING_FOUND, r.outcome(), r.message());
        assertEquals(STORY.size(), r.stages().size(), "every stage reached its goal: " + r.message());
        assertTrue(r.complete() && r.depthBound());
    }

    @Test
    void lowzxidElectsTheServerWithoutTheAcknowledgedWrite() {
        SearchOptions o = zab(PARAMS + ",bug=lowzxid");
        SearchResult r = StateSearch.run(new Zab(), o, null);
        System.out.println("zab bug=lowzxid from the simulator's state at 89 ms: " + r.summary());
        assertEquals(SearchResult.Outcome.VIOLATION, r.outcome(), r.message());
        assertTrue(r.message().startsWith("acked-in-later-leaders: leader n2 of epoch 2"), r.message());
        assertEquals(13, r.path().size(), "a shortest re-election and synchronization: " + r.path());
        assertTrue(r.prefix() > 0, "the simulator prefix took node inputs");
        assertTrue(r.path().get(r.path().size() - 1) instanceof Step.Deliver d && d.to().name().equals("n2"),
                "the last step is n1's ACK of NEWLEADER at n2: " + r.path());

        Replay.Result replay = Replay.run(new Zab(), o, r.path(), List.of());
        assertFalse(replay.violations().isEmpty(), "the simulator replayed the path without a violation");
        assertEquals("acked-in-later-leaders", replay.violations().get(0).checker());
        assertEquals(StateSearch.run(new Zab(), o, null).path(), r.path(), "the same options give the same counterexample");
    }

    @Test
    void correctZabPassesTheSameSearch() {
        SearchResult r = StateSearch.run(new Zab(), zab(PARAMS), null);
        System.out.println("zab from the simulator's state at 89 ms, depth 13: " + r.summary());
        assertEquals(SearchResult.Outcome.NOTHING_FOUND, r.outcome(), r.message());
        assertTrue(r.complete() && r.depthBound());
        assertTrue(r.unique() > 1_000, "states: " + r.unique());
    }
}
