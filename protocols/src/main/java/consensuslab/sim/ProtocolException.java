package consensuslab.sim;

/** Protocol code threw: names the node, the time and what it was handling. */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
