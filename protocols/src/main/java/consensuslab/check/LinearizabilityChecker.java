package consensuslab.check;

import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that the clients' key-value operations ({@link KvOp} invoked, {@link KvResult} returned)
 * are linearizable, with each key an independent register. It collects {@code invoke} and
 * {@code return} events as the run goes and checks the whole history in {@link #finish}; an
 * operation that never returned is indeterminate (it may have happened at any time after its
 * invocation, or never). See {@link Linearizability} for the search.
 *
 * <p>Each failing key gives one violation, one line naming the key and its minimal failing window;
 * {@link #window()} and {@link #windows()} give the window's operations, one per line.
 */
public final class LinearizabilityChecker implements Checker {

    private final History history = new History();
    private final List<Violation> violations = new ArrayList<>();
    private final Map<String, String> windows = new LinkedHashMap<>();
    private Linearizability.Result result;

    @Override
    public String name() {
        return "linearizability";
    }

    @Override
    public void onEvent(TraceEvent event) {
        history.onEvent(event);
    }

    /** The whole history is checked in {@link #finish}: nothing is reported before. */
    @Override
    public boolean judgesAtEndOnly() {
        return true;
    }

    @Override
    public void finish(long endTime) {
        if (result != null) {
            return;
        }
        result = Linearizability.check(history);
        for (Linearizability.KeyFailure f : result.failures()) {
            List<History.Op> w = f.window();
            History.Op first = w.get(0);
            History.Op last = w.get(w.size() - 1);
            String msg = "key " + f.key() + " is not linearizable (" + f.ops() + " ops): minimal failing window of " + w.size()
                    + " op(s), " + first.client() + " op " + first.opId() + " at " + first.invokeTime() + "ms to "
                    + last.client() + " op " + last.opId() + " at " + last.invokeTime() + "ms: "
                    + oneLine(w);
            windows.put(f.key(), f.windowText());
            violations.add(new Violation(name(), msg, f.lastSeq()));
        }
        for (String key : result.undecided()) {
            violations.add(new Violation(name(), "key " + key + ": undecided, the search gave up after "
                    + Linearizability.MAX_CONFIGS + " configurations (too many concurrent or indeterminate operations)", -1));
        }
    }

    private static String oneLine(List<History.Op> w) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (History.Op o : w) {
            if (shown == 6) {
                sb.append(" | ... (").append(w.size() - shown).append(" more)");
                break;
            }
            sb.append(shown == 0 ? "" : " | ").append(o.client()).append(' ').append(o.op().describe()).append(" -> ")
                    .append(o.result() == null ? "?" : "get".equals(o.op().f()) ? KvOp.quote(o.result().value())
                            : o.result().ok() ? "ok" : "no");
            shown++;
        }
        return sb.toString();
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }

    /** The history collected so far. */
    public History history() {
        return history;
    }

    /** The verdict (null before {@link #finish}). */
    public Linearizability.Result result() {
        return result;
    }

    /** The first failing key's window, one operation per line ("" if none failed). */
    public String window() {
        return windows.isEmpty() ? "" : windows.values().iterator().next();
    }

    /** Every failing key's window text, by key. */
    public Map<String, String> windows() {
        return windows;
    }
}
