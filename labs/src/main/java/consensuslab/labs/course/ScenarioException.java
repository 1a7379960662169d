package consensuslab.labs.course;

/** A scenario file that cannot be read: one line naming the file, the line and what was wrong. */
public class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }
}
