package consensuslab.labs.cli;

import consensuslab.check.Violation;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.core.Registry;
import consensuslab.faults.FaultSchedule;
import consensuslab.search.Goal;
import consensuslab.search.Replay;
import consensuslab.search.SearchOptions;
import consensuslab.search.SearchResult;
import consensuslab.search.SimPrefix;
import consensuslab.search.StateSearch;
import consensuslab.search.Step;
import consensuslab.trace.TraceListener;
import consensuslab.trace.TraceWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code lab search}: explores every order of deliveries and timers of a small configuration, plus
 * the faults a budget allows, e.g. {@code bin/lab search --protocol paxos --param bug=noadopt}.
 * Prints progress, then the counterexample step by step; {@code --trace FILE} writes it as a
 * simulator trace. Exit 1 on a violation or a blocked state, 0 when nothing was found (or the goal
 * was reached), 2 on bad input.
 */
public final class SearchCommand {

    static final Set<String> VALUED = Set.of("protocol", "nodes", "clients", "seed", "param", "crashes", "drops", "duplicates",
            "partitions", "depth", "time", "trace", "goal", "timers", "from-sim", "from-sim-faults", "network", "via", "faults-from-stage");
    static final Set<String> FLAGS = Set.of("dfs", "crash-stop", "blocking", "no-check", "quiet", "no-state-keys");

    public static final String USAGE = "lab search --protocol NAME [--nodes N] [--clients M] [--param k=v,...] [--seed S]"
            + " [--crashes K] [--drops K] [--duplicates K] [--partitions K] [--crash-stop] [--depth D] [--time 60s] [--dfs]"
            + " [--timers ordered|any] [--network multiset|set] [--goal WHO:PATH=VALUE [--blocking]] [--via GOAL ... [--faults-from-stage K]] [--from-sim TIME [--from-sim-faults F]] [--trace FILE]"
            + " [--no-check] [--no-state-keys] [--quiet]";

    private SearchCommand() {
    }

    /** A parsed command line. */
    public record Parsed(Protocol<?> protocol, SearchOptions options, Path trace, boolean quiet) {
    }

