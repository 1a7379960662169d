package consensuslab.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            return LinkKind.DATAGRAM;
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
            ctx.publish(0);
        }

        @Override
        public void onMessage(NodeId sender, Ping m) {
            from.add(sender.name());
            ctx.publish(from.size());
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

    private static SearchResult search(String key) {
        Tally p = new Tally();
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
}
