package consensuslab.trace;

/** Receives trace events as they happen, in seq order, on the runtime's thread. */
@FunctionalInterface
public interface TraceListener {
    void onEvent(TraceEvent event);
}
