package consensuslab.check;

import consensuslab.trace.TraceEvent;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows a trace's fault events for liveness checkers: which nodes are up (started or restarted,
 * and not crashed or paused), whether a partition is in force, and when the last fault event
 * happened. A liveness promise is only judged once the faults have healed, and only some time
 * after the last of them.
 */
public final class FaultTracker {

    private final Map<String, Boolean> up = new TreeMap<>();
    private long lastFault;
    private boolean partitioned;

    /** Feed it every event, in order. */
    public void onEvent(TraceEvent e) {
        if (e.node() == null && e.type() != consensuslab.trace.EventType.PARTITION && e.type() != consensuslab.trace.EventType.HEAL) {
            return;
        }
        switch (e.type()) {
            case START -> up.put(e.node(), true);
            case CRASH, PAUSE -> {
                lastFault = e.time();
                up.put(e.node(), false);
            }
            case RESTART, RESUME -> {
                lastFault = e.time();
                up.put(e.node(), true);
            }
            case PARTITION -> {
                lastFault = e.time();
                partitioned = true;
            }
            case HEAL -> {
                lastFault = e.time();
                partitioned = false;
            }
            default -> {
            }
        }
    }

    /** When the last crash, restart, pause, resume, partition or heal happened (0 if none). */
    public long lastFault() {
        return lastFault;
    }

    public boolean partitioned() {
        return partitioned;
    }

    /** Whether the node is up; one never seen counts as up. */
    public boolean isUp(String node) {
        return up.getOrDefault(node, true);
    }

    /** The nodes seen so far, with whether each is up, in name order. */
    public Map<String, Boolean> nodes() {
        return java.util.Collections.unmodifiableMap(up);
    }

    /** More than half of the servers seen are up (true when none has been seen). */
    public boolean majorityOfServersUp() {
        long servers = up.keySet().stream().filter(n -> n.startsWith("n")).count();
        long live = up.entrySet().stream().filter(n -> n.getKey().startsWith("n") && n.getValue()).count();
        return servers == 0 || live > servers / 2;
    }

    /** No partition, a majority of servers up, and at least {@code bound} ms since the last fault. */
    public boolean healedFor(long bound, long endTime) {
        return !partitioned && majorityOfServersUp() && endTime - lastFault >= bound;
    }
}
