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

    /** What has failed so far (empty while all is well). */
    List<Violation> violations();
}
