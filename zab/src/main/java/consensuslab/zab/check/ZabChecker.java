package consensuslab.zab.check;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.trace.TraceEvent;
import consensuslab.zab.Zxid;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the Zab property checkers: a shared {@link ZabHistory} and a short list of violations.
 * Checkers copied together ({@link #copy(Map)}, as the exhaustive search copies a state's
 * checkers) share one copy of their history; {@link #copy()} alone gives a checker with a history of
 * its own.
 */
public abstract class ZabChecker implements Checker {

    protected final ZabHistory history;
    private final List<Violation> violations = new ArrayList<>();

    protected ZabChecker(ZabHistory history) {
        this.history = history;
    }

    @Override
    public final void onEvent(TraceEvent e) {
        ZabHistory.Step s = history.step(e);
        after(s);
    }

    /** Nothing changes: the shared history (and so every checker sharing it) stays as it is, and so does this checker. */
    @Override
    public final boolean ignores(TraceEvent e) {
        return history.unchangedBy(e) && ignoresOwn(e);
    }

    /** Whether {@link #after} leaves this checker as it is for an event that leaves the history as it is (true unless overridden). */
    protected boolean ignoresOwn(TraceEvent e) {
        return true;
    }

    /** Called after the shared history took the event. */
    protected void after(ZabHistory.Step s) {
    }

    @Override
    public final ZabChecker copy() {
        return copy(new IdentityHashMap<>());
    }

    @Override
    public final ZabChecker copy(Map<Object, Object> copies) {
        ZabHistory h = (ZabHistory) copies.computeIfAbsent(history, k -> history.copy());
        ZabChecker c = copyOnto(h);
        c.violations.addAll(violations);
        return c;
    }

    /** A checker of this kind over {@code h} (a copy of this one's history), with this one's own state. */
    protected abstract ZabChecker copyOnto(ZabHistory h);

    protected void fail(String message, long seq) {
        if (violations.size() < 5) {
            violations.add(new Violation(name(), message, seq));
        }
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }

    protected static String tx(ZabHistory.Tx t) {
        return "⟨" + t.id() + ", " + Zxid.hex(t.zxid()) + "⟩";
    }
}
