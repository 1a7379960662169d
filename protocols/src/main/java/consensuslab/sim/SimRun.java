package consensuslab.sim;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Message;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.faults.FaultSchedule;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.List;

/**
 * One complete simulated run of a registered protocol with its checkers: what {@code bin/lab sim},
 * the property runner and scenario tests all call, so they agree on what a seed means.
 */
public final class SimRun {

    /**
     * @param nodes   servers
     * @param clients clients
     * @param seed    the run's seed
     * @param until   virtual ms to run
     * @param faults  the fault schedule
     * @param params  protocol parameters
     * @param torn    torn writes on crash
     * @param check   attach the protocol's checkers
     */
    public record Options(int nodes, int clients, long seed, long until, FaultSchedule faults, Params params, boolean torn,
                          boolean check) {
        public static Options defaults(Protocol<?> p, long seed) {
            return new Options(p.defaultNodes(), p.defaultClients(), seed, p.defaultUntil(), FaultSchedule.NONE, Params.EMPTY, false, true);
        }

        public Options withFaults(FaultSchedule f) {
            return new Options(nodes, clients, seed, until, f, params, torn, check);
        }

        public Options withParams(Params p) {
            return new Options(nodes, clients, seed, until, faults, p, torn, check);
        }

        public Options withSeed(long s) {
            return new Options(nodes, clients, s, until, faults, params, torn, check);
        }

        public Options withUntil(long u) {
            return new Options(nodes, clients, seed, u, faults, params, torn, check);
        }

        public Options withSize(int n, int c) {
            return new Options(n, c, seed, until, faults, params, torn, check);
        }
    }

    /** What a run produced. */
    public record Result(SimStats stats, List<Violation> violations, long wallMs) {
        public boolean ok() {
            return violations.isEmpty();
        }
    }

    private SimRun() {
    }

    /** Builds the simulator for a run (checkers not attached): for step-by-step use. */
    public static <M extends Message> Simulator<M> build(Protocol<M> p, Options o) {
        SimConfig cfg = new SimConfig(o.seed(), o.nodes(), o.clients(), p.linkKind(), o.params(), o.faults(), 1, 10, o.torn());
        return new Simulator<>(cfg, p.factory(o.params()));
    }

    /** Runs to {@code o.until()} with the protocol's checkers and the given extra listeners. */
    public static <M extends Message> Result run(Protocol<M> p, Options o, List<TraceListener> extra) {
        long t0 = System.nanoTime();
        Simulator<M> sim = build(p, o);
        List<Checker> checkers = o.check() ? p.checkers(o.params(), o.nodes(), o.clients()) : List.of();
        List<TraceListener> all = new ArrayList<>(extra);
        all.addAll(checkers);
        for (TraceListener l : all) {
            sim.addListener(l);
        }
        sim.note("run protocol=" + p.name() + " nodes=" + o.nodes() + " clients=" + o.clients() + " seed=" + o.seed()
                + (o.params().values().isEmpty() ? "" : " params=" + o.params())
                + (o.faults().faults().isEmpty() ? "" : " faults=" + o.faults()));
        sim.runUntil(o.until());
        List<Violation> violations = new ArrayList<>();
        for (Checker c : checkers) {
            c.finish(sim.now());
            violations.addAll(c.violations());
        }
        return new Result(sim.stats(), violations, (System.nanoTime() - t0) / 1_000_000);
    }

}
