package consensuslab.check;

/**
 * A safety or liveness property that failed.
 *
 * @param checker the checker's name
 * @param message one line saying what went wrong
 * @param seq     the trace event that showed it, or -1 when it was found at the end of the run
 */
public record Violation(String checker, String message, long seq) {
    @Override
    public String toString() {
        return checker + ": " + message + (seq >= 0 ? " (event " + seq + ")" : "");
    }
}
