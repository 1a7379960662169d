package consensuslab.twopc;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Message;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: a simulator with the protocol's checkers and a trace recorder attached. */
final class Runs {

    /** A simulator being driven by a test, with what it has traced and judged. */
    static final class Driven<M extends Message> {
        final Simulator<M> sim;
        final List<TraceEvent> trace = new ArrayList<>();
        final List<Checker> checkers;
        final Atomicity atomicity;
        final BlockingTime blocking;
        final Termination termination;

        Driven(Simulator<M> sim, List<Checker> checkers) {
            this.sim = sim;
            this.checkers = checkers;
            sim.addListener(trace::add);
            for (Checker c : checkers) {
                sim.addListener(c);
            }
            this.atomicity = find(Atomicity.class);
            this.blocking = find(BlockingTime.class);
            this.termination = find(Termination.class);
        }

        private <C> C find(Class<C> type) {
            for (Checker c : checkers) {
                if (type.isInstance(c)) {
                    return type.cast(c);
                }
            }
            return null;
        }

        /** Ends the run: finishes the checkers and returns every violation. */
        List<Violation> finish() {
            List<Violation> out = new ArrayList<>();
            for (Checker c : checkers) {
                c.finish(sim.now());
                out.addAll(c.violations());
            }
            return out;
        }

        String dump() {
            StringBuilder sb = new StringBuilder();
            for (TraceEvent e : trace) {
                sb.append(consensuslab.core.Json.string(e)).append('\n');
            }
            return sb.toString();
        }
    }

    private Runs() {
    }

    static SimRun.Options options(Protocol<?> p, long seed, int nodes, int clients, long until, String params, String faults) {
        return new SimRun.Options(nodes, clients, seed, until, FaultSchedule.parse(faults), Params.parse(params), false, true);
    }

    static <M extends Message> Driven<M> drive(Protocol<M> p, SimRun.Options o) {
        Simulator<M> sim = SimRun.build(p, o);
        return new Driven<>(sim, p.checkers(o.params(), o.nodes(), o.clients()));
    }
}
