package consensuslab.visualizer.model;

/**
 * A preset's key moment, to jump to: the first line of the log ("what just happened") of the given
 * kind whose text contains {@code contains} (empty: any text of that kind).
 *
 * @param label    the button's text, e.g. "the crash"
 * @param kind     the kind of log line
 * @param contains a piece of the line's text, or "" for any
 */
public record Bookmark(String label, EventLog.Kind kind, String contains) {

    public Bookmark {
        if (label == null || label.isBlank() || kind == null || contains == null) {
            throw new IllegalArgumentException("a bookmark needs a label, a kind and a text (may be empty)");
        }
    }

    /** True when the log line is this moment. */
    public boolean matches(EventLog.Line line) {
        return line.kind() == kind && line.text().contains(contains);
    }
}
