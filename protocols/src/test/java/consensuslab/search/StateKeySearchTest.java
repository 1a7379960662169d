package consensuslab.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Context;
import consensuslab.core.LinkKind;
import consensuslab.core.Message;
import consensuslab.core.Node;
import consensuslab.core.NodeFactory;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.core.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Node states by key: n1 and n2 each send one Ping to n3, which counts them. The two delivery
 * orders are two histories at n3. Counted by history (no key, or a key that remembers the order)
 * the space has 5 states: the start, one Ping delivered (two ways), both delivered (two ways).
 * With a key that holds only the count, both orders end in one node state, so in 4 states.
 */
class StateKeySearchTest {

    record Ping() implements Message {
    }

    /** {@code key=none|count|order}: what n3 offers as its state key. */
    static final class Tally implements Protocol<Ping> {
        private final LinkKind links;

        Tally(LinkKind links) {
            this.links = links;
        }

        @Override
        public String name() {
            return "tally";
        }

        @Override
        public String summary() {
            return "counts pings";
        }

        @Override
        public Class<Ping> messageType() {
            return Ping.class;
        }

        @Override
        public LinkKind linkKind() {
            return links;
        }

        @Override
        public NodeFactory<Ping> factory(Params params) {
            String key = params.get("key", "none");
            return ctx -> new Counter(ctx, key);
        }
    }

    static final class Counter implements Node<Ping> {
        private final Context<Ping> ctx;
        private final String keyKind;
        private final List<String> from = new ArrayList<>();

        Counter(Context<Ping> ctx, String keyKind) {
            this.ctx = ctx;
            this.keyKind = keyKind;
        }

        @Override
        public void onStart() {
            if (ctx.id().index() < 3) {
                ctx.send(NodeId.server(3), new Ping());
            }
            ctx.publish(Map.of("count", 0));
        }

        @Override
        public void onMessage(NodeId sender, Ping m) {
            from.add(sender.name());
            ctx.publish(Map.of("count", from.size()));
        }

        @Override
        public void onTimer(Timer timer) {
        }

        @Override
        public Object stateKey() {
            return switch (keyKind) {
                case "count" -> from.size();
                case "order" -> List.copyOf(from);
                default -> null;
            };
        }
    }

    /** One node that fires a timer twice, 10 ms apart, and keeps (in its key) and publishes the time of the last firing. */
    static final class Clock implements Protocol<Ping> {
        record Tick() implements Timer {
        }

        @Override
        public String name() {
            return "clock";
        }

        @Override
        public String summary() {
            return "reads the clock";
        }

        @Override
        public Class<Ping> messageType() {
            return Ping.class;
        }

        @Override
        public LinkKind linkKind() {
            return LinkKind.DATAGRAM;
        }

        @Override
        public NodeFactory<Ping> factory(Params params) {
            return ctx -> new Node<Ping>() {
                private int fired;
                private long last = -1;

                @Override
                public void onStart() {
                    ctx.setTimer(new Tick(), 10);
                    ctx.publish(Map.of("now", last));
                }

                @Override
                public void onMessage(NodeId sender, Ping m) {
                }

                @Override
                public void onTimer(Timer timer) {
                    fired++;
                    last = ctx.now();
                    if (fired < 2) {
                        ctx.setTimer(new Tick(), 10);
                    }
                    ctx.publish(Map.of("now", last));
                }

                @Override
                public Object stateKey() {
                    return List.of(fired, last); // the time it keeps is in its key (Node.stateKey)
                }
            };
        }
    }

    /**
     * A keyed node may read the clock when the time it keeps is in its key: the search sees the
     * absolute times (10, then 20 ms). On the set network, whose ordered timers normalize time by
     * shifting the clock, the read is a handler error.
     */
    @Test
    void aKeyedNodeThatReadsTheClockKeepsAbsoluteTimesAndIsRefusedWhereTimeIsNormalized() {
        Clock p = new Clock();
        SearchOptions o = SearchOptions.defaults(p).withSize(1, 0).withGoal(Goal.parse("n1:now=20"), false);
        SearchResult keyed = StateSearch.run(p, o, null);
        assertEquals(SearchResult.Outcome.GOAL_REACHED, keyed.outcome(), keyed.message());
        assertEquals(2, keyed.path().size());
        assertEquals(keyed.path(), StateSearch.run(p, o.withStateKeys(false), null).path());
        SearchResult set = StateSearch.run(p, o.withSetNetwork(true), null);
        assertEquals(SearchResult.Outcome.VIOLATION, set.outcome(), set.message());
        assertTrue(set.message().contains("ctx.now()"), set.message());
    }

    private static SearchResult search(String key) {
        Tally p = new Tally(LinkKind.DATAGRAM);
        return StateSearch.run(p, SearchOptions.defaults(p).withSize(3, 0).withParams(Params.parse("key=" + key)), null);
    }

    @Test
    void twoHistoriesWithEqualKeysAreOneState() {
        SearchResult byHistory = search("none");
        SearchResult byOrder = search("order");
        SearchResult byCount = search("count");
        assertTrue(byHistory.complete() && byOrder.complete() && byCount.complete());
        assertEquals(5, byHistory.unique(), "by history: both delivery orders are states of their own");
        assertEquals(5, byOrder.unique(), "a key that remembers the order keeps them apart");
        assertEquals(4, byCount.unique(), "a key that holds only the count merges them");
        assertEquals(SearchResult.Outcome.NOTHING_FOUND, byCount.outcome());
    }

    /**
     * The set network: a delivered Ping stays in flight, so n3 can count three Pings from two
     * senders (one delivered twice), which the multiset network never allows.
     */
    @Test
    void setNetworkKeepsADeliveredMessageDeliverable() {
        Tally p = new Tally(LinkKind.DATAGRAM);
        SearchOptions o = SearchOptions.defaults(p).withSize(3, 0).withParams(Params.parse("key=count"))
                .withGoal(Goal.parse("n3:count=3"), false);
        SearchResult multiset = StateSearch.run(p, o, null);
        assertEquals(SearchResult.Outcome.NOTHING_FOUND, multiset.outcome(), "each Ping arrives at most once");
        assertTrue(multiset.complete());
        SearchResult set = StateSearch.run(p, o.withSetNetwork(true), null);
        assertEquals(SearchResult.Outcome.GOAL_REACHED, set.outcome(), set.message());
        assertEquals(3, set.path().size(), "three deliveries: " + set.path());
        assertTrue(set.path().stream().distinct().count() < 3, "a Ping delivered more than once: " + set.path());
    }

    @Test
    void setNetworkRejectsBudgetsItMakesMeaninglessAndConnectionLinks() {
        Tally datagram = new Tally(LinkKind.DATAGRAM);
        SearchOptions o = SearchOptions.defaults(datagram).withSize(3, 0).withFaults(0, 0, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> o.withSetNetwork(true));
        Tally connection = new Tally(LinkKind.CONNECTION);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateSearch.run(connection, SearchOptions.defaults(connection).withSize(3, 0).withSetNetwork(true), null));
        assertTrue(e.getMessage().contains("connection"), e.getMessage());
    }
}
