package consensuslab.paxos.check;

import consensuslab.check.Checker;
import consensuslab.check.FaultTracker;
import consensuslab.check.Violation;
import consensuslab.paxos.LogEntry;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Single-decree liveness, judged at the end of the run: if the last fault (crash, restart,
 * partition, heal, pause, resume) is at least {@code bound} ms before the end, every server that is
 * up has learned a value. A run that ends partitioned, or with a majority of servers down, is not
 * judged.
 */
public final class LearnedLiveness implements Checker {

    private final long bound;
    private final Map<String, Boolean> learned = new TreeMap<>();
    private final FaultTracker faults = new FaultTracker();
    private final List<Violation> violations = new ArrayList<>();
    private String notJudged = "judged when the run ends";

    public LearnedLiveness(long bound) {
        this.bound = bound;
    }

    @Override
    public String name() {
        return "liveness";
    }

    @Override
    public void onEvent(TraceEvent e) {
        faults.onEvent(e);
        if (e.type() == EventType.STATE && e.node().startsWith("n")) {
            boolean l = false;
            for (LogEntry entry : StateView.log(e.state())) {
                l |= entry.chosen();
            }
            learned.put(e.node(), l);
        }
    }

    @Override
    public void finish(long endTime) {
        if (!faults.healedFor(bound, endTime)) {
            notJudged = faults.partitioned() ? "the run ended partitioned" : !faults.majorityOfServersUp() ? "the run ended with a majority down"
                    : "the run ended " + (endTime - faults.lastFault()) + " ms after the last fault, less than bound=" + bound + " ms";
            return; // the faults never healed, or not long enough ago: nothing is promised
        }
        notJudged = null;
        for (Map.Entry<String, Boolean> n : faults.nodes().entrySet()) {
            if (n.getKey().startsWith("n") && n.getValue() && !learned.getOrDefault(n.getKey(), false)) {
                violations.add(new Violation(name(), n.getKey() + " learned nothing within " + bound
                        + " ms after the last fault (t=" + faults.lastFault() + "ms)", -1));
            }
        }
    }

    @Override
    public boolean judgesAtEndOnly() {
        return true;
    }

    @Override
    public String notJudged() {
        return notJudged;
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
