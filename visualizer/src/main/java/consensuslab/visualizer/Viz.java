package consensuslab.visualizer;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Registry;
import consensuslab.core.Json;
import consensuslab.core.Protocol;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceFormatException;
import consensuslab.trace.TraceWriter;
import consensuslab.visualizer.model.AttachedRun;
import consensuslab.visualizer.model.ClusterState;
import consensuslab.visualizer.model.EventLog;
import consensuslab.visualizer.model.LiveRun;
import consensuslab.visualizer.model.Phase;
import consensuslab.visualizer.model.RunSpec;
import consensuslab.visualizer.model.Session;
import consensuslab.visualizer.model.Timeline;
import consensuslab.visualizer.model.TraceRun;
import consensuslab.visualizer.model.UserAction;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The visualizer's state apart from any widget: the session, the cursor into its timeline, the
 * virtual time shown, play/pause and speed, the selection and the filters. Every control calls
 * a method here; every view reads from here. Runs on the JavaFX thread (or a test's thread).
 */
public final class Viz {

    /** Events at most per animation frame when driving the simulator (keeps frames short). */
    public static final int MAX_STEPS_PER_FRAME = 5_000;

    private final Registry registry;
    private Session session;
    private int cursor;
    private long viewTime;
    private boolean playing;
    /** Virtual ms per wall-clock second a run starts with. */
    public static final double DEFAULT_SPEED = 20;

    private double speed = DEFAULT_SPEED; // virtual ms per wall-clock second
    private double owed;
    private String selectedNode;
    private Long selectedMsg;
    private int selectedEvent = -1;
    private String nodeFilter;
    private String typeFilter;
    private String status = "";
    private boolean statusError;
    private long version;
    private final EventLog log = new EventLog();

    public Viz(Registry registry) {
        this.registry = registry;
    }

    public Registry registry() {
        return registry;
    }

    // ---- sessions --------------------------------------------------------------------------

    /** Starts a live run; on a bad spec, says why in the status line and returns false. */
    public boolean start(RunSpec spec) {
        Protocol<?> p = null;
        for (Protocol<?> q : registry.all()) {
            if (q.name().equals(spec.protocol())) {
                p = q;
            }
        }
        if (p == null) {
            return fail("protocol " + spec.protocol() + " is not registered");
        }
        try {
            set(new LiveRun(p, spec));
        } catch (IllegalArgumentException e) {
            return fail("cannot start: " + Json.firstLine(e));
        }
        say("started: " + spec.command());
        return true;
    }

    /** Opens a trace file (read-only); on a malformed file says which line in the status and returns false. */
    public boolean open(Path file) {
        try {
            TraceRun run = TraceRun.read(file, registry);
            set(run);
            playing = false;
            cursor = 0;
            viewTime = 0;
            say("opened " + file.getFileName() + ": " + run.timeline().size() + " events (read-only: step, play, scrub)");
            return true;
        } catch (TraceFormatException e) {
            return fail("cannot open trace: " + e.getMessage());
        } catch (UncheckedIOException e) {
            return fail("cannot open trace: " + e.getMessage());
        }
    }

    /** Follows a live cluster over its trace ports ("host:port[,host:port...]"), read-only. */
    public boolean attach(String address) {
        try {
            AttachedRun run = AttachedRun.connect(address, registry);
            set(run);
            cursor = 0;
            viewTime = 0;
            playing = true;
            say("attached to " + address + ": following the live trace (read-only)");
            return true;
        } catch (IllegalArgumentException e) {
            return fail("cannot attach: " + Json.firstLine(e));
        }
    }

    /** Shows a run that something else drives (a lab's run), with the cursor at its end. */
    public void show(Session s, String message) {
        set(s);
        playing = false;
        say(message);
    }

    private void set(Session s) {
        if (session instanceof AttachedRun old && old != s) {
            old.close();
        }
        session = s;
        cursor = s.timeline().size();
        viewTime = s.timeline().endTime();
        selectedMsg = null;
        selectedEvent = -1;
        if (selectedNode != null && !s.servers().contains(selectedNode) && !s.clients().contains(selectedNode)) {
            selectedNode = null;
        }
        changed();
    }

    /** Writes the run's events (all of them, whatever the cursor) as JSON lines. */
    public boolean exportTrace(Path file) {
        if (session == null) {
            return fail("nothing to export");
        }
        try (TraceWriter w = TraceWriter.toFile(file)) {
            for (TraceEvent e : session.timeline().events()) {
                w.onEvent(e);
            }
        } catch (UncheckedIOException e) {
            return fail("cannot write " + file + ": " + e.getMessage());
        }
        say("wrote " + session.timeline().size() + " events to " + file);
        return true;
    }

    // ---- time ------------------------------------------------------------------------------

    /** Advances by {@code wallSeconds} of wall clock while playing: replays, then drives the simulator at the end. */
    public void tick(double wallSeconds) {
        if (!playing || session == null) {
            return;
        }
        Timeline tl = session.timeline();
        if (session instanceof AttachedRun att) {
            boolean following = cursor == tl.size();
            att.drain();
            if (following) {
                cursor = tl.size();
                viewTime = Math.max(viewTime, tl.endTime());
            }
            if (!att.connected() && att.endReason() != null && !status.startsWith("trace stream ended")) {
                say("trace stream ended: " + att.endReason());
            }
            changed();
            return;
        }
        // virtual time owed, kept fractional so that slow speeds are not rounded up to 1 ms a frame
        owed += wallSeconds * speed;
        long step = (long) Math.floor(owed);
        owed -= step;
        if (step == 0) {
            changed();
            return;
        }
        long target = viewTime + step;
        if (cursor < tl.size()) {
            cursor = Math.max(cursor, tl.cursorAt(target));
            viewTime = target;
            if (cursor < tl.size()) {
                changed();
                return;
            }
        }
        if (session instanceof LiveRun run && !run.finished()) {
            try {
                run.apply(new UserAction.Advance(target, MAX_STEPS_PER_FRAME));
            } catch (consensuslab.sim.ProtocolException e) {
                playing = false;
                cursor = run.timeline().size();
                fail("the protocol failed: " + Json.firstLine(e));
                return;
            }
            cursor = run.timeline().size();
            viewTime = run.now();
            if (run.finished()) {
                playing = false;
                say("run reached its end at " + run.now() + "ms");
            }
        } else {
            viewTime = Math.min(target, Math.max(tl.endTime(), session.until()));
            if (cursor >= tl.size() && viewTime >= tl.endTime()) {
                playing = false;
            }
        }
        changed();
    }

    /** Shows the next event; at the live end, runs the simulator's next event. */
    public void stepEvent() {
        if (session == null) {
            return;
        }
        Timeline tl = session.timeline();
        if (session instanceof AttachedRun att) {
            att.drain();
        }
        if (cursor >= tl.size() && session instanceof LiveRun run && !run.finished()) {
            int before = tl.size();
            try {
                run.apply(new UserAction.Step());
            } catch (consensuslab.sim.ProtocolException e) {
                fail("the protocol failed: " + Json.firstLine(e));
            }
            if (run.timeline().size() == before) {
                say("nothing left to run");
            }
        }
        tl = session.timeline();
        if (cursor < tl.size()) {
            cursor++;
            viewTime = Math.max(viewTime, tl.get(cursor - 1).time());
            selectedEvent = cursor - 1;
        }
        changed();
    }

    /** The kinds of log line "Next phase" stops at. */
    private static final java.util.Set<EventLog.Kind> PHASE_STOPS = java.util.EnumSet.of(EventLog.Kind.PHASE, EventLog.Kind.CRASH,
            EventLog.Kind.RESTART, EventLog.Kind.PAUSE, EventLog.Kind.RESUME, EventLog.Kind.PARTITION, EventLog.Kind.HEAL,
            EventLog.Kind.VIOLATION);

    /** Events "Next phase" runs at most before it gives up. */
    public static final int PHASE_LIMIT = 50_000;

    /**
     * Steps to the next moment that changes the story: a node's phase (its role, or a participant's
     * transaction state: see Phase, so also a decision), a crash, restart, pause, resume, partition or
     * heal, a decision the protocol notes ("learned ..."), or a violation. At the live end it runs the
     * simulator on until one happens (or the run ends).
     */
    public void stepPhase() {
        if (session == null) {
            return;
        }
        for (int i = 0; i < PHASE_LIMIT; i++) {
            int before = cursor;
            stepEvent();
            if (cursor == before) {
                if (session instanceof LiveRun run && !run.finished() && cursor == run.timeline().size()) {
                    continue; // a simulator event that traced nothing (a stale timer): run on
                }
                say(session instanceof LiveRun run && run.finished() ? "the run has ended: no further phase change"
                        : "no further phase change");
                return;
            }
            EventLog l = log();
            int from = l.countBefore(cursor - 1);
            int to = l.countBefore(cursor);
            for (int k = from; k < to; k++) {
                EventLog.Line line = l.lines().get(k);
                if (PHASE_STOPS.contains(line.kind()) || line.kind() == EventLog.Kind.NOTE && decision(line.text())) {
                    say((line.node() == null ? "" : line.node() + ": ") + line.text() + " at " + line.time() + "ms");
                    return;
                }
            }
        }
        say("no phase change within " + PHASE_LIMIT + " events");
    }

    /**
     * Jumps to a bookmark: the first log line it matches, recorded or, at the live end, run to
     * (within {@link #PHASE_LIMIT} events). Pauses. False when the run holds no such moment.
     */
    public boolean jumpTo(consensuslab.visualizer.model.Bookmark b) {
        if (session == null) {
            return false;
        }
        setPlaying(false);
        int scanned = 0;
        for (int i = 0; ; i += 64) {
            List<EventLog.Line> lines = log().lines();
            if (scanned > lines.size()) {
                scanned = 0; // the log was rebuilt (a fork)
            }
            for (; scanned < lines.size(); scanned++) {
                EventLog.Line line = lines.get(scanned);
                if (b.matches(line)) {
                    seekEvent((int) line.seq());
                    say(b.label() + ": " + (line.node() == null ? "" : line.node() + ": ") + line.text() + " at " + line.time() + "ms");
                    return true;
                }
            }
            if (i >= PHASE_LIMIT || !(session instanceof LiveRun run) || run.finished()) {
                say(b.label() + ": not in this run");
                return false;
            }
            // not recorded yet: run the simulator on from the live end, a handful of events at a time
            cursor = session.timeline().size();
            int before = cursor;
            for (int k = 0; k < 64; k++) {
                stepEvent();
            }
            if (cursor == before && run.finished()) {
                say(b.label() + ": not in this run");
                return false;
            }
        }
    }

    /** A note that reports a decision: a value learned, a leader established, a transaction decided. */
    private static boolean decision(String note) {
        return note.startsWith("learned") || note.startsWith("election over") || note.startsWith("established")
                || note.contains(": commit") || note.contains(": abort");
    }

    public void stepBack() {
        if (session != null && cursor > 0) {
            cursor--;
            viewTime = cursor == 0 ? 0 : session.timeline().get(cursor - 1).time();
            selectedEvent = cursor - 1;
            changed();
        }
    }

    /** Jumps to just after event {@code index}. */
    public void seekEvent(int index) {
        if (session == null) {
            return;
        }
        int c = Math.max(0, Math.min(index + 1, session.timeline().size()));
        cursor = c;
        viewTime = c == 0 ? 0 : session.timeline().get(c - 1).time();
        selectedEvent = c - 1;
        changed();
    }

    /** Scrubs to virtual time t: shows every event at or before it. */
    public void seekTime(long t) {
        if (session == null) {
            return;
        }
        Timeline tl = session.timeline();
        t = Math.max(0, Math.min(t, Math.max(tl.endTime(), liveNow())));
        cursor = tl.cursorAt(t);
        viewTime = t;
        changed();
    }

    /** Back to the end of what was recorded (the live edge). */
    public void toEnd() {
        if (session != null) {
            cursor = session.timeline().size();
            viewTime = Math.max(session.timeline().endTime(), liveNow());
            changed();
        }
    }

    private long liveNow() {
        return session instanceof LiveRun run ? run.now() : 0;
    }

    public void setPlaying(boolean p) {
        playing = p && session != null;
        changed();
    }

    public void togglePlay() {
        setPlaying(!playing);
    }

    public void setSpeed(double virtualMsPerSecond) {
        speed = Math.max(0.01, virtualMsPerSecond);
        changed();
    }

    // ---- acting ----------------------------------------------------------------------------

    /**
     * Applies a user action. In the past (cursor before the end) it forks: the run is replayed to
     * here, the old future is forgotten, and the action applies. Read-only sessions refuse.
     */
    public boolean act(UserAction a) {
        if (!(session instanceof LiveRun run)) {
            return fail(session == null ? "no run" : session instanceof AttachedRun
                    ? "read-only: a cluster followed over TCP is watched, not driven (use bin/lab's own controls)"
                    : "read-only: an imported trace cannot be changed (start a live run to act)");
        }
        String forked = "";
        if (cursor < run.timeline().size()) {
            int at = cursor;
            int dropped = run.timeline().size() - cursor;
            run.forkAt(at);
            forked = " (forked at event " + run.timeline().size() + ": " + Math.max(0, dropped - (run.timeline().size() - at))
                    + " later events forgotten)";
        }
        try {
            run.apply(a);
        } catch (IllegalArgumentException | consensuslab.sim.ProtocolException e) {
            cursor = run.timeline().size();
            viewTime = run.now();
            return fail(a.describe() + ": " + Json.firstLine(e));
        }
        cursor = run.timeline().size();
        viewTime = run.now();
        say(a.describe() + " at " + run.now() + "ms" + forked);
        return true;
    }

    /** Crashes the node if it is up, restarts it if it is down. */
    public boolean crashOrRestart(String node) {
        if (node == null || session == null) {
            return fail("select a node first (click it, or press 1-9)");
        }
        ClusterState.NodeView v = state().node(node);
        boolean up = v == null || v.up();
        return act(up ? new UserAction.Crash(node) : new UserAction.Restart(node));
    }

    /** Moves a server to the other side of the partition (or cuts it off alone when healed). */
    public boolean toggleIsolated(String node) {
        if (node == null || session == null || !session.servers().contains(node)) {
            return fail("select a server first");
        }
        List<List<String>> groups = state().partition();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        if (groups.isEmpty()) {
            a.add(node);
        } else {
            a.addAll(groups.get(0));
            for (int i = 1; i < groups.size(); i++) {
                b.addAll(groups.get(i));
            }
            if (a.contains(node)) {
                a.remove(node);
                b.add(node);
            } else {
                b.remove(node);
                a.add(node);
            }
        }
        for (String s : session.servers()) {
            if (!a.contains(s) && !b.contains(s)) {
                b.add(s);
            }
        }
        if (a.isEmpty() || b.isEmpty()) {
            return act(new UserAction.Heal());
        }
        return act(new UserAction.Partition(List.of(sorted(a), sorted(b))));
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort((x, y) -> consensuslab.core.NodeId.of(x).compareTo(consensuslab.core.NodeId.of(y)));
        return s;
    }

    public boolean dropSelected() {
        if (selectedMsg == null) {
            return fail("select a message in flight first (click it)");
        }
        return act(new UserAction.DropMessage(selectedMsg));
    }

    // ---- reading ---------------------------------------------------------------------------

    public Session session() {
        return session;
    }

    /** The run's "what just happened" log, caught up with everything recorded so far. */
    public EventLog log() {
        log.update(session);
        return log;
    }

    public ClusterState state() {
        return session.timeline().at(cursor);
    }

    public int cursor() {
        return cursor;
    }

    public long viewTime() {
        return viewTime;
    }

    /**
     * The view time with the fraction of a millisecond owed to it while playing: markers drawn at
     * this time move every frame even when a frame is worth less than a millisecond of run.
     */
    public double smoothTime() {
        return playing ? viewTime + owed : viewTime;
    }

    public boolean playing() {
        return playing;
    }

    public double speed() {
        return speed;
    }

    /** True while the cursor is at the end of a live run that can still go on. */
    public boolean atLiveEdge() {
        return session instanceof LiveRun run && cursor == run.timeline().size() && !run.finished();
    }

    /** When a message in flight at the cursor arrives: from the recording, else the simulator's queue, else -1. */
    public long arrival(ClusterState.InFlight f) {
        long t = session.timeline().arrival(f.id(), cursor);
        if (t < 0 && session instanceof LiveRun run && cursor == run.timeline().size()) {
            Long p = run.pendingArrivals().get(f.id());
            if (p != null) {
                t = p;
            }
        }
        return t;
    }

    /** The checkers with what they found before the cursor. */
    public List<CheckStatus> checks() {
        List<CheckStatus> out = new ArrayList<>();
        if (session == null) {
            return out;
        }
        boolean ended = session instanceof LiveRun run ? run.finished() : true;
        for (Checker c : session.checkers()) {
            Violation first = null;
            for (Violation v : c.violations()) {
                if (v.seq() >= 0 ? v.seq() < cursor : ended && cursor == session.timeline().size()) {
                    first = v;
                    break;
                }
            }
            String why = first != null ? null : c.notJudged();
            if (why != null && ended && cursor < session.timeline().size()) {
                why = "judged when the run ends"; // scrubbed back: the end is not shown yet
            }
            out.add(new CheckStatus(c.name(), first, why));
        }
        // violations first, in the order they happened (the root cause above its consequences)
        out.sort(java.util.Comparator.comparingLong(CheckStatus::order));
        return out;
    }

    /**
     * One checker's verdict so far: {@code violation} null while it holds; {@code notJudged} non-null
     * when it cannot say (a liveness promise on a run too short, bounded or still in a fault).
     */
    public record CheckStatus(String name, Violation violation, String notJudged) {
        long order() {
            return violation == null ? Long.MAX_VALUE : violation.seq() < 0 ? Long.MAX_VALUE - 1 : violation.seq();
        }
    }

    public String selectedNode() {
        return selectedNode;
    }

    public void selectNode(String n) {
        if (n != null && (session == null || !session.servers().contains(n) && !session.clients().contains(n))) {
            return; // no such node in this run (a digit key beyond the cluster's size)
        }
        selectedNode = n;
        changed();
    }

    public Long selectedMsg() {
        return selectedMsg;
    }

    public void selectMessage(Long id) {
        selectedMsg = id;
        changed();
    }

    public int selectedEvent() {
        return selectedEvent;
    }

    public void selectEvent(int index) {
        selectedEvent = index;
        if (index >= 0 && session != null && index < session.timeline().size()) {
            TraceEvent e = session.timeline().get(index);
            if (e.node() != null) {
                selectedNode = e.node();
            }
            if (e.id() != null && (e.type() == EventType.SEND || e.type() == EventType.DELIVER || e.type() == EventType.DROP
                    || e.type() == EventType.DUPLICATE)) {
                selectedMsg = e.id();
            }
        }
        changed();
    }

    public String nodeFilter() {
        return nodeFilter;
    }

    public void setNodeFilter(String n) {
        nodeFilter = n == null || n.isEmpty() || n.equals("all nodes") ? null : n;
        changed();
    }

    public String typeFilter() {
        return typeFilter;
    }

    public void setTypeFilter(String t) {
        typeFilter = t == null || t.isEmpty() || t.equals("all types") ? null : t;
        changed();
    }

    /** True when a message passes the node and type filters. */
    public boolean shown(String from, String to, String type) {
        return (nodeFilter == null || nodeFilter.equals(from) || nodeFilter.equals(to)) && (typeFilter == null || typeFilter.equals(type));
    }

    public String status() {
        return status;
    }

    /** Bumped on every change; views redo expensive work only when it moves. */
    public long version() {
        return version;
    }

    /** True when the status line reports something that went wrong. */
    public boolean statusError() {
        return statusError;
    }

    void say(String s) {
        status = s;
        statusError = false;
        changed();
    }

    private boolean fail(String s) {
        status = s;
        statusError = true;
        changed();
        return false;
    }

    private void changed() {
        version++;
    }
}
