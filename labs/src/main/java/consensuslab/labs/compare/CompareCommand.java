package consensuslab.labs.compare;

import consensuslab.labs.cli.Args;
import consensuslab.labs.cli.CliException;
import consensuslab.core.Registry;
import consensuslab.core.Json;
import consensuslab.faults.FaultSchedule;
import consensuslab.faults.FaultSyntaxException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/lab compare --protocols 2pc,3pc,paxos,multipaxos,zab --scenario NAME --seeds 1..100 [--nodes 5]
 * [--clients 3] [--think 100ms] [--until 8s] [--faults "..."] [--out DIR] [--threads N] [--no-plots]}, and
 * {@code bin/lab compare --list}. Prints a progress bar on stderr and the table on stdout; writes
 * results.json, results.csv and the PNG plots into the output folder (docs/COMPARISON.md).
 */
public final class CompareCommand {

    static final Set<String> VALUED = Set.of("protocols", "scenario", "seeds", "nodes", "clients", "think", "until", "faults", "out",
            "threads");
    static final Set<String> FLAGS = Set.of("list", "no-plots", "markdown");
    static final String USAGE = "usage: lab compare [--protocols 2pc,3pc,paxos,multipaxos,zab] [--scenario NAME | --faults \"...\"]"
            + " [--seeds 1..20] [--nodes 5] [--clients 3] [--think 100ms] [--until 8s] [--out DIR] [--threads N] [--no-plots] | lab compare --list";

    private static final Pattern SEEDS = Pattern.compile("(\\d{1,12})(?:\\.\\.(\\d{1,12}))?");

    private CompareCommand() {
    }

    /** A parsed command line. */
    record Parsed(Comparison.Plan plan, Path out, int threads, boolean plots, boolean markdown) {
    }

    static Parsed parse(List<String> argv, Registry registry) {
        Args a = new Args(argv, VALUED, FLAGS);
        if (!a.positional().isEmpty()) {
            throw new CliException("unexpected argument '" + a.positional().get(0) + "'; " + USAGE);
        }
        List<String> protocols = new ArrayList<>();
        for (String p : a.get("protocols", String.join(",", Workload.PROTOCOLS)).split(",")) {
            String name = p.trim();
            if (!Workload.PROTOCOLS.contains(name)) {
                throw new CliException("unknown protocol '" + name + "' (compare knows: " + String.join(", ", Workload.PROTOCOLS) + ")");
            }
            if (protocols.contains(name)) {
                throw new CliException("protocol '" + name + "' named twice in --protocols");
            }
            protocols.add(name);
        }
        if (a.has("scenario") && a.has("faults")) {
            throw new CliException("give --scenario or --faults, not both");
        }
        Scenario scenario = a.has("faults") ? Scenario.custom(a.get("faults", "")) : Scenario.named(a.get("scenario", "none"));
        long[] seeds = seeds(a.get("seeds", "1..20"));
        int nodes = a.getInt("nodes", 5, 3, 9);
        Workload d = Workload.DEFAULT;
        Workload w = new Workload(a.getInt("clients", d.clients(), 1, 20), d.ops(), time(a, "think", d.think()), time(a, "until", d.untilMs()));
        if (w.untilMs() < RunMetrics.BUCKET) {
            throw new CliException("--until must be at least " + RunMetrics.BUCKET + "ms");
        }
        for (String pr : protocols) {
            scenario.schedule(pr).validate(nodes, w.clients());
        }
        int threads = a.getInt("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
        Path out = Path.of(a.get("out", "lab-compare/" + scenario.name()));
        Comparison.Plan plan = new Comparison.Plan(List.copyOf(protocols), scenario, seeds[0], seeds[1], nodes, w);
        return new Parsed(plan, out, threads, !a.flag("no-plots"), a.flag("markdown"));
    }

    /** "1..100" or "7". */
    static long[] seeds(String spec) {
        Matcher m = SEEDS.matcher(spec.trim());
        if (!m.matches()) {
            throw new CliException("malformed seed range '" + spec + "' (use FIRST..LAST, e.g. 1..100, or one seed)");
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2) == null ? first : Long.parseLong(m.group(2));
        if (last < first) {
            throw new CliException("malformed seed range '" + spec + "': " + last + " comes before " + first);
        }
        if (last - first >= 10_000) {
            throw new CliException("seed range '" + spec + "' holds more than 10000 seeds");
        }
        return new long[] {first, last};
    }

    private static long time(Args a, String name, long dflt) {
        if (!a.has(name)) {
            return dflt;
        }
        String s = a.get(name, "");
        try {
            return FaultSchedule.parseTime(s, "--" + name + " " + s);
        } catch (FaultSyntaxException e) {
            throw new CliException("--" + name + " '" + s + "' is not a time (use 250ms, 10s or 1.5s)");
        }
    }

    /** Runs {@code lab compare}; returns the exit code (0, or 2 on bad input). */
    public static int run(List<String> argv, Registry registry, PrintStream out, PrintStream err) {
        try {
            if (argv.contains("--list")) {
                for (Scenario s : Scenario.PRESETS) {
                    out.printf("%-19s %s%n%-19s   faults: %s%n", s.name(), s.story(), "", s.faults().isEmpty() ? "(none)" : s.faults());
                    s.only().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                            .forEach(e -> out.printf("%-19s   %s: %s%n", "", e.getKey(), e.getValue()));
                }
                return 0;
            }
            Parsed p = parse(argv, registry);
            Progress bar = new Progress(err, p.plan().runs());
            Results r = Comparison.run(p.plan(), registry, p.threads(), bar::update);
            bar.done();
            r.write(p.out());
            if (p.plots()) {
                Plots.write(r, p.out());
            }
            out.println("scenario " + r.scenario() + (r.faults().isEmpty() ? "" : " (" + r.faults() + ")") + ", seeds " + r.seeds()
                    + ", " + r.nodes() + " servers, " + r.clients() + " clients; medians over seeds");
            out.print(p.markdown() ? r.markdown() : r.table());
            for (Results.ProtocolResult pr : r.protocols()) {
                for (Results.ViolationReport v : pr.violationReports().stream().limit(3).toList()) {
                    out.println("VIOLATION " + pr.protocol() + " seed " + v.seed() + " " + v.checker() + ": " + v.message());
                    out.println("  replay: " + v.replay());
                }
                if (pr.violationReports().size() > 3) {
                    out.println("  ... " + (pr.violationReports().size() - 3) + " more for " + pr.protocol() + " in results.json");
                }
            }
            out.println("wrote " + p.out().resolve("results.json") + ", results.csv" + (p.plots() ? " and plots" : ""));
            return 0;
        } catch (CliException | FaultSyntaxException e) {
            err.println("lab: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("lab: " + Json.firstLine(e));
            return 2;
        }
    }

    /** A one-line progress bar on stderr, redrawn in place. */
    static final class Progress {
        private final PrintStream err;
        private final int total;
        private int shown = -1;

        Progress(PrintStream err, int total) {
            this.err = err;
            this.total = total;
        }

        synchronized void update(int done) {
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            if (filled == shown && done != total) {
                return;
            }
            shown = filled;
            err.print("\rcompare [" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + done + "/" + total + " runs");
            err.flush();
        }

        synchronized void done() {
            err.println();
        }
    }
}
