package consensuslab.zab.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.search.Goal;
import consensuslab.search.SearchOptions;
import consensuslab.search.SearchResult;
import consensuslab.search.SimPrefix;
import consensuslab.search.StateSearch;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import consensuslab.zab.ServerState;
import consensuslab.zab.Zab;
import consensuslab.zab.ZabMessage;
import consensuslab.zab.ZabMessage.Notification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ZAB's peers offer a state key (docs/SEARCH.md, "Node states by key"): two orders of the same
 * inputs at one server that leave it in the same state give equal keys, and the search merges them;
 * and the search finds the same things with and without keys (the planted bug, with the same
 * shortest length; nothing in correct ZAB), in fewer states with them.
 */
class ZabStateKeyTest {

    private static final String PARAMS = "ops=1,tickTime=1000,finalizeWait=5,clientStart=60";
    private static final NodeId N1 = NodeId.server(1);
    private static final NodeId N2 = NodeId.server(2);
    private static final NodeId N3 = NodeId.server(3);

    /** Every server's first vote: for itself, zxid 0, round 1, epoch 0. */
    private static Notification firstVote(NodeId from) {
        return new Notification(from.index(), 0, 1, ServerState.LOOKING, 0);
    }

    /** A fresh three-server ensemble, every server started, then {@code to} takes the first votes of {@code from} in that order. */
    private static Object keyAfter(NodeId to, NodeId... from) {
        Simulator<ZabMessage> sim = SimRun.build(new Zab(), new SimRun.Options(3, 0, 1, 0, FaultSchedule.NONE, Params.parse(PARAMS), false,
                false));
        for (int i = 0; i < 3; i++) {
            sim.step(); // the starts
        }
        for (NodeId f : from) {
            assertTrue(sim.deliverMessage(f, to, firstVote(f)), "no first vote of " + f + " in flight to " + to);
        }
        Object key = sim.node(to).stateKey();
        assertNotNull(key, "a peer with the key-value state machine offers a key");
        return key;
    }

    @Test
    void ordersAtOneServerThatEndInTheSameStateGiveEqualKeys() {
        // n3 keeps its own vote whichever comes first: both orders record two votes and re-arm one timeout
        assertEquals(keyAfter(N3, N1, N2), keyAfter(N3, N2, N1), "n3 after n1's and n2's votes, in either order");
        assertNotEquals(keyAfter(N3, N1), keyAfter(N3, N1, N2), "one vote more is another state");
        // n1 adopts n2's vote and then n3's, or n3's at once: the same fields, but in the first order it broadcast twice;
        // the extra loopback timer and notifications are in the search's node identity (timers) and global state (messages)
        assertEquals(keyAfter(N1, N2, N3), keyAfter(N1, N3, N2), "n1 ends proposing n3 with both votes, in either order");
        assertNotEquals(keyAfter(N1, N2), keyAfter(N1, N3), "a different proposal is another state");
    }

    private static SearchOptions fromSim(String params) {
        return SearchOptions.defaults(new Zab()).withSize(3, 1).withParams(Params.parse(params)).withSeed(1).withCrashStop(true)
                .withBounds(13, 0)
                .withPrefix(new SimPrefix(89, FaultSchedule.parse("crash n2@72ms; restart n2@80ms; crash n3@88ms")));
    }

    private static void sameFindings(SearchResult keyed, SearchResult byHistory) {
        assertEquals(byHistory.outcome(), keyed.outcome(), keyed.message());
        assertEquals(byHistory.message(), keyed.message());
        assertEquals(byHistory.path().size(), keyed.path().size(), "the same shortest length");
        assertTrue(keyed.unique() < byHistory.unique(), "keys merge states: " + keyed.unique() + " against " + byHistory.unique());
        assertTrue(keyed.localStates() < byHistory.localStates(), "and node states: " + keyed.localStates() + " against "
                + byHistory.localStates());
    }

    @Test
    void theSearchFindsTheSameWithAndWithoutKeys() {
        for (String params : List.of(PARAMS + ",bug=lowzxid", PARAMS)) {
            SearchResult keyed = StateSearch.run(new Zab(), fromSim(params), null);
            SearchResult byHistory = StateSearch.run(new Zab(), fromSim(params).withStateKeys(false), null);
            System.out.println(params + " from the simulator's state at 89 ms: with keys " + keyed.summary() + "; without "
                    + byHistory.summary());
            sameFindings(keyed, byHistory);
        }
        SearchResult bug = StateSearch.run(new Zab(), fromSim(PARAMS + ",bug=lowzxid"), null);
        assertEquals(SearchResult.Outcome.VIOLATION, bug.outcome());
        assertEquals(13, bug.path().size());
    }

    @Test
    void theStagedSearchFindsTheSameStoryWithAndWithoutKeys() {
        SearchOptions o = SearchOptions.defaults(new Zab()).withSize(3, 1).withParams(Params.parse(PARAMS + ",bug=lowzxid"))
                .withSeed(1).withFaults(1, 0, 0, 0).withCrashStop(true)
                .withVia(ZabSearchTest.STORY.stream().map(Goal::parse).toList()).withFaultsFrom(8);
        SearchResult keyed = StateSearch.run(new Zab(), o, null);
        SearchResult byHistory = StateSearch.run(new Zab(), o.withStateKeys(false), null);
        System.out.println("staged lowzxid: with keys " + keyed.summary() + "; without " + byHistory.summary());
        sameFindings(keyed, byHistory);
        assertEquals(SearchResult.Outcome.VIOLATION, keyed.outcome());
        assertEquals(byHistory.stages().stream().map(SearchResult.Stage::steps).toList(),
                keyed.stages().stream().map(SearchResult.Stage::steps).toList(), "every stage is as long");
    }
}
