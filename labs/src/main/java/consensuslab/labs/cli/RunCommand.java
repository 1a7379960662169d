package consensuslab.labs.cli;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Registry;
import consensuslab.net.ClusterSpec;
import consensuslab.net.TcpRuntime;
import consensuslab.net.TcpStats;
import consensuslab.net.TraceServer;
import consensuslab.core.Message;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.trace.TraceWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code lab run}: runs this process's share of a TCP cluster for a bounded time, e.g.
 * {@code bin/lab run --protocol echo --nodes 3 --clients 2 --base-port 7100 --seconds 5 --only n1,n2}.
 * Prints one summary line (plus one line per violation); exit 0 if every checker passed, 1 on a
 * violation or protocol error, 2 on bad input.
 */
public final class RunCommand {

    static final Set<String> VALUED = Set.of("protocol", "nodes", "clients", "seed", "base-port", "host", "cluster", "seconds", "only",
            "data", "trace", "trace-port", "trace-host", "param");
    static final Set<String> FLAGS = Set.of("no-check");

    private RunCommand() {
    }

    /** A parsed {@code lab run} command line. */
    public record Parsed(Protocol<?> protocol, ClusterSpec cluster, List<NodeId> only, long seed, long millis, Params params,
                         Path data, Path trace, Integer tracePort, String traceHost, boolean check) {
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
        String host = a.get("host", "127.0.0.1");
        ClusterSpec cluster;
        try {
            if (a.has("cluster")) {
                if (a.has("nodes") || a.has("clients") || a.has("base-port")) {
                    throw new CliException("--cluster names every node and port: leave out --nodes, --clients and --base-port");
                }
                cluster = ClusterSpec.parse(a.get("cluster", null));
            } else {
                int nodes = a.getInt("nodes", p.defaultNodes(), 1, 99);
                int clients = a.getInt("clients", p.defaultClients(), 0, 99);
                int base = a.getInt("base-port", 7100, 1, 65535);
                cluster = ClusterSpec.local(nodes, clients, host, base);
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        List<NodeId> only = cluster.nodes();
        if (a.has("only")) {
            Set<NodeId> picked = new TreeSet<>();
            for (String s : a.get("only", "").split(",")) {
                NodeId n;
                try {
                    n = NodeId.of(s.trim());
                } catch (IllegalArgumentException e) {
                    throw new CliException("--only: " + e.getMessage());
                }
                if (!cluster.contains(n)) {
                    throw new CliException("--only names " + n + ", which is not in the cluster (" + String.join(",",
                            cluster.nodes().stream().map(NodeId::name).toList()) + ")");
                }
                picked.add(n);
            }
            only = List.copyOf(picked);
        }
        long millis = seconds(a.get("seconds", "5"));
        Params params;
        try {
            params = Params.parse(a.get("param", ""));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        Integer tracePort = a.has("trace-port") ? a.getInt("trace-port", 0, 0, 65535) : null;
        return new Parsed(p, cluster, only, a.getLong("seed", 1), millis, params,
                a.has("data") ? Path.of(a.get("data", null)) : null,
                a.has("trace") ? Path.of(a.get("trace", null)) : null,
                tracePort, a.get("trace-host", "127.0.0.1"), !a.flag("no-check"));
    }

    private static long seconds(String s) {
        try {
            double d = Double.parseDouble(s);
            if (!(d > 0) || d > 86_400) {
                throw new CliException("--seconds " + s + " must be more than 0 and at most 86400");
            }
            return Math.round(d * 1000);
        } catch (NumberFormatException e) {
            throw new CliException("--seconds '" + s + "' is not a number of seconds");
        }
    }

    /** What a run produced. */
    public record Result(TcpStats stats, List<Violation> violations, List<String> errors, long wallMs) {
        public boolean ok() {
            return violations.isEmpty() && errors.isEmpty();
        }
    }

    /** Runs {@code lab run}; returns the exit code. */
    public static int run(List<String> argv, Registry registry, PrintStream out) {
        Parsed parsed = parse(argv, registry);
        TraceServer server = null;
        if (parsed.tracePort() != null) {
            try {
                server = new TraceServer(parsed.traceHost(), parsed.tracePort(), 100_000, 100_000);
            } catch (IOException e) {
                throw new CliException(e.getMessage());
            }
            out.println("lab run: serving the trace on " + parsed.traceHost() + ":" + server.port());
            out.flush();
        }
        TraceWriter writer = null;
        try {
            if (parsed.trace() != null) {
                writer = SimCommand.openTrace(parsed.trace());
            }
            Result r = execute(parsed, writer, server);
            out.println(summary(parsed, r));
            for (Violation v : r.violations()) {
                out.println("VIOLATION " + v);
            }
            for (String e : r.errors()) {
                out.println("ERROR " + e);
            }
            return r.ok() ? 0 : 1;
        } finally {
            if (writer != null) {
                writer.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    /** Runs the nodes of {@code parsed.only()} for {@code parsed.millis()} with the protocol's checkers. */
    public static Result execute(Parsed parsed, TraceWriter writer, TraceServer server) {
        return execute(parsed.protocol(), parsed, writer, server);
    }

    private static <M extends Message> Result execute(Protocol<M> p, Parsed o, TraceWriter writer, TraceServer server) {
        long t0 = System.nanoTime();
        List<Checker> checkers = o.check() ? p.checkers(o.params(), o.cluster().servers().size(), o.cluster().clients().size()) : List.of();
        TcpRuntime<M> runtime;
        try {
            runtime = new TcpRuntime<>(p, o.cluster(), o.params(), o.seed(), o.data());
        } catch (UncheckedIOException e) {
            throw new CliException(e.getMessage());
        }
        try (TcpRuntime<M> rt = runtime) {
            if (writer != null) {
                rt.addListener(writer);
            }
            if (server != null) {
                rt.addListener(server);
            }
            for (Checker c : checkers) {
                rt.addListener(c);
            }
            rt.note("run protocol=" + p.name() + " transport=tcp nodes=" + o.cluster().servers().size() + " clients="
                    + o.cluster().clients().size() + " seed=" + o.seed() + " here=" + names(o.only())
                    + (o.params().values().isEmpty() ? "" : " params=" + o.params()));
            try {
                rt.start(o.only());
            } catch (UncheckedIOException e) {
                throw new CliException(e.getMessage());
            }
            // Ctrl-C (or a kill) ends the run early: stop the nodes and finish the trace so that
            // what was written is whole.
            Thread hook = new Thread(() -> {
                rt.close();
                if (writer != null) {
                    writer.close();
                }
                if (server != null) {
                    server.close();
                }
                TcpStats s = rt.stats();
                System.err.println("lab run: interrupted after " + (System.nanoTime() - t0) / 1_000_000 + "ms (" + s.sent() + " sent, "
                        + s.delivered() + " delivered, " + s.dropped() + " dropped); the trace is complete up to here");
            }, "lab-run-interrupted");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                Thread.sleep(o.millis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to
            }
            rt.stopAll();
            List<Violation> violations = new ArrayList<>();
            long end = System.currentTimeMillis();
            for (Checker c : checkers) {
                c.finish(end);
                violations.addAll(c.violations());
            }
            return new Result(rt.stats(), violations, rt.errors(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static String names(List<NodeId> ids) {
        return String.join(",", ids.stream().map(NodeId::name).toList());
    }

    /** The one-line summary, in the shape of {@code lab sim}'s. */
    public static String summary(Parsed o, Result r) {
        TcpStats s = r.stats();
        String where = o.only().size() == o.cluster().nodes().size() ? "all " + o.only().size() + " nodes"
                : names(o.only()) + " of " + o.cluster().nodes().size() + " nodes";
        return String.format(Locale.ROOT, "%s: tcp %s, %d events, %d sent, %d delivered, %d dropped, %d link-downs, wall %dms, %s",
                o.protocol().name(), where, s.events(), s.sent(), s.delivered(), s.dropped(), s.linkDowns(), r.wallMs(),
                !r.errors().isEmpty() ? r.errors().size() + " protocol error(s)"
                        : r.violations().isEmpty() ? (o.check() ? "checks ok" : "not checked") : r.violations().size() + " violation(s)");
    }
}
