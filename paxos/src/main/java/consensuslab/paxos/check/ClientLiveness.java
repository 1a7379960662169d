package consensuslab.paxos.check;

import consensuslab.check.Checker;
import consensuslab.check.FaultTracker;
import consensuslab.check.Violation;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multi-Paxos liveness, judged at the end of the run: once faults have healed, every command a
 * live client submits is chosen (and answered) within {@code bound} ms. Precisely: an operation
 * invoked at time t by a client that is up at the end (and has not crashed since) must have returned if
 * max(t, time of the last crash/restart/partition/heal/pause/resume) + bound &lt;= end. A run that
 * ends partitioned, or with a majority of servers down, is not judged.
 */
public final class ClientLiveness implements Checker {

    private record Open(String client, long id, long invoked) {
    }

    private final long bound;
    private final Map<String, Open> open = new TreeMap<>();
    private final FaultTracker faults = new FaultTracker();
    private final List<Violation> violations = new ArrayList<>();
    private String notJudged = "judged when the run ends";

    public ClientLiveness(long bound) {
        this.bound = bound;
    }

    @Override
    public String name() {
        return "liveness";
    }

    @Override
    public void onEvent(TraceEvent e) {
        faults.onEvent(e);
        switch (e.type()) {
            case CRASH -> open.values().removeIf(o -> o.client().equals(e.node())); // a crashed client's pending operation died with it
            case INVOKE -> open.put(e.node() + "/" + e.id(), new Open(e.node(), e.id(), e.time()));
            case RETURN -> open.remove(e.node() + "/" + e.id());
            default -> {
            }
        }
    }

    @Override
    public void finish(long endTime) {
        if (faults.partitioned() || !faults.majorityOfServersUp()) {
            notJudged = faults.partitioned() ? "the run ended partitioned" : "the run ended with a majority down";
            return; // the faults never healed: nothing is promised
        }
        notJudged = null;
        for (Open o : open.values()) {
            if (faults.isUp(o.client()) && Math.max(o.invoked(), faults.lastFault()) + bound <= endTime) {
                violations.add(new Violation(name(), o.client() + " op " + o.id() + " invoked at " + o.invoked()
                        + " ms got no reply by " + endTime + " ms (last fault at " + faults.lastFault() + " ms, bound " + bound + " ms)", -1));
                return;
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
