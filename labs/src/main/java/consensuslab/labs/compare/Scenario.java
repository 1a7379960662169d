package consensuslab.labs.compare;

import consensuslab.labs.cli.CliException;
import consensuslab.faults.FaultSchedule;
import java.util.List;
import java.util.Map;

/**
 * A preset fault schedule for {@code bin/lab compare --scenario NAME}. Every schedule names roles,
 * not nodes ({@code crash leader@2s}), so one schedule hits the 2PC coordinator, the Multi-Paxos
 * leader and the ZAB leader alike (docs/FAULTS.md, role targets).
 *
 * @param name   what {@code --scenario} takes
 * @param story  one line for {@code --list}
 * @param faults the schedule, in the fault syntax
 * @param only   a variant of the schedule for some protocols (precommit-split times its cut to a message)
 */
public record Scenario(String name, String story, String faults, Map<String, String> only) {

    public Scenario(String name, String story, String faults) {
        this(name, story, faults, Map.of());
    }

    /** The presets, in the order {@code --list} prints them. */
    public static final List<Scenario> PRESETS = List.of(
            new Scenario("none", "no faults: what each protocol costs when nothing goes wrong", ""),
            new Scenario("leader-crash", "the leader (2PC/3PC coordinator) crashes inside its first forced write after 2s "
                    + "(2PC: votes in, COMMIT not yet logged) and comes back at 5s",
                    "crash leader@2s+before-sync; restart leader@5s"),
            new Scenario("participant-crash", "the lowest-id participant/follower crashes at 2s and comes back at 5s",
                    "crash follower@2s; restart follower@5s"),
            new Scenario("crash-restart-loop", "whoever leads crashes every 2s and is back 1s later, three times",
                    "crash leader@1500ms; restart leader@2500ms; crash leader@3500ms; restart leader@4500ms; "
                            + "crash leader@5500ms; restart leader@6500ms"),
            new Scenario("minority-partition", "two followers are cut off from 2s to 5s; the leader keeps a majority",
                    "partition@2s follower,follower2; heal@5s"),
            new Scenario("majority-partition", "from 2s to 5s the leader keeps one follower and the other three split 2|1: no side has a majority",
                    "partition@2s leader,follower|follower2,follower3; heal@5s"),
            new Scenario("precommit-split", "from 2s to 5s the leader and one follower are cut off from the rest; 3PC's cut "
                    + "comes right after its first PreCommit after 2s (pre-committed | uncertain), 2PC's after its first Commit",
                    "partition@2s leader,follower; heal@5s",
                    Map.of("3pc", "partition@2s+PreCommit leader,follower; heal@5s",
                            "2pc", "partition@2s+Commit leader,follower; heal@5s")),
            new Scenario("flaky", "the whole run loses 5% of datagrams, duplicates 5%, reorders 10% (connection links: ZAB is immune)",
                    "drop=0.05; dup=0.05; reorder=0.1"));

    public FaultSchedule schedule() {
        return FaultSchedule.parse(faults);
    }

    /** The schedule protocol {@code p} runs (compare's protocol name). */
    public FaultSchedule schedule(String p) {
        return FaultSchedule.parse(only.getOrDefault(p, faults));
    }

    public static Scenario named(String name) {
        for (Scenario s : PRESETS) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        throw new CliException("unknown scenario '" + name + "' (known: "
                + String.join(", ", PRESETS.stream().map(Scenario::name).toList()) + ")");
    }

    /** A custom schedule from {@code --faults}. */
    public static Scenario custom(String faults) {
        return new Scenario("custom", "--faults " + faults, FaultSchedule.parse(faults).toString());
    }
}
