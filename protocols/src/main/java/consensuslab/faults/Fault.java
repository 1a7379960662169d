package consensuslab.faults;

import consensuslab.core.NodeId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One entry of a fault schedule. Each renders back to the syntax it was parsed from
 * (docs/FAULTS.md), so a shrunk schedule can be replayed from the command line.
 */
public sealed interface Fault {

    /** When it takes effect (ms); for sync-triggered crashes, 0. */
    long at();

    /** The syntax for this fault. */
    String render();

    /** A network impairment on every link (or one link) during [from, until). */
    record Impair(Kind kind, double value, long from, long until) implements Fault {
        public enum Kind { DROP, DUP, REORDER }

        @Override
        public long at() {
            return from;
        }

        @Override
        public String render() {
            String base = kind.name().toLowerCase() + "=" + FaultSchedule.num(value);
            if (from == 0 && until == Long.MAX_VALUE) {
                return base;
            }
            return base + "@" + FaultSchedule.time(from) + "-" + (until == Long.MAX_VALUE ? "" : FaultSchedule.time(until));
        }
    }

    /** Message latency drawn uniformly from [min, max] ms, for the whole run. */
    record Latency(long min, long max) implements Fault {
        @Override
        public long at() {
            return 0;
        }

        @Override
        public String render() {
            return "latency=" + min + "-" + max + "ms";
        }
    }

    /** Splits the nodes into groups that cannot reach each other. */
    record Partition(long at, List<List<NodeId>> groups) implements Fault {
        public Partition {
            groups = groups.stream().map(List::copyOf).toList();
        }

        @Override
        public String render() {
            return "partition@" + FaultSchedule.time(at) + " " + groups.stream()
                    .map(g -> g.stream().map(NodeId::toString).collect(Collectors.joining(",")))
                    .collect(Collectors.joining("|"));
        }
    }

    /** Ends any partition. */
    record Heal(long at) implements Fault {
        @Override
        public String render() {
            return "heal@" + FaultSchedule.time(at);
        }
    }

    /** Crash (volatile state lost), restart, pause and resume of one node at a time. */
    record NodeFault(Action action, NodeId node, long at) implements Fault {
        public enum Action { CRASH, RESTART, PAUSE, RESUME }

        @Override
        public String render() {
            return action.name().toLowerCase() + " " + node + "@" + FaultSchedule.time(at);
        }
    }

    /** Crash {@code node} at its {@code sync}-th call to sync (1-based), just before or just after it takes effect. */
    record CrashAtSync(NodeId node, int sync, boolean after) implements Fault {
        @Override
        public long at() {
            return 0;
        }

        @Override
        public String render() {
            return "crash " + node + "@" + (after ? "after" : "before") + "-sync" + sync;
        }
    }
}
