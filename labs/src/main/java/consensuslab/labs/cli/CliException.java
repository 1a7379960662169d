package consensuslab.labs.cli;

/** A bad command line: printed as one line, exit code 2. */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }
}
