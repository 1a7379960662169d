package consensuslab.twopc.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.search.Goal;
import consensuslab.search.SearchOptions;
import consensuslab.search.SearchResult;
import consensuslab.search.StateSearch;
import consensuslab.search.Step;
import consensuslab.twopc.two.TwoPhaseCommit;
import org.junit.jupiter.api.Test;

/**
 * 2PC under the search: with one crash-stop crash allowed, the search reports a state from which no
 * participant can ever leave READY (the coordinator crashed after every participant voted yes), and
 * atomicity holds in every state it explores.
 */
class CommitSearchTest {

    private static SearchOptions twoPc(int depth) {
        return SearchOptions.defaults(new TwoPhaseCommit()).withSize(3, 1).withParams(Params.parse("txns=1,retry=1000"))
                .withFaults(1, 0, 0, 0).withCrashStop(true).withBounds(depth, 0);
    }

    @Test
    void blockingAfterTheCoordinatorsCrashIsReported() {
        SearchOptions o = twoPc(8).withGoal(Goal.parse("none:txns.*=READY"), true);
        SearchResult r = StateSearch.run(new TwoPhaseCommit(), o, null);
        System.out.println(r.summary() + "\n" + r.message());
        r.path().forEach(s -> System.out.println("  " + s.describe()));
        assertEquals(SearchResult.Outcome.BLOCKED, r.outcome(), r.message());
        assertEquals(new Step.Crash(NodeId.server(1)), r.path().get(r.path().size() - 1), "the coordinator's crash ends the story");
        long prepares = r.path().stream().filter(s -> s instanceof Step.Deliver d && d.msg().getClass().getSimpleName().equals("Prepare"))
                .count();
        assertEquals(2, prepares, "both participants voted yes before the crash");
        assertEquals(1, r.exitCode());
    }

    /**
     * Three participants: the coordinator and the participants offer state keys, so orders of votes
     * and acks that leave them in equal states are merged; blocking is still found, and atomicity
     * still holds. (Not exhaustive: see docs/SEARCH.md, "Limits".)
     */
    @Test
    void threeParticipantsBlockAndStayAtomic() {
        SearchOptions o = SearchOptions.defaults(new TwoPhaseCommit()).withSize(4, 1)
                .withParams(Params.parse("txns=1,retry=1000,think=0")).withFaults(1, 0, 0, 0).withCrashStop(true).withBounds(9, 0);
        SearchResult r = StateSearch.run(new TwoPhaseCommit(), o.withGoal(Goal.parse("none:txns.*=READY"), true), null);
        System.out.println("2pc, 3 participants, one crash, depth 9, blocking: " + r.summary());
        assertEquals(SearchResult.Outcome.BLOCKED, r.outcome(), r.message());
        assertEquals(new Step.Crash(NodeId.server(1)), r.path().get(r.path().size() - 1), "the coordinator's crash ends the story");
        SearchResult safe = StateSearch.run(new TwoPhaseCommit(), o, null);
        System.out.println("2pc, 3 participants, one crash, depth 9: " + safe.summary());
        assertEquals(SearchResult.Outcome.NOTHING_FOUND, safe.outcome(), safe.message());
    }

    @Test
    void atomicityHoldsInEveryExploredState() {
        SearchResult r = StateSearch.run(new TwoPhaseCommit(), twoPc(8), null);
        System.out.println("2pc, 2 participants, one crash, depth 8: " + r.summary());
        assertEquals(SearchResult.Outcome.NOTHING_FOUND, r.outcome(), r.message());
        assertTrue(r.unique() > 1000);
    }

    /**
     * The set network (a sent message may arrive any number of times, or never) with timers that
     * fire at any moment makes 2PC's space finite: with 3 participants and one crash-stop crash the
     * search explores all of it, with no depth bound, and atomicity holds in every state.
     */
    @Test
    void threeParticipantsOneCrashExhaustiveOnTheSetNetwork() {
        SearchOptions o = SearchOptions.defaults(new TwoPhaseCommit()).withSize(4, 1)
                .withParams(Params.parse("txns=1,retry=1000,think=0")).withFaults(1, 0, 0, 0).withCrashStop(true)
                .withSetNetwork(true).withTimers(SearchOptions.TimerModel.ANY);
        SearchResult r = StateSearch.run(new TwoPhaseCommit(), o, null);
        System.out.println("2pc, 3 participants, one crash, set network, timers any: " + r.summary());
        assertEquals(SearchResult.Outcome.NOTHING_FOUND, r.outcome(), r.message());
        assertTrue(r.complete() && !r.depthBound(), "explored completely: " + r.summary());
    }

    /**
     * Blocking on the set network with timers in due order (time normalized: the clock stays at 0),
     * exhaustively, with 2 participants: redelivery does not rescue a READY participant.
     */
    @Test
    void blockingOnTheSetNetworkIsReportedExhaustively() {
        SearchOptions o = SearchOptions.defaults(new TwoPhaseCommit()).withSize(3, 1)
                .withParams(Params.parse("txns=1,retry=1000,think=0")).withFaults(1, 0, 0, 0).withCrashStop(true)
                .withSetNetwork(true).withGoal(Goal.parse("none:txns.*=READY"), true);
        SearchResult r = StateSearch.run(new TwoPhaseCommit(), o, null);
        System.out.println("2pc, 2 participants, one crash, set network, blocking: " + r.summary() + "\n" + r.message());
        assertEquals(SearchResult.Outcome.BLOCKED, r.outcome(), r.message());
        assertTrue(r.complete() && !r.depthBound(), r.summary());
        assertEquals(new Step.Crash(NodeId.server(1)), r.path().get(r.path().size() - 1), "the coordinator's crash ends the story");
    }
}
