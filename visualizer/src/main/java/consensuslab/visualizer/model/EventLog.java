package consensuslab.visualizer.model;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * "What just happened", in plain language: the notes the protocol code writes in the trace
 * ("election over in round 1: FOLLOWING (leader n3): ..."), with the crashes, restarts, pauses,
 * partitions and heals, each node's phase changes (a role, or a transaction's state: the
 * decisions), and the violations the checkers found, one {@link Line} per event, in trace order.
 *
 * <p>Built incrementally from a session's timeline: {@link #update} reads only the events added
 * since the last call (and starts again when the timeline was replaced by a fork). Other parts of
 * the course add their own lines through a {@link Narrator} (the labs narrate a lesson on top).
 */
public final class EventLog {

    /** What a line reports; the view colours lines by it. */
    public enum Kind {
        NOTE, CRASH, RESTART, PAUSE, RESUME, PARTITION, HEAL, PHASE, VIOLATION, NARRATION
    }

    /**
     * One line of the log.
     *
     * @param seq  the event it is about (a click jumps there)
     * @param time its virtual time, ms
     * @param kind what it reports
     * @param node the node it happened at, or null (partitions, heals)
     * @param text the plain-language text
     */
    public record Line(long seq, long time, Kind kind, String node, String text) {
        /** The line as the pane shows it: "  412ms  n3  election over ...". */
        public String render() {
            return String.format("%6dms  %-4s %s", time, node == null ? "" : node, text);
        }
    }

    /**
     * Adds lines of its own for an event (return an empty list for none). Called once per event, in
     * order, with the event's node's phase before it (null when the node has published nothing).
     */
    @FunctionalInterface
    public interface Narrator {
        List<String> narrate(TraceEvent event, String phaseBefore);
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<Narrator> narrators = new ArrayList<>();
    private final Map<String, String> phases = new HashMap<>();
    private Timeline timeline;
    private int scanned;
    private int violationsShown;
    private long version;

    /** Adds a narrator; the log is rebuilt from the start on the next update. */
    public void addNarrator(Narrator n) {
        narrators.add(n);
        timeline = null;
    }

    /** Catches up with the session's timeline and its checkers' violations; returns true when the lines changed. */
    public boolean update(Session s) {
        if (s == null) {
            return false;
        }
        Timeline tl = s.timeline();
        int before = lines.size();
        if (tl != timeline || tl.size() < scanned) {
            timeline = tl;
            scanned = 0;
            violationsShown = 0;
            phases.clear();
            lines.clear();
            version++;
        }
        for (int i = scanned; i < tl.size(); i++) {
            add(tl.get(i));
        }
        scanned = tl.size();
        List<Violation> found = new ArrayList<>();
        for (Checker c : s.checkers()) {
            found.addAll(c.violations());
        }
        if (found.size() != violationsShown) {
            lines.removeIf(l -> l.kind() == Kind.VIOLATION);
            for (Violation v : found) {
                long seq = v.seq() >= 0 ? v.seq() : Math.max(0, tl.size() - 1);
                long time = tl.size() == 0 ? 0 : tl.get((int) Math.min(seq, tl.size() - 1)).time();
                lines.add(new Line(seq, time, Kind.VIOLATION, null, "✗ " + v.checker() + ": " + v.message()));
            }
            lines.sort((a, b) -> Long.compare(a.seq(), b.seq())); // stable: a violation after its event's own lines
            violationsShown = found.size();
            version++;
        }
        if (lines.size() != before) {
            version++;
        }
        return lines.size() != before;
    }

    private void add(TraceEvent e) {
        String n = e.node();
        String text = switch (e.type()) {
            case NOTE -> e.text();
            case CRASH -> "crashed";
            case RESTART -> "restarted" + (e.text() == null ? "" : ": " + e.text());
            case PAUSE -> "paused";
            case RESUME -> "resumed";
            case PARTITION -> "partition: " + String.join(" | ", e.groups() == null ? List.of()
                    : e.groups().stream().map(g -> String.join(",", g)).toList()) + " cannot reach each other";
            case HEAL -> "partition healed: every server can reach every other";
            default -> null;
        };
        String before = n == null ? null : phases.get(n);
        if (e.type() == EventType.STATE && n != null) {
            String now = Phase.ofState(e.state());
            phases.put(n, now);
            if (before != null && !before.isEmpty() && !before.equals(now)) {
                lines.add(new Line(e.seq(), e.time(), Kind.PHASE, n, before + " → " + now));
            }
        } else if (e.type() == EventType.CRASH && n != null) {
            phases.remove(n);
        }
        if (text != null && e.type() != EventType.NOTE || e.type() == EventType.NOTE && text != null && !text.startsWith("run protocol=")) {
            lines.add(new Line(e.seq(), e.time(), kind(e.type()), n, text));
        }
        for (Narrator nr : narrators) {
            for (String t : nr.narrate(e, before)) {
                lines.add(new Line(e.seq(), e.time(), Kind.NARRATION, n, t));
            }
        }
    }

    private static Kind kind(EventType t) {
        return switch (t) {
            case CRASH -> Kind.CRASH;
            case RESTART -> Kind.RESTART;
            case PAUSE -> Kind.PAUSE;
            case RESUME -> Kind.RESUME;
            case PARTITION -> Kind.PARTITION;
            case HEAL -> Kind.HEAL;
            default -> Kind.NOTE;
        };
    }

    public List<Line> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** Bumped whenever the lines change (rebuilt, extended, violations added). */
    public long version() {
        return version;
    }

    /** How many lines are about events before {@code cursor} (the lines shown as past). */
    public int countBefore(int cursor) {
        int lo = 0;
        int hi = lines.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lines.get(mid).seq() < cursor) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the next line at or after event {@code cursor} of one of these kinds, or -1. */
    public int next(int cursor, java.util.Set<Kind> kinds) {
        for (int i = countBefore(cursor); i < lines.size(); i++) {
            if (kinds.contains(lines.get(i).kind())) {
                return i;
            }
        }
        return -1;
    }

    /** Function form of a narrator that writes at most one line. */
    public static Narrator oneLine(Function<TraceEvent, String> f) {
        return (e, before) -> {
            String t = f.apply(e);
            return t == null ? List.of() : List.of(t);
        };
    }
}
