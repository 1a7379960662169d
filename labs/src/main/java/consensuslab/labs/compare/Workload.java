package consensuslab.labs.compare;

import consensuslab.labs.cli.CliException;
import consensuslab.core.Params;
import java.util.List;

/**
 * The one client workload every protocol gets: {@code clients} clients, each issuing operations one
 * at a time with a random think time of [0, think] ms between a reply and the next request, until
 * {@code ops} are done or the run ends. Each protocol decides them its own way: a transaction over
 * every participant (2PC, 3PC), a command in the replicated log (Multi-Paxos, ZAB), a fresh
 * single-decree instance (Paxos).
 */
public record Workload(int clients, int ops, long think, long untilMs) {

    public static final Workload DEFAULT = new Workload(3, 1000, 100, 8_000);

    /** Protocols {@code bin/lab compare} knows, in the order it reports them. */
    public static final List<String> PROTOCOLS = List.of("2pc", "3pc", "paxos", "multipaxos", "zab");

    /** The registered protocol that runs {@code name} under this workload. */
    public static String registered(String name) {
        return name.equals("paxos") ? "paxos-ops" : name;
    }

    /** The parameters that make protocol {@code name} run this workload. */
    public Params params(String name) {
        Params p = Params.EMPTY.with("think", think);
        return switch (name) {
            // own keys: clients never conflict on a lock, so every abort is a protocol's decision
            case "2pc", "3pc" -> p.with("txns", ops).with("noVoteRate", 0).with("ownKeys", true);
            case "multipaxos", "zab", "paxos" -> p.with("ops", ops);
            default -> throw new CliException("unknown protocol '" + name + "' (known: " + String.join(", ", PROTOCOLS) + ")");
        };
    }
}
