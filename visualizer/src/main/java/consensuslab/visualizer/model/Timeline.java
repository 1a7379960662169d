package consensuslab.visualizer.model;

import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded events of a run and the cluster state after any prefix of them. Checkpoints every
 * {@value #EVERY} events make scrubbing to any point cheap: copy the nearest checkpoint, fold forward.
 */
public final class Timeline implements TraceListener {

    static final int EVERY = 512;

    private final List<String> nodeNames;
    private final List<TraceEvent> events = new ArrayList<>();
    private final List<ClusterState> checkpoints = new ArrayList<>();
    private final ClusterState head;
    private ClusterState scratch;
    /** Per message id: seq,time pairs of its deliver and drop events, in order. */
    private final Map<Long, long[]> ends = new HashMap<>();
    /** Per message id: index of its send event. */
    private final Map<Long, Integer> sends = new HashMap<>();
    /** Indices of partition and heal events. */
    private final List<Integer> cuts = new ArrayList<>();

    public Timeline(Collection<String> nodeNames) {
        this.nodeNames = List.copyOf(nodeNames);
        this.head = new ClusterState(nodeNames);
        checkpoints.add(head.copy());
    }

    /** A timeline holding these events (an imported trace). */
    public static Timeline of(Collection<String> nodeNames, List<TraceEvent> events) {
        Timeline t = new Timeline(nodeNames);
        for (TraceEvent e : events) {
            t.onEvent(e);
        }
        return t;
    }

    @Override
    public void onEvent(TraceEvent e) {
        int index = events.size();
        events.add(e);
        head.apply(e);
        if (events.size() % EVERY == 0) {
            checkpoints.add(head.copy());
        }
        if (e.type() == EventType.PARTITION || e.type() == EventType.HEAL) {
            cuts.add(index);
        }
        if (e.id() != null) {
            if (e.type() == EventType.SEND) {
                sends.putIfAbsent(e.id(), index);
            } else if (e.type() == EventType.DELIVER || e.type() == EventType.DROP) {
                long[] old = ends.get(e.id());
                long[] nu = old == null ? new long[2] : java.util.Arrays.copyOf(old, old.length + 2);
                nu[nu.length - 2] = index;
                nu[nu.length - 1] = e.time();
                ends.put(e.id(), nu);
            }
        }
    }

    public List<String> nodeNames() {
        return nodeNames;
    }

    public int size() {
        return events.size();
    }

    public TraceEvent get(int i) {
        return events.get(i);
    }

    /** All events (do not modify). */
    public List<TraceEvent> events() {
        return java.util.Collections.unmodifiableList(events);
    }

    /** The cluster after the first {@code cursor} events. The result is shared: read it, do not keep it. */
    public ClusterState at(int cursor) {
        if (cursor < 0 || cursor > events.size()) {
            throw new IndexOutOfBoundsException("cursor " + cursor + " outside 0.." + events.size());
        }
        if (cursor == events.size()) {
            return head;
        }
        if (scratch == null || scratch.applied() > cursor || cursor - scratch.applied() > EVERY) {
            scratch = checkpoints.get(cursor / EVERY).copy();
        }
        while (scratch.applied() < cursor) {
            scratch.apply(events.get(scratch.applied()));
        }
        return scratch;
    }

    /** The number of events with time at or before {@code t}, i.e. the cursor for time t. */
    public int cursorAt(long t) {
        int lo = 0;
        int hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).time() <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the first event at or after time t. */
    public int firstAtOrAfter(long t) {
        int lo = 0;
        int hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).time() < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** When a message in flight at {@code cursor} arrives (or is dropped), if the recording knows; else -1. */
    public long arrival(long msgId, int cursor) {
        long[] e = ends.get(msgId);
        if (e != null) {
            for (int i = 0; i < e.length; i += 2) {
                if (e[i] >= cursor) {
                    return e[i + 1];
                }
            }
        }
        return -1;
    }

    /** The index of the end event (deliver or drop) of this message after {@code sendIndex}, or -1. */
    public int endIndex(long msgId, int after) {
        long[] e = ends.get(msgId);
        if (e != null) {
            for (int i = 0; i < e.length; i += 2) {
                if (e[i] > after) {
                    return (int) e[i];
                }
            }
        }
        return -1;
    }

    /** Index of the send event of a message, or -1. */
    public int sendIndex(long msgId) {
        Integer i = sends.get(msgId);
        return i == null ? -1 : i;
    }

    /** Indices of the partition and heal events, in order. */
    public List<Integer> partitionEvents() {
        return java.util.Collections.unmodifiableList(cuts);
    }

    /** Time of the last event, or 0. */
    public long endTime() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).time();
    }
}
