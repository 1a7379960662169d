package consensuslab.labs.compare;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Registry;
import consensuslab.core.Message;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs the same workload and fault schedule against several protocols over a range of seeds, in
 * parallel, and folds each protocol's runs into medians and spreads. The result depends only on the
 * inputs, never on thread timing: runs are collected in (protocol, seed) order.
 */
public final class Comparison {

    /** Checkers that judge liveness under the protocol's own assumptions; compare reports safety only. */
    static final Set<String> LIVENESS = Set.of("termination", "blocking-time", "liveness", "eventually-serving");

    /** What to run. */
    public record Plan(List<String> protocols, Scenario scenario, long firstSeed, long lastSeed, int nodes, Workload workload) {
        public List<Long> seeds() {
            List<Long> s = new ArrayList<>();
            for (long i = firstSeed; i <= lastSeed; i++) {
                s.add(i);
            }
            return s;
        }

        public int runs() {
            return protocols.size() * (int) (lastSeed - firstSeed + 1);
        }

        /** The {@code bin/lab sim} command that replays one run byte for byte. */
        public String replay(String protocol, long seed) {
            FaultSchedule f = scenario.schedule(protocol);
            return "bin/lab sim --protocol " + Workload.registered(protocol) + " --nodes " + nodes + " --clients "
                    + workload.clients() + " --seed " + seed + " --until " + workload.untilMs() + "ms --param "
                    + workload.params(protocol) + (f.faults().isEmpty() ? "" : " --faults \"" + f + "\"");
        }
    }

    /** One run's figures. */
    public record Run(String protocol, long seed, RunMetrics metrics, List<Violation> violations) {
    }

    private Comparison() {
    }

    /** Runs every (protocol, seed) on {@code threads} threads; {@code progress} hears the count of finished runs. */
    public static Results run(Plan plan, Registry registry, int threads, IntConsumer progress) {
        for (String p : plan.protocols()) {
            registry.get(Workload.registered(p)); // unknown names fail before anything runs
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "compare");
            t.setDaemon(true);
            return t;
        });
        int[] done = {0};
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (String p : plan.protocols()) {
                for (long seed : plan.seeds()) {
                    futures.add(pool.submit(() -> {
                        Run r = runOne(registry.get(Workload.registered(p)), p, seed, plan);
                        synchronized (done) {
                            progress.accept(++done[0]);
                        }
                        return r;
                    }));
                }
            }
            Map<String, List<Run>> byProtocol = new LinkedHashMap<>();
            for (Future<Run> f : futures) {
                Run r = f.get();
                byProtocol.computeIfAbsent(r.protocol(), k -> new ArrayList<>()).add(r);
            }
            return Results.of(plan, byProtocol);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    static <M extends Message> Run runOne(Protocol<M> protocol, String name, long seed, Plan plan) {
        Workload w = plan.workload();
        Params params = w.params(name);
        SimRun.Options o = new SimRun.Options(plan.nodes(), w.clients(), seed, w.untilMs(), plan.scenario().schedule(name), params,
                false, true);
        RunMetrics m = new RunMetrics();
        SimRun.Result r = SimRun.run(protocol, o, List.of(m));
        m.finish(w.untilMs());
        List<Violation> safety = r.violations().stream().filter(v -> !LIVENESS.contains(v.checker())).toList();
        return new Run(name, seed, m, safety);
    }

    // ---- statistics -----------------------------------------------------------------------

    /** The median of the values that are numbers (NaN when there are none). */
    static double median(double[] xs) {
        double[] v = Arrays.stream(xs).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double min(double[] xs) {
        return Arrays.stream(xs).filter(x -> !Double.isNaN(x)).min().orElse(Double.NaN);
    }

    static double max(double[] xs) {
        return Arrays.stream(xs).filter(x -> !Double.isNaN(x)).max().orElse(Double.NaN);
    }

    /** Two decimals, as a boxed value; null for NaN (JSON has no NaN). */
    static Double round(double x) {
        return Double.isNaN(x) ? null : Math.round(x * 100) / 100.0;
    }

    static String fmt(Double x) {
        if (x == null) {
            return "-";
        }
        return x == Math.rint(x) && Math.abs(x) < 1e12 ? Long.toString((long) (double) x) : String.format(Locale.ROOT, "%.2f", x);
    }

    /** For tests: the checkers a protocol brings (liveness ones included). */
    static List<String> checkerNames(Protocol<?> p, int nodes, int clients) {
        return p.checkers(Params.EMPTY, nodes, clients).stream().map(Checker::name).toList();
    }
}
