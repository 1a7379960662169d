package consensuslab.labs.bench;

import consensuslab.labs.cli.Args;
import consensuslab.labs.cli.CliException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code lab bench sim} and {@code lab bench tcp}: message-rate benchmarks of the two runtimes on
 * the echo protocol with tokens. Prints every run and the medians.
 */
public final class BenchCommand {

    public static final String USAGE = "usage: lab bench sim [--nodes 5] [--tokens 64] [--messages 2000000] [--traced-messages 500000] [--runs 5] [--trace FILE]"
            + " | lab bench tcp [--nodes 3] [--tokens 64] [--seconds 5] [--runs 3] [--base-port 0]"
            + " | lab bench search [--depth 10] [--runs 3] [--time 120] [--param k=v]";

    private BenchCommand() {
    }

    public static int run(List<String> argv, PrintStream out) {
        if (argv.isEmpty()) {
            throw new CliException("bench needs a target: " + USAGE);
        }
        List<String> rest = argv.subList(1, argv.size());
        try {
            switch (argv.get(0)) {
                case "sim":
                    return sim(rest, out);
                case "tcp":
                    return tcp(rest, out);
                case "search":
                    return SearchBench.run(rest, out);
                default:
                    throw new CliException("unknown benchmark '" + argv.get(0) + "'; " + USAGE);
            }
        } catch (UncheckedIOException e) {
            throw new CliException(e.getMessage()); // a trace file that cannot be written, a port in use
        }
    }

    private static int sim(List<String> argv, PrintStream out) {
        Args a = new Args(argv, Set.of("nodes", "tokens", "messages", "traced-messages", "runs", "trace", "seed"), Set.of());
        noPositional(a);
        int nodes = a.getInt("nodes", 5, 2, 99);
        int tokens = a.getInt("tokens", 64, 1, 1_000_000);
        long messages = a.getLong("messages", 2_000_000);
        if (messages < 1) {
            throw new CliException("--messages must be at least 1");
        }
        long tracedMessages = a.getLong("traced-messages", Math.min(messages, 500_000));
        if (tracedMessages < 1) {
            throw new CliException("--traced-messages must be at least 1");
        }
        int runs = a.getInt("runs", 5, 1, 1000);
        long seed = a.getLong("seed", 1);
        Path trace;
        boolean tempTrace = !a.has("trace");
        try {
            trace = tempTrace ? Files.createTempFile("lab-bench", ".jsonl") : Path.of(a.get("trace", null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SimBench b = new SimBench(nodes, tokens, messages);
        SimBench bt = new SimBench(nodes, tokens, tracedMessages);
        out.printf(Locale.ROOT, "bench sim: echo tokens=%d per server, %d servers, latency 1-10ms; %d runs of %d messages untraced and "
                + "%d traced (+2 warm-ups each); rates per wall second and per CPU second of the simulator's thread%n",
                tokens, nodes, runs, messages, tracedMessages);
        try {
            b.untraced(seed); // warm-up: JIT
            b.untraced(seed);
            List<Double> off = new ArrayList<>();
            List<Double> offCpu = new ArrayList<>();
            List<Double> offProc = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                SimBench.Measurement m = b.untraced(seed + i);
                off.add(m.perSecond());
                offCpu.add(m.perCpuSecond());
                offProc.add(m.perProcessCpuSecond());
                out.printf(Locale.ROOT, "  tracing off  run %d: %,d delivered in %.3fs = %,.0f msg/s; per CPU second: %,.0f (thread), %,.0f (JVM)%n",
                        i + 1, m.delivered(), m.nanos() / 1e9, m.perSecond(), m.perCpuSecond(), m.perProcessCpuSecond());
            }
            bt.traced(seed, trace);
            bt.traced(seed, trace);
            List<Double> on = new ArrayList<>();
            List<Double> onCpu = new ArrayList<>();
            List<Double> onProc = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                SimBench.Measurement m = bt.traced(seed + i, trace);
                on.add(m.perSecond());
                onCpu.add(m.perCpuSecond());
                onProc.add(m.perProcessCpuSecond());
                out.printf(Locale.ROOT, "  trace file   run %d: %,d delivered in %.3fs = %,.0f msg/s; per CPU second: %,.0f (thread), %,.0f (JVM);"
                        + " %,d trace bytes%n", i + 1, m.delivered(), m.nanos() / 1e9, m.perSecond(), m.perCpuSecond(), m.perProcessCpuSecond(),
                        m.traceBytes());
            }
            out.printf(Locale.ROOT, "bench sim: medians: tracing off %,.0f msg/s (per CPU second: %,.0f thread, %,.0f JVM); writing the "
                    + "JSON-lines trace %,.0f msg/s (per CPU second: %,.0f thread, %,.0f JVM)%n", median(off), median(offCpu), median(offProc),
                    median(on), median(onCpu), median(onProc));
        } finally {
            if (tempTrace) {
                try {
                    Files.deleteIfExists(trace);
                } catch (IOException ignored) {
                    // a temp file; nothing to do
                }
            }
        }
        return 0;
    }

    private static int tcp(List<String> argv, PrintStream out) {
        Args a = new Args(argv, Set.of("nodes", "tokens", "seconds", "runs", "base-port"), Set.of());
        noPositional(a);
        int nodes = a.getInt("nodes", 3, 2, 99);
        int tokens = a.getInt("tokens", 64, 1, 1_000_000);
        int seconds = a.getInt("seconds", 5, 1, 3600);
        int runs = a.getInt("runs", 3, 1, 100);
        int basePort = a.getInt("base-port", 0, 0, 65535);
        out.printf(Locale.ROOT, "bench tcp: echo tokens=%d per server, %d servers on 127.0.0.1, tracing off, %ds per run, %d runs (+1 warm-up)%n",
                tokens, nodes, seconds, runs);
        TcpBench.run(nodes, tokens, Math.min(5000, seconds * 1000L), basePort); // warm-up: JIT
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            TcpBench.Measurement m = TcpBench.run(nodes, tokens, seconds * 1000L, basePort);
            rates.add(m.perSecond());
            out.printf(Locale.ROOT, "  run %d: %,d delivered in %.3fs = %,.0f msg/s%n", i + 1, m.delivered(), m.nanos() / 1e9,
                    m.perSecond());
        }
        out.printf(Locale.ROOT, "bench tcp: median %,.0f msg/s%n", median(rates));
        return 0;
    }

    private static void noPositional(Args a) {
        if (!a.positional().isEmpty()) {
            throw new CliException("unexpected argument '" + a.positional().get(0) + "'");
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
