package consensuslab.faults;

/** A fault schedule that does not parse; the message names the bad token. */
public class FaultSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FaultSyntaxException(String message) {
        super(message);
    }
}
