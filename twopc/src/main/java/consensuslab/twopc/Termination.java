package consensuslab.twopc;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Params;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Liveness, judged at the end of a run that has been quiet (no crash, restart, pause or partition)
 * for {@code settle} ms (param, default 2000) with no partition standing:
 * <ul>
 * <li>{@link Mode#COORDINATOR_BACK} (2PC): if the coordinator n1 is up, no live participant is still
 * in doubt and every client transaction invoked before the quiet period has its outcome; with every
 * server up, the coordinator has also ended (all acks in) every transaction it committed;</li>
 * <li>{@link Mode#MAJORITY_UP} (3PC): the same whenever a majority of the servers is up, whether
 * or not the coordinator is (with the coordinator down, only transactions some participant has
 * heard of must have an outcome: a Submit sent to a dead coordinator is simply lost).</li>
 * </ul>
 * A run that does not meet the condition is not judged.
 */
public final class Termination implements Checker {

    public enum Mode { COORDINATOR_BACK, MAJORITY_UP }

    private final Mode mode;
    private final int servers;
    private final long settle;
    private final TreeSet<String> down = new TreeSet<>();
    private final TreeSet<String> paused = new TreeSet<>();
    private boolean partitioned;
    private long lastFault;
    private final Map<String, Map<String, String>> last = new TreeMap<>();
    private final Map<String, Long> invokedAt = new TreeMap<>();
    private final Map<String, String> opTxn = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private boolean finished;
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private boolean judged;
    private Map<String, String> coordinator = Map.of();

    public Termination(Mode mode, int servers, Params params) {
        this.mode = mode;
        this.servers = servers;
        this.settle = params.getLong("settle", 2000);
    }

    @Override
    public String name() {
        return "termination";
    }

    @Override
    public void onEvent(TraceEvent e) {
        switch (e.type()) {
            case CRASH -> {
                down.add(e.node());
                paused.remove(e.node());
                lastFault = e.time();
                // A client's transaction cut short by its crash stays without a return: not a liveness failure.
                invokedAt.keySet().removeIf(k -> k.startsWith(e.node() + " "));
            }
            case RESTART -> {
                down.remove(e.node());
                lastFault = e.time();
            }
            case PAUSE -> {
                paused.add(e.node());
                lastFault = e.time();
            }
            case RESUME -> {
                paused.remove(e.node());
                lastFault = e.time();
            }
            case PARTITION -> {
                partitioned = true;
                lastFault = e.time();
            }
            case HEAL -> {
                partitioned = false;
                lastFault = e.time();
            }
            case INVOKE -> {
                String t = Views.invokedTxn(e);
                if (t != null) {
                    opTxn.put(e.node() + "/" + e.id(), t);
                    invokedAt.put(e.node() + " " + t, e.time());
                }
            }
            case RETURN -> {
                String t = opTxn.get(e.node() + "/" + e.id());
                if (t != null) {
                    invokedAt.remove(e.node() + " " + t);
                }
            }
            case STATE -> {
                Map<String, String> txns = Views.participantTxns(e);
                if (txns != null) {
                    last.put(e.node(), txns);
                    seen.addAll(txns.keySet());
                } else if (mode == Mode.COORDINATOR_BACK && "n1".equals(e.node())) {
                    Map<String, String> c = Views.coordinatorTxns(e);
                    if (c != null) {
                        coordinator = c;
                    }
                }
            }
            default -> { }
        }
    }

    @Override
    public void finish(long endTime) {
        judged = false;
        finished = true;
        if (partitioned || !paused.isEmpty() || endTime - lastFault < settle) {
            return;
        }
        if (mode == Mode.COORDINATOR_BACK && down.contains("n1")) {
            return;
        }
        int downServers = (int) down.stream().filter(n -> n.startsWith("n")).count();
        if (mode == Mode.MAJORITY_UP && 2 * (servers - downServers) <= servers) {
            return;
        }
        judged = true;
        String why = mode == Mode.COORDINATOR_BACK ? "coordinator up" : (servers - downServers) + "/" + servers + " servers up";
        for (Map.Entry<String, Map<String, String>> p : last.entrySet()) {
            if (down.contains(p.getKey())) {
                continue;
            }
            for (Map.Entry<String, String> t : p.getValue().entrySet()) {
                if (t.getValue().equals("READY") || t.getValue().equals("PRECOMMIT") || t.getValue().equals("INIT")) {
                    violations.add(new Violation(name(), p.getKey() + " still " + t.getValue() + " on " + t.getKey() + " at "
                            + endTime + "ms (" + why + ", quiet since " + lastFault + "ms)", -1));
                }
            }
        }
        if (mode == Mode.COORDINATOR_BACK && downServers == 0) {
            for (Map.Entry<String, String> t : coordinator.entrySet()) {
                if (t.getValue().equals("COMMITTED") || t.getValue().equals("COLLECTING")) {
                    violations.add(new Violation(name(), "coordinator still " + t.getValue() + " on " + t.getKey() + " at " + endTime
                            + "ms with every server up: " + (t.getValue().equals("COMMITTED")
                            ? "not every participant acknowledged the commit" : "undecided"), -1));
                }
            }
        }
        for (Map.Entry<String, Long> i : invokedAt.entrySet()) {
            String[] ct = i.getKey().split(" ", 2);
            String client = ct[0];
            if (down.contains("n1") && !seen.contains(ct[1])) {
                continue; // submitted to a dead coordinator: no participant ever heard of it
            }
            if (!down.contains(client) && i.getValue() < endTime - settle) {
                violations.add(new Violation(name(), i.getKey().replace(' ', ':') + " invoked at " + i.getValue()
                        + "ms has no outcome at " + endTime + "ms (" + why + ")", -1));
            }
        }
    }

    @Override
    public boolean judgesAtEndOnly() {
        return true;
    }

    @Override
    public String notJudged() {
        return !finished ? "judged when the run ends" : judged ? null : "the run ended before the faults had healed for " + settle + " ms";
    }

    /** Whether the last {@link #finish} judged the run (its conditions held). */
    public boolean judged() {
        return judged;
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
