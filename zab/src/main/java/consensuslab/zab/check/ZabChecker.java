package consensuslab.zab.check;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.trace.TraceEvent;
import consensuslab.zab.Zxid;
import java.util.ArrayList;
import java.util.List;

/** Base of the Zab property checkers: a shared {@link ZabHistory} and a short list of violations. */
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

    /** Called after the shared history took the event. */
    protected void after(ZabHistory.Step s) {
    }

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
