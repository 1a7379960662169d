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

    /**
     * Crash (volatile state lost), restart, pause and resume of one node at a time; {@code start}
     * makes a node join late: it is down from t=0 until then and boots on empty storage.
     */
    record NodeFault(Action action, NodeId node, long at) implements Fault {
        public enum Action { CRASH, RESTART, PAUSE, RESUME, START }

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

    /**
     * A role word that names whichever server holds that role when the fault fires, resolved from the
     * {@code role} field every node publishes (docs/FAULTS.md has the table). {@code leader} and
     * {@code coordinator} are one set, {@code follower} and {@code participant} the other.
     */
    enum Role {
        LEADER, COORDINATOR, FOLLOWER, PARTICIPANT;

        /** Published role names (lower case) that count as the leader: 2PC/3PC, Multi-Paxos, ZAB, basic Paxos. */
        private static final List<String> LEADERS = List.of("coordinator", "leader", "leading", "proposer");
        /** Published role names that count as a follower. */
        private static final List<String> FOLLOWERS = List.of("participant", "follower", "following", "acceptor", "learner");

        /** Whether a node publishing {@code published} as its role holds this one. */
        public boolean heldBy(String published) {
            if (published == null) {
                return false;
            }
            String p = published.toLowerCase(java.util.Locale.ROOT);
            return leaderLike() ? LEADERS.contains(p) : FOLLOWERS.contains(p);
        }

        public boolean leaderLike() {
            return this == LEADER || this == COORDINATOR;
        }

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The role a word names, or null: "leader", "follower2" (the rank is parsed by the caller). */
        static Role of(String word) {
            for (Role r : values()) {
                if (r.word().equals(word)) {
                    return r;
                }
            }
            return null;
        }
    }

    /**
     * The {@code rank}-th server (1-based, by id) holding {@code role} at the moment a fault fires:
     * {@code leader}, {@code follower}, {@code follower2}, ...
     */
    record RoleTarget(Role role, int rank) implements Member {
        public RoleTarget {
            if (rank < 1) {
                throw new IllegalArgumentException("role ranks start at 1");
            }
        }

        @Override
        public String render() {
            return role.word() + (rank == 1 ? "" : Integer.toString(rank));
        }
    }

    /** A member of a {@link RolePartition} group: a node by name, or a role. */
    sealed interface Member permits NodeMember, RoleTarget {
        String render();
    }

    /** A node named in a {@link RolePartition} group. */
    record NodeMember(NodeId node) implements Member {
        @Override
        public String render() {
            return node.toString();
        }
    }

    /**
     * A crash, restart, pause or resume of whoever holds a role when it fires ({@code crash leader@2s}).
     * Restart and resume name the node that the latest crash or pause of the same target hit.
     */
    record RoleFault(NodeFault.Action action, RoleTarget target, long at) implements Fault {
        @Override
        public String render() {
            return action.name().toLowerCase() + " " + target.render() + "@" + FaultSchedule.time(at);
        }
    }

    /**
     * A partition whose groups name roles as well as nodes ({@code partition@2s leader,follower1|follower2,follower3}),
     * resolved when it fires.
     */
    record RolePartition(long at, List<List<Member>> groups) implements Fault {
        public RolePartition {
            groups = groups.stream().map(List::copyOf).toList();
        }

        @Override
        public String render() {
            return "partition@" + FaultSchedule.time(at) + " " + groups.stream()
                    .map(g -> g.stream().map(Member::render).collect(Collectors.joining(",")))
                    .collect(Collectors.joining("|"));
        }
    }

    /**
     * A partition that waits, from its time on, for the first message of type {@code msgType} to be
     * sent, and splits the network right after that send ({@code partition@2s+PreCommit n1,n2}):
     * the message that triggered it still reaches its receiver if they share a group; the ones sent
     * after it across the cut do not.
     */
    record OnSend(Fault partition, String msgType) implements Fault {
        public OnSend {
            if (!(partition instanceof Partition || partition instanceof RolePartition)) {
                throw new IllegalArgumentException("only a partition can wait for a message");
            }
        }

        @Override
        public long at() {
            return partition.at();
        }

        @Override
        public String render() {
            String r = partition.render();
            int sp = r.indexOf(' ');
            return r.substring(0, sp) + "+" + msgType + r.substring(sp);
        }
    }
}
