package consensuslab.check;

import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.List;

/**
 * An invariant watched over a run's trace. It reads only trace events, so the same checker runs
 * live in the simulator, in the visualizer's invariant panel, and over a trace file read back.
 */
public interface Checker extends TraceListener {

    /** Short name, e.g. "atomicity". */
    String name();

    @Override
    void onEvent(TraceEvent event);

    /** Called once when the run ends at {@code endTime}; for properties over the whole history. */
    default void finish(long endTime) {
    }

    /**
     * Null when the checker has judged the run (its violations say how it went); else, in a few
     * words, why it cannot (yet): a liveness promise is judged only at the end of a run, and only
     * when the faults healed long enough before it, so a bounded, short or still-faulty run is
     * "not judged" rather than passed.
     */
    default String notJudged() {
        return null;
    }

    /**
     * True if this checker reports only from {@link #finish} (a liveness promise, judged when a run
     * ends), never from {@link #onEvent}. The exhaustive search never ends a run, so it does not feed
     * such checkers at all.
     */
    default boolean judgesAtEndOnly() {
        return false;
    }

    /**
     * A new checker in the same state as this one (having seen the same events), or null if this
     * checker cannot be copied. The exhaustive search copies a state's checkers to judge each
     * successor from the events of one more step, instead of feeding fresh checkers the whole path.
     */
    default Checker copy() {
        return null;
    }

    /**
     * As {@link #copy()}, for checkers copied together that share an object among themselves
     * (ZAB's checkers share one history): {@code copies} maps each shared original to its copy, so
     * that the copies share the copy as the originals share the original. Pass one map per set of
     * checkers copied together. The default ignores it.
     */
    default Checker copy(java.util.Map<Object, Object> copies) {
        return copy();
    }

    /**
     * True if {@link #onEvent} with {@code event} would change nothing: neither what this checker
     * remembers nor its verdict. The exhaustive search then lets a successor keep its state's
     * checkers instead of copying them (when every checker ignores every event of the step). The
     * default, false, is always safe.
     */
    default boolean ignores(TraceEvent event) {
        return false;
    }

    /** What has failed so far (empty while all is well). */
    List<Violation> violations();
}