    public static Parsed parse(List<String> argv, Registry registry) {
        Args a = new Args(argv, VALUED, FLAGS);
        if (!a.positional().isEmpty()) {
            throw new CliException("unexpected argument '" + a.positional().get(0) + "'");
        }
        if (!a.has("protocol")) {
            throw new CliException("missing --protocol (one of: "
                    + String.join(", ", registry.all().stream().map(Protocol::name).toList()) + ")");
        }
        Protocol<?> p = registry.get(a.get("protocol", null));
        Params params;
        try {
            params = Params.parse(a.get("param", ""));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        SearchOptions.TimerModel timers = switch (a.get("timers", "ordered")) {
            case "ordered" -> SearchOptions.TimerModel.ORDERED;
            case "any" -> SearchOptions.TimerModel.ANY;
            default -> throw new CliException("--timers must be ordered or any, not '" + a.get("timers", "") + "'");
        };
        boolean setNetwork = switch (a.get("network", "multiset")) {
            case "multiset" -> false;
            case "set" -> true;
            default -> throw new CliException("--network must be multiset or set, not '" + a.get("network", "") + "'");
        };
        Goal goal;
        List<Goal> via = new ArrayList<>();
        try {
            goal = a.has("goal") ? Goal.parse(a.get("goal", null)) : null;
            for (String v : a.all("via")) {
                via.add(Goal.parse(v));
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage().replace("bad goal", a.all("via").isEmpty() ? "bad goal" : "bad goal (--goal or --via)"));
        }
        if (a.flag("blocking") && goal == null) {
            throw new CliException("--blocking needs --goal WHO:PATH=VALUE (the decision that may become unreachable)");
        }
        SearchOptions o = SearchOptions.defaults(p)
                .withSize(a.getInt("nodes", p.defaultNodes(), 1, 8), a.getInt("clients", p.defaultClients(), 0, 8))
                .withParams(params)
                .withSeed(a.getLong("seed", 1))
                .withFaults(a.getInt("crashes", 0, 0, 255), a.getInt("drops", 0, 0, 255), a.getInt("duplicates", 0, 0, 255),
                        a.getInt("partitions", 0, 0, 255))
                .withCrashStop(a.flag("crash-stop"))
                .withSetNetwork(setNetwork)
                .withBounds(a.getInt("depth", 0, 0, 1_000_000), seconds(a.get("time", "60s")))
                .withDfs(a.flag("dfs"))
                .withTimers(timers)
                .withGoal(goal, a.flag("blocking"))
                .withCheck(!a.flag("no-check"))
                .withStateKeys(!a.flag("no-state-keys"))
                .withPrefix(prefix(a))
                .withVia(via);
        if (a.has("faults-from-stage")) {
            if (via.isEmpty()) {
                throw new CliException("--faults-from-stage needs --via GOAL (the stages it counts)");
            }
            o = o.withFaultsFrom(a.getInt("faults-from-stage", 1, 1, via.size() + 1));
        }
        return new Parsed(p, o, a.has("trace") ? Path.of(a.get("trace", null)) : null, a.flag("quiet"));
    }

    /** {@code --from-sim 900ms [--from-sim-faults "crash n3@850ms"]}: start from where a simulator run gets to. */
    private static SimPrefix prefix(Args a) {
        if (!a.has("from-sim")) {
            if (a.has("from-sim-faults")) {
                throw new CliException("--from-sim-faults needs --from-sim TIME");
            }
            return null;
        }
        try {
            FaultSchedule f = FaultSchedule.parse(a.get("from-sim-faults", ""));
            return new SimPrefix(FaultSchedule.parseTime(a.get("from-sim", null), "--from-sim"), f);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    private static long seconds(String s) {
        String t = s.endsWith("s") ? s.substring(0, s.length() - 1) : s;
        try {
            double d = Double.parseDouble(t);
            if (d >= 0) {
                return (long) (d * 1000);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new CliException("--time '" + s + "' is not a number of seconds (e.g. 60 or 60s)");
    }

    public static int run(List<String> argv, Registry registry, PrintStream out) {
        Parsed parsed = parse(argv, registry);
        SearchOptions o = parsed.options();
        out.println("search " + parsed.protocol().name() + ": " + o.nodes() + " nodes, " + o.clients() + " clients"
                + (o.params().values().isEmpty() ? "" : ", params " + o.params()) + ", budget crashes=" + o.crashes() + " drops="
                + o.drops() + " duplicates=" + o.duplicates() + " partitions=" + o.partitions() + (o.crashStop() ? " (crash-stop)" : "")
                + ", " + (o.dfs() ? "depth-first" : "breadth-first") + (o.depth() > 0 ? ", depth ≤ " + o.depth() : "")
                + ", timers " + o.timers().name().toLowerCase(Locale.ROOT) + (o.setNetwork() ? ", set network" : "") + (o.goal() != null ? ", goal " + o.goal() : ""));
        if (!o.via().isEmpty()) {
            out.println("staged: breadth-first to --via " + String.join(", then ", o.via().stream().map(Goal::toString).toList())
                    + ", then the search proper (stage " + (o.via().size() + 1) + ") from where the last one holds"
                    + (o.faultsFrom() > 1 ? "; faults from stage " + o.faultsFrom() + " on" : ""));
        }
        SearchResult r = StateSearch.run(parsed.protocol(), o, parsed.quiet() ? null : p -> out.println("  " + p));
        out.println(r.summary());
        for (String stage : r.describeStages(o.prefix() != null)) {
            out.println(stage);
        }
        if (!r.stages().isEmpty() && r.stages().size() == o.via().size() && r.outcome() != SearchResult.Outcome.NOTHING_FOUND) {
            out.println("stage " + (o.via().size() + 1) + ": " + r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " after "
                    + (r.path().size() - r.stagedSteps()) + " steps, a shortest way from stage " + o.via().size()
                    + "'s end; each stage is shortest from where it starts, the whole is not necessarily a shortest counterexample");
        }
        if (o.prefix() != null) {
            out.println("searched from the state the simulator reaches at " + o.prefix() + " (seed " + o.seed() + ", " + r.prefix()
                    + " node inputs): the steps below are the shortest from there, not from the start");
        }
        if (r.outcome() != SearchResult.Outcome.NOTHING_FOUND) {
            out.println(r.outcome() + ": " + r.message() + " after " + r.path().size() + " steps:");
            int k = 0;
            for (Step s : r.path()) {
                out.printf(Locale.ROOT, "  %3d  %s%n", ++k, s.describe());
            }
            if (parsed.trace() != null) {
                writeTrace(parsed, r, out);
            }
        } else {
            out.println("nothing found: " + r.message());
        }
        return r.exitCode();
    }

    private static void writeTrace(Parsed parsed, SearchResult r, PrintStream out) {
        try (TraceWriter w = TraceWriter.toFile(parsed.trace())) {
            Replay.Result replay = Replay.run(parsed.protocol(), parsed.options(), r.path(), List.<TraceListener>of(w));
            out.println("trace written to " + parsed.trace() + " (replayed in the simulator"
                    + (replay.violations().isEmpty() ? ", which saw no checker violation)"
                            : ", which saw: " + replay.violations().stream().map(Violation::toString).findFirst().orElse("") + ")"));
        } catch (IllegalStateException e) {
            out.println("trace not written: " + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new CliException("cannot write --trace " + parsed.trace() + ": " + e.getCause().getMessage());
        }
    }
}
