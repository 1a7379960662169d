package consensuslab.search;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Json;
import consensuslab.core.Message;
import consensuslab.core.Protocol;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a search path in the simulator: the same nodes, seeded the same way, with each step chosen
 * by hand ({@link Simulator#deliverMessage}, {@link Simulator#fireTimer}, crash, partition...). The
 * trace it writes is an ordinary simulator trace, so the visualizer opens it and steps it, and the
 * protocol's checkers judge it as they judge any run.
 */
public final class Replay {

    /** What the simulator saw: its checkers' violations and the virtual time at the end. */
    public record Result(List<Violation> violations, long endTime) {
    }

    private Replay() {
    }

    /**
     * Replays {@code steps} from the initial state of the configuration {@code o} describes (with a
     * {@link SimPrefix}: from where the simulator's own run of the prefix ends), with the
     * protocol's checkers and the given listeners (a {@code TraceWriter} for a trace file).
     *
     * @throws IllegalStateException if the simulator cannot take a step (the two disagree)
     */
    public static <M extends Message> Result run(Protocol<M> p, SearchOptions o, List<Step> steps, List<TraceListener> listeners) {
        List<Checker> checkers = o.check() ? p.checkers(o.params(), o.nodes(), o.clients()) : List.of();
        Simulator<M> sim;
        if (o.prefix() != null) {
            // the simulator's own run to the search's initial state, then the search's steps by hand
            List<TraceListener> all = new ArrayList<>(listeners);
            all.addAll(checkers);
            sim = o.prefix().simulate(p, o, all);
            sim.note("search steps=" + steps.size() + " from here");
        } else {
            sim = SimRun.build(p, new SimRun.Options(o.nodes(), o.clients(), o.seed(), 0, FaultSchedule.NONE, o.params(), false, true));
            for (TraceListener l : listeners) {
                sim.addListener(l);
            }
            for (Checker c : checkers) {
                sim.addListener(c);
            }
            sim.note("run protocol=" + p.name() + " nodes=" + o.nodes() + " clients=" + o.clients() + " seed=" + o.seed()
                    + (o.params().values().isEmpty() ? "" : " params=" + o.params()) + " source=search steps=" + steps.size());
            for (int i = 0; i < o.nodes() + o.clients(); i++) {
                sim.step(); // every node's start, as in the search's initial state
            }
        }
        int k = 0;
        for (Step s : steps) {
            k++;
            if (!take(sim, s)) {
                throw new IllegalStateException("the simulator cannot take step " + k + " (" + s.describe() + ")");
            }
        }
        List<Violation> violations = new ArrayList<>();
        for (Checker c : checkers) {
            violations.addAll(c.violations());
        }
        return new Result(violations, sim.now());
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message> boolean take(Simulator<M> sim, Step s) {
        if (s instanceof Step.Deliver d) {
            return sim.deliverMessage(d.from(), d.to(), (M) d.msg());
        } else if (s instanceof Step.Fire f) {
            return sim.fireTimer(f.node(), f.timer());
        } else if (s instanceof Step.LinkDown l) {
            return sim.deliverLinkDown(l.node(), l.peer());
        } else if (s instanceof Step.Crash c) {
            sim.crash(c.node());
            return true;
        } else if (s instanceof Step.Restart r) {
            sim.restart(r.node());
            return true;
        } else if (s instanceof Step.Drop d) {
            return sim.dropMessage(d.from(), d.to(), (M) d.msg(), "search");
        } else if (s instanceof Step.Duplicate d) {
            return sim.duplicateMessage(d.from(), d.to(), (M) d.msg());
        } else if (s instanceof Step.Partition p) {
            sim.partition(p.groups());
            for (Step.Deliver lost : p.lost()) {
                sim.dropMessage(lost.from(), lost.to(), (M) lost.msg(), "partition");
            }
            return true;
        } else if (s instanceof Step.Heal) {
            sim.heal();
            return true;
        }
        throw new IllegalArgumentException("unknown step " + s);
    }

    /** A message or timer as one line of JSON (its {@code type} first). */
    static String show(Object payload) {
        return payload == null ? "-" : Json.string(payload);
    }
}
