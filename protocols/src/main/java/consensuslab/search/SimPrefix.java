package consensuslab.search;

import consensuslab.core.Message;
import consensuslab.core.NodeId;
import consensuslab.core.Protocol;
import consensuslab.core.Timer;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.List;

/**
 * "Search from a reached state" ({@code --from-sim}): a deterministic simulator run with the
 * search's seed and parameters, up to virtual time {@code until} (with {@code faults}: crashes and
 * restarts only), whose end state the exhaustive search starts from. As in DSLabs, a
 * counterexample found this way is the shortest one <i>from that state</i>, not from the initial
 * state: the prefix is one run the simulator chose, not an exhaustive one.
 *
 * @param until  virtual ms the simulator runs to (every event due at or before it runs)
 * @param faults the simulator's fault schedule for the prefix (crashes and restarts, all due by {@code until})
 */
public record SimPrefix(long until, FaultSchedule faults) {

    public SimPrefix {
        if (until < 0) {
            throw new IllegalArgumentException("--from-sim time must not be negative");
        }
    }

    /** A step the prefix took, with the virtual time it was taken at. */
    public record Timed(Step step, long time) {
    }

    /** The simulator of the configuration {@code o}, with {@code listeners} attached, run to the end of the prefix. */
    public <M extends Message> Simulator<M> simulate(Protocol<M> p, SearchOptions o, List<TraceListener> listeners) {
        Simulator<M> sim = SimRun.build(p, new SimRun.Options(o.nodes(), o.clients(), o.seed(), until, faults, o.params(), false, true));
        for (TraceListener l : listeners) {
            sim.addListener(l);
        }
        sim.note("run protocol=" + p.name() + " nodes=" + o.nodes() + " clients=" + o.clients() + " seed=" + o.seed()
                + (o.params().values().isEmpty() ? "" : " params=" + o.params())
                + (faults.faults().isEmpty() ? "" : " faults=" + faults) + " source=search from-sim=" + until + "ms");
        sim.runUntil(until);
        return sim;
    }

    /**
     * The node inputs of the prefix in the order the simulator took them (deliveries, timer firings,
     * link-down notices, crashes, restarts); throws if the prefix did anything else a search cannot
     * take as a node input (a partition, a pause, a drop or duplicate other than a broken link's).
     */
    static List<Timed> steps(List<TraceEvent> events) {
        List<Timed> out = new ArrayList<>();
        for (TraceEvent e : events) {
            NodeId node = e.node() == null ? null : NodeId.of(e.node());
            switch (e.type()) {
                case DELIVER -> out.add(new Timed(new Step.Deliver(NodeId.of(e.from()), NodeId.of(e.to()), (Message) e.msg()),
                        e.time()));
                case TIMER_FIRE -> out.add(new Timed(new Step.Fire(node, (Timer) e.timer()), e.time()));
                case LINK_DOWN -> out.add(new Timed(new Step.LinkDown(node, NodeId.of(e.from())), e.time()));
                case CRASH -> out.add(new Timed(new Step.Crash(node), e.time()));
                case RESTART -> out.add(new Timed(new Step.Restart(node), e.time()));
                case START -> {
                    if (e.time() != 0) {
                        throw new IllegalArgumentException("--from-sim: " + e.node() + " starts late; the search starts every node at 0");
                    }
                }
                case PARTITION, HEAL, PAUSE, RESUME, DUPLICATE -> throw new IllegalArgumentException(
                        "--from-sim: the prefix may contain crashes and restarts only, not a " + e.type().json());
                case DROP -> {
                    // a crash breaks its links: the search drops what was in flight on them at the crash too
                }
                default -> {
                    // sends, timers armed, states, notes: effects the search recomputes from the inputs
                }
            }
        }
        return out;
    }

    /** How the prefix shows in a command line: {@code 900ms} or {@code 900ms with crash n3@850ms}. */
    @Override
    public String toString() {
        return until + "ms" + (faults.faults().isEmpty() ? "" : " with " + faults);
    }
}
