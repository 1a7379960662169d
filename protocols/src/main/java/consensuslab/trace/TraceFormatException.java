package consensuslab.trace;

/** A trace file line that is not a valid event; the message names the line. */
public class TraceFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceFormatException(String message) {
        super(message);
    }
}
