package consensuslab.visualizer.model;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.trace.TraceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the cluster looks like after the first {@link #applied()} events of a trace: a pure fold
 * over trace events, so a live run, a scrubbed replay and an imported file all show the same thing.
 * Owned by a {@link Timeline}; views only read it.
 */
public final class ClusterState {

    /**
     * A node as the last events left it. The published state is turned into JSON only when asked
     * for ({@link #json()}, {@link #role()}, {@link #label()}): a busy node publishes many states
     * between two frames, and only the last one is shown.
     */
    public record NodeView(String name, boolean started, boolean up, boolean paused, Published published, long stateSeq,
                           long stateTime) {
        NodeView with(boolean started, boolean up, boolean paused) {
            return new NodeView(name, started, up, paused, published, stateSeq, stateTime);
        }

        /** The published state as JSON, or null before the first. */
        public JsonNode json() {
            return published == null ? null : published.json();
        }

        public String role() {
            return text(json(), "role");
        }

        public String label() {
            return text(json(), "label");
        }
    }

    /** A published state (a live record or a JsonNode read back), converted to JSON once, on first use. */
    public static final class Published {
        private final Object state;
        private JsonNode json;

        Published(Object state) {
            this.state = state;
        }

        public JsonNode json() {
            if (json == null) {
                json = TraceEvent.json(state);
            }
            return json;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Published p && (p.state == state || java.util.Objects.equals(p.json(), json()));
        }

        @Override
        public int hashCode() {
            return json().hashCode();
        }
    }

    /** A message sent and not yet delivered or dropped ({@code copies} > 1 after a duplicate). */
    public record InFlight(long id, String from, String to, String type, long sendTime, long sendSeq, int copies, Object msg) {
        InFlight withCopies(int c) {
            return new InFlight(id, from, to, type, sendTime, sendSeq, c, msg);
        }
    }

    /** A timer that is set and has neither fired nor been cancelled. */
    public record TimerView(long handle, String node, String type, long setTime, long due) {
    }

    /** A drop or a duplicate, kept for a while so it can be drawn. */
    public record Mark(long seq, long time, String kind, long id, String from, String to, String type, String text) {
    }

    private static final int MAX_MARKS = 256;

    private int applied;
    private long time;
    private final LinkedHashMap<String, NodeView> nodes = new LinkedHashMap<>();
    private final LinkedHashMap<Long, InFlight> inflight = new LinkedHashMap<>();
    private final TreeMap<Long, TimerView> timers = new TreeMap<>();
    private List<List<String>> partition = List.of();
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private long sent;
    private long delivered;
    private long dropped;
    private long duplicated;

    public ClusterState(Collection<String> nodeNames) {
        for (String n : nodeNames) {
            nodes.put(n, new NodeView(n, false, true, false, null, -1, 0));
        }
    }

    private ClusterState() {
    }

    public ClusterState copy() {
        ClusterState c = new ClusterState();
        c.applied = applied;
        c.time = time;
        c.nodes.putAll(nodes);
        c.inflight.putAll(inflight);
        c.timers.putAll(timers);
        c.partition = partition;
        c.marks.addAll(marks);
        c.sent = sent;
        c.delivered = delivered;
        c.dropped = dropped;
        c.duplicated = duplicated;
        return c;
    }

    /** Folds in the next event. */
    public void apply(TraceEvent e) {
        applied++;
        time = Math.max(time, e.time());
        switch (e.type()) {
            case START, RESTART -> node(e.node(), n -> n.with(true, true, false));
            case CRASH -> {
                node(e.node(), n -> n.with(true, false, false));
                timers.values().removeIf(t -> t.node().equals(e.node()));
            }
            case PAUSE -> node(e.node(), n -> n.with(n.started(), n.up(), true));
            case RESUME -> node(e.node(), n -> n.with(n.started(), n.up(), false));
            case STATE -> {
                NodeView old = nodes.get(e.node());
                boolean up = old == null || old.up();
                boolean paused = old != null && old.paused();
                nodes.put(e.node(), new NodeView(e.node(), true, up, paused, new Published(e.state()), e.seq(), e.time()));
            }
            case SEND -> {
                sent++;
                touch(e.from());
                touch(e.to());
                if (e.id() != null) {
                    inflight.put(e.id(), new InFlight(e.id(), e.from(), e.to(), type(e), e.time(), e.seq(), 1, e.msg()));
                }
            }
            case DUPLICATE -> {
                duplicated++;
                if (e.id() != null) {
                    InFlight f = inflight.get(e.id());
                    if (f != null) {
                        inflight.put(e.id(), f.withCopies(f.copies() + 1));
                    }
                }
                mark(e, "dup");
            }
            case DELIVER -> {
                delivered++;
                consume(e.id());
            }
            case DROP -> {
                dropped++;
                consume(e.id());
                mark(e, "drop");
            }
            case TIMER_SET -> {
                if (e.id() != null && e.node() != null) {
                    timers.put(e.id(), new TimerView(e.id(), e.node(), e.timerType(), e.time(), e.due() == null ? e.time() : e.due()));
                }
            }
            case TIMER_FIRE, TIMER_CANCEL -> {
                if (e.id() != null) {
                    timers.remove(e.id());
                }
            }
            case PARTITION -> partition = e.groups() == null ? List.of() : e.groups().stream().map(List::copyOf).toList();
            case HEAL -> partition = List.of();
            default -> {
                // sync, link_down, invoke, return, note: shown in the diagram only
            }
        }
    }

    private void consume(Long id) {
        if (id == null) {
            return;
        }
        InFlight f = inflight.get(id);
        if (f != null) {
            if (f.copies() > 1) {
                inflight.put(id, f.withCopies(f.copies() - 1));
            } else {
                inflight.remove(id);
            }
        }
    }

    private void mark(TraceEvent e, String kind) {
        marks.addLast(new Mark(e.seq(), e.time(), kind, e.id() == null ? -1 : e.id(), e.from(), e.to(), type(e), e.text()));
        if (marks.size() > MAX_MARKS) {
            marks.removeFirst();
        }
    }

    private static String type(TraceEvent e) {
        String t = e.msgType();
        return t == null ? "?" : t;
    }

    private void touch(String name) {
        if (name != null && !nodes.containsKey(name)) {
            nodes.put(name, new NodeView(name, true, true, false, null, -1, 0));
        }
    }

    private void node(String name, java.util.function.UnaryOperator<NodeView> f) {
        if (name == null) {
            return;
        }
        touch(name);
        nodes.put(name, f.apply(nodes.get(name)));
    }

    static String text(JsonNode j, String field) {
        if (j == null) {
            return "";
        }
        JsonNode v = j.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    // ---- reading ---------------------------------------------------------------------------

    /** Number of events folded in. */
    public int applied() {
        return applied;
    }

    /** Time of the last event folded in. */
    public long time() {
        return time;
    }

    public Map<String, NodeView> nodes() {
        return java.util.Collections.unmodifiableMap(nodes);
    }

    public NodeView node(String name) {
        return nodes.get(name);
    }

    public Collection<InFlight> inflight() {
        return java.util.Collections.unmodifiableCollection(inflight.values());
    }

    /** Messages in flight, counting duplicated copies. */
    public int inflightCount() {
        int n = 0;
        for (InFlight f : inflight.values()) {
            n += f.copies();
        }
        return n;
    }

    public Collection<TimerView> timers() {
        return java.util.Collections.unmodifiableCollection(timers.values());
    }

    public List<TimerView> timersOf(String node) {
        List<TimerView> out = new ArrayList<>();
        for (TimerView t : timers.values()) {
            if (t.node().equals(node)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The partition's groups, empty when healed. */
    public List<List<String>> partition() {
        return partition;
    }

    /** Drops and duplicates at or after {@code since}. */
    public List<Mark> marksSince(long since) {
        List<Mark> out = new ArrayList<>();
        Iterator<Mark> it = marks.descendingIterator();
        while (it.hasNext()) {
            Mark m = it.next();
            if (m.time() < since) {
                break;
            }
            out.add(m);
        }
        return out;
    }

    /** The partition group index of a node, or -1 when not partitioned or not named. */
    public int groupOf(String node) {
        for (int i = 0; i < partition.size(); i++) {
            if (partition.get(i).contains(node)) {
                return i;
            }
        }
        return -1;
    }

    public long sent() {
        return sent;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped() {
        return dropped;
    }

    public long duplicated() {
        return duplicated;
    }
}
