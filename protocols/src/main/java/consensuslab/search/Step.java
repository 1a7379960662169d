package consensuslab.search;

import consensuslab.core.Message;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One transition of the search: what a counterexample is made of, and what {@link Replay} asks the
 * simulator to do.
 */
public sealed interface Step {

    /** One line for the printed event sequence. */
    String describe();

    /** The message {@code msg} from {@code from} arrives at {@code to}. */
    record Deliver(NodeId from, NodeId to, Message msg) implements Step {
        public String describe() {
            return "deliver " + from + "→" + to + " " + Replay.show(msg);
        }
    }

    /** A timer armed at {@code node} fires. */
    record Fire(NodeId node, Timer timer) implements Step {
        public String describe() {
            return "timer " + node + " " + Replay.show(timer);
        }
    }

    /** A connection-link protocol's {@code node} learns that its link to {@code peer} broke. */
    record LinkDown(NodeId node, NodeId peer) implements Step {
        public String describe() {
            return "link_down at " + node + " (peer " + peer + ")";
        }
    }

    /** The node crashes: its instance is gone, only synced storage survives. */
    record Crash(NodeId node) implements Step {
        public String describe() {
            return "crash " + node;
        }
    }

    /** A crashed node restarts from its durable storage. */
    record Restart(NodeId node) implements Step {
        public String describe() {
            return "restart " + node;
        }
    }

    /** The network loses a message in flight. */
    record Drop(NodeId from, NodeId to, Message msg) implements Step {
        public String describe() {
            return "drop " + from + "→" + to + " " + Replay.show(msg);
        }
    }

    /** The network duplicates a message in flight (both copies may arrive). */
    record Duplicate(NodeId from, NodeId to, Message msg) implements Step {
        public String describe() {
            return "duplicate " + from + "→" + to + " " + Replay.show(msg);
        }
    }

    /**
     * The servers split into these groups; messages in flight between groups are lost
     * ({@code lost}), as they would be in the simulator when they arrive during the partition.
     */
    record Partition(List<List<NodeId>> groups, List<Deliver> lost) implements Step {
        public String describe() {
            return "partition " + groups.stream().map(g -> g.stream().map(NodeId::name).collect(Collectors.joining(",")))
                    .collect(Collectors.joining("|")) + (lost.isEmpty() ? "" : " (" + lost.size() + " in flight lost)");
        }
    }

    /** The partition heals. */
    record Heal() implements Step {
        public String describe() {
            return "heal";
        }
    }
}
