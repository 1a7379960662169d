package consensuslab.labs.bench;

import consensuslab.core.LinkKind;
import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.echo.EchoMessage;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimConfig;
import consensuslab.sim.Simulator;
import consensuslab.trace.TraceWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How fast the simulator delivers messages: the echo protocol with {@code tokens=K}, where every
 * server keeps K tokens hopping between random peers, run flat out on the calling thread. One
 * measurement builds a fresh simulator and runs it until {@code messages} have been delivered.
 */
public final class SimBench {

    /**
     * @param delivered messages delivered in the measured run
     * @param nanos     wall time of the run
     * @param cpuNanos  CPU time of the running thread (user + system, so writing the trace counts)
     * @param processCpuNanos CPU time of the whole JVM during the run (includes GC and JIT threads)
     * @param traceBytes size of the trace written (0 with tracing off)
     */
    public record Measurement(long delivered, long nanos, long cpuNanos, long processCpuNanos, long traceBytes) {
        /** Deliveries per second of wall time. */
        public double perSecond() {
            return delivered * 1e9 / nanos;
        }

        /** Deliveries per second of this thread's CPU time (user + system): robust to a busy machine. */
        public double perCpuSecond() {
            return cpuNanos <= 0 ? perSecond() : delivered * 1e9 / cpuNanos;
        }

        /**
         * Deliveries per second of the whole JVM's CPU time over the run (this thread plus garbage
         * collection and JIT threads): what one core would manage if it had to do all of it.
         */
        public double perProcessCpuSecond() {
            return processCpuNanos <= 0 ? perSecond() : delivered * 1e9 / processCpuNanos;
        }
    }

    private final int nodes;
    private final int tokens;
    private final long messages;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public SimBench(int nodes, int tokens, long messages) {
        if (nodes < 2) {
            throw new IllegalArgumentException("the benchmark needs at least 2 nodes, not " + nodes);
        }
        if (tokens < 1) {
            throw new IllegalArgumentException("the benchmark needs at least 1 token per server, not " + tokens);
        }
        if (messages < 1) {
            throw new IllegalArgumentException("the benchmark needs at least 1 message, not " + messages);
        }
        this.nodes = nodes;
        this.tokens = tokens;
        this.messages = messages;
    }

    /** A fresh simulator for one measurement: echo servers only, no clients, latency 1-10 ms, no faults. */
    public Simulator<EchoMessage> simulator(long seed) {
        SimConfig cfg = new SimConfig(seed, nodes, 0, LinkKind.DATAGRAM, Params.EMPTY.with("tokens", tokens),
                FaultSchedule.NONE, 1, 10, false);
        return new Simulator<>(cfg, new Echo().factory(cfg.params()));
    }

    /** Runs with no trace listener (tracing off). */
    public Measurement untraced(long seed) {
        Simulator<EchoMessage> sim = simulator(seed);
        long c0 = cpu();
        long p0 = processCpu();
        long t0 = System.nanoTime();
        runToTarget(sim);
        long t = System.nanoTime() - t0;
        return new Measurement(sim.stats().delivered(), t, cpu() - c0, processCpu() - p0, 0);
    }

    /** Runs while a {@link TraceWriter} writes every event to {@code file} as JSON lines. */
    public Measurement traced(long seed, Path file) {
        Simulator<EchoMessage> sim = simulator(seed);
        long c0 = cpu();
        long p0 = processCpu();
        long t0 = System.nanoTime();
        try (TraceWriter w = TraceWriter.toFile(file)) {
            sim.addListener(w);
            runToTarget(sim);
        }
        long t = System.nanoTime() - t0;
        long c = cpu() - c0;
        long p = processCpu() - p0;
        try {
            return new Measurement(sim.stats().delivered(), t, c, p, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long cpu() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    private static long processCpu() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private void runToTarget(Simulator<EchoMessage> sim) {
        // Each step is one delivery once the tokens are out (the servers set no timers), so step in
        // chunks and stop as soon as the target is reached.
        while (sim.stats().delivered() < messages) {
            long left = messages - sim.stats().delivered();
            if (sim.runSteps(Math.min(left, 65_536)) == 0) {
                throw new IllegalStateException("the simulator ran out of events after "
                        + sim.stats().delivered() + " deliveries");
            }
        }
    }
}
