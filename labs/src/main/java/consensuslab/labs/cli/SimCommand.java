package consensuslab.labs.cli;

import consensuslab.core.Registry;
import consensuslab.check.Violation;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.faults.FaultSchedule;
import consensuslab.faults.FaultSyntaxException;
import consensuslab.sim.ProtocolException;
import consensuslab.sim.SimRun;
import consensuslab.sim.SimStats;
import consensuslab.trace.TraceListener;
import consensuslab.trace.TraceWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code lab sim}: one simulated run of a registered protocol with its checkers, e.g.
 * {@code bin/lab sim --protocol echo --nodes 3 --seed 7 --until 10s --faults "crash n2@3s; restart n2@4s" --trace run.jsonl}.
 * Prints one summary line; exit 0 if every checker passed, 1 on a violation, 2 on bad input.
 */
public final class SimCommand {

    static final Set<String> VALUED = Set.of("protocol", "nodes", "clients", "seed", "until", "faults", "param", "trace");
    static final Set<String> FLAGS = Set.of("torn", "no-check");

    private SimCommand() {
    }

    /** Parses the options of {@code lab sim} into a protocol and run options. */
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
        int nodes = a.getInt("nodes", p.defaultNodes(), 1, 99);
        int clients = a.getInt("clients", p.defaultClients(), 0, 99);
        long seed = a.getLong("seed", 1);
        long until = a.has("until") ? time(a.get("until", null)) : p.defaultUntil();
        FaultSchedule faults = FaultSchedule.parse(a.get("faults", ""));
        faults.validate(nodes, clients);
        Params params;
        try {
            params = Params.parse(a.get("param", ""));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        SimRun.Options o = new SimRun.Options(nodes, clients, seed, until, faults, params, a.flag("torn"), !a.flag("no-check"));
        return new Parsed(p, o, a.has("trace") ? Path.of(a.get("trace", null)) : null);
    }

    private static long time(String s) {
        try {
            return FaultSchedule.parseTime(s, "--until " + s);
        } catch (FaultSyntaxException e) {
            throw new CliException("--until '" + s + "' is not a time (use 250ms, 10s or 1.5s)");
        }
    }

    /** A parsed {@code lab sim} command line. */
    public record Parsed(Protocol<?> protocol, SimRun.Options options, Path trace) {
    }

    /** Runs {@code lab sim}; returns the exit code. */
    public static int run(List<String> argv, Registry registry, PrintStream out) {
        Parsed parsed = parse(argv, registry);
        List<TraceListener> listeners = new ArrayList<>();
        TraceWriter writer = parsed.trace() == null ? null : openTrace(parsed.trace());
        if (writer != null) {
            listeners.add(writer);
        }
        SimRun.Result r;
        try {
            r = SimRun.run(parsed.protocol(), parsed.options(), listeners);
        } catch (ProtocolException e) {
            out.println(parsed.protocol().name() + ": protocol error: " + e.getMessage());
            return 1;
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
        out.println(summary(parsed.protocol().name(), r));
        for (Violation v : r.violations()) {
            out.println("VIOLATION " + v);
        }
        return r.ok() ? 0 : 1;
    }

    /**
     * Opens {@code --trace FILE}; a path that cannot be written is a {@link CliException} naming it
     * and why (one line, exit 2), never a stack trace.
     */
    static TraceWriter openTrace(Path file) {
        try {
            return TraceWriter.toFile(file);
        } catch (java.io.UncheckedIOException e) {
            java.io.IOException cause = e.getCause();
            String why;
            if (cause instanceof java.nio.file.NoSuchFileException) {
                why = "no such directory " + (file.toAbsolutePath().getParent() == null ? file : file.toAbsolutePath().getParent());
            } else if (cause instanceof java.nio.file.AccessDeniedException) {
                why = "permission denied";
            } else if (cause instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
                why = fse.getReason().toLowerCase(java.util.Locale.ROOT);
            } else {
                why = String.valueOf(cause.getMessage());
            }
            throw new CliException("cannot write --trace " + file + ": " + why);
        }
    }

    /** The one-line summary of a run. */
    public static String summary(String protocol, SimRun.Result r) {
        SimStats s = r.stats();
        return String.format(Locale.ROOT, "%s: %d events, %d sent, %d delivered, %d dropped, %d duplicated, virtual %.3fs, wall %dms, %s",
                protocol, s.events(), s.sent(), s.delivered(), s.dropped(), s.duplicated(), s.virtualTime() / 1000.0, r.wallMs(),
                r.ok() ? "checks ok" : r.violations().size() + " violation(s)");
    }
}
