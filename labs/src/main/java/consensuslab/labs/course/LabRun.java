package consensuslab.labs.course;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Json;
import consensuslab.core.Message;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.core.Registry;
import consensuslab.faults.FaultSchedule;
import consensuslab.labs.course.Scenario.Action;
import consensuslab.labs.course.Scenario.Check;
import consensuslab.labs.course.Scenario.Step;
import consensuslab.sim.PendingEvent;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab engine: one scenario driving one simulated run, step by step. The run is the protocol's
 * own code in the seeded simulator; steps act on it by hand (crash, partition, drop...) or wait for
 * a protocol event, and the checkpoints read the nodes' published states and the trace. Nothing
 * depends on the wall clock, so the same lab is the same run, byte for byte; going back a step is
 * a replay from the start ({@link #replayTo}).
 */
public final class LabRun {

    /**
     * A checkpoint after a step: what it says, whether it held, what was expected and seen;
     * {@code telling}: the seen value is worth showing even when it held (a count, a search's result).
     */
    public record CheckResult(String says, boolean ok, String expected, String seen, boolean telling) {
        CheckResult(String says, boolean ok, String expected, String seen) {
            this(says, ok, expected, seen, false);
        }
    }

    /** How a node looks after a step. */
    public record NodeLine(String name, String status, String role, String label) {
    }

    /**
     * What a step did and showed.
     *
     * @param number    from 1
     * @param narration the narration with its {@code ${...}} filled in from the run
     * @param focus     the event the step waited for (for highlighting), or null
     * @param failure   why an action could not complete (the event never came), or null
     * @param confirm   the question's confirming checkpoint, or null
     */
    public record StepResult(int number, Step step, long time, String narration, List<NodeLine> nodes, List<String> inFlight, List<CheckResult> checks,
                             CheckResult confirm, TraceEvent focus, String failure) {
        public boolean ok() {
            return failure == null && checks.stream().allMatch(CheckResult::ok) && (confirm == null || confirm.ok());
        }
    }

    private final Scenario scenario;
    private final Registry registry;
    private final List<TraceListener> listeners;
    private Scenario.Setup setup;
    private Protocol<?> protocol;
    private Params params;
    private Simulator<?> sim;
    private List<TraceEvent> trace = new ArrayList<>();
    private final List<StepResult> results = new ArrayList<>();
    private int stepStart;
    /** A replay made by a checkpoint itself: runs the actions, skips the checkpoints. */
    private boolean actionsOnly;
    private TraceEvent focus;

    private LabRun(Scenario s, Registry registry, List<TraceListener> listeners) {
        this.scenario = s;
        this.registry = registry;
        this.listeners = List.copyOf(listeners);
        begin(s.setup());
    }

    /** Starts a run of this setup: a new simulator, an empty trace (listeners see it begin with its header note). */
    private void begin(Scenario.Setup u) {
        try {
            this.protocol = registry.get(u.protocol());
            this.params = Params.parse(u.params());
            SimRun.Options o = new SimRun.Options(u.nodes(), u.clients(), u.seed(), Long.MAX_VALUE, FaultSchedule.parse(u.faults()), params,
                    false, false);
            this.sim = SimRun.build(protocol, o);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(scenario.file() + ": " + Json.firstLine(e));
        }
        this.setup = u;
        this.trace = new ArrayList<>();
        sim.addListener(trace::add);
        listeners.forEach(sim::addListener);
        sim.note("lab " + scenario.id() + " " + scenario.slug() + ": run protocol=" + protocol.name() + " nodes=" + u.nodes() + " clients="
                + u.clients() + " seed=" + u.seed() + (u.params().isEmpty() ? "" : " params=" + u.params())
                + (u.faults().isEmpty() ? "" : " faults=" + u.faults()));
    }

    /** The setup of the run in progress (the lab's, or the last step's {@code fresh}). */
    public Scenario.Setup setup() {
        return setup;
    }

    /** A fresh run of the lab, before its first step. */
    public static LabRun start(Scenario s, Registry registry) {
        return new LabRun(s, registry, List.of());
    }

    /** A fresh run whose trace events also go to {@code listeners} (a trace file, the visualizer's timeline). */
    public static LabRun start(Scenario s, Registry registry, List<TraceListener> listeners) {
        return new LabRun(s, registry, listeners);
    }

    /** A fresh run taken through its first {@code steps} steps: how "back" works. */
    public static LabRun replayTo(Scenario s, Registry registry, int steps) {
        LabRun r = start(s, registry);
        while (r.done() < steps) {
            r.next();
        }
        return r;
    }

    public consensuslab.core.Protocol<?> protocol() {
        return protocol;
    }

    Registry registry() {
        return registry;
    }

    private final Map<String, Predicates.Outcome> memo = new java.util.HashMap<>();

    Predicates.Outcome memo(String key, java.util.function.Supplier<Predicates.Outcome> compute) {
        Predicates.Outcome o = memo.get(key);
        if (o == null) {
            o = compute.get();
            memo.put(key, o);
        }
        return o;
    }

    /** A fresh run through the actions of its first {@code steps} steps, checkpoints skipped. */
    static LabRun actionsOnly(Scenario s, Registry registry, int steps) {
        LabRun r = start(s, registry);
        r.actionsOnly = true;
        while (r.done() < steps) {
            r.next();
        }
        return r;
    }

    public Scenario scenario() {
        return scenario;
    }

    public Simulator<?> sim() {
        return sim;
    }

    /** Every trace event so far, of the run in progress (a step with {@code fresh} starts a new one). */
    public List<TraceEvent> trace() {
        return trace;
    }

    /** Steps done so far. */
    public int done() {
        return results.size();
    }

    public boolean finished() {
        return done() == scenario.steps().size();
    }

    public List<StepResult> results() {
        return results;
    }

    /** Runs the next step and returns what it showed. */
    public StepResult next() {
        if (finished()) {
            throw new IllegalStateException("the lab has no more steps");
        }
        int number = done() + 1;
        Step step = scenario.steps().get(number - 1);
        if (step.fresh() != null) {
            begin(step.fresh());
        }
        sim.note("lab step " + number + (step.title().isEmpty() ? "" : ": " + step.title()));
        stepStart = trace.size();
        focus = null;
        String failure = null;
        for (Action a : step.actions()) {
            failure = act(a);
            if (failure != null) {
                break;
            }
        }
        List<CheckResult> checks = new ArrayList<>();
        CheckResult confirm = null;
        if (!actionsOnly) {
            for (Check c : step.checks()) {
                checks.add(evaluate(c));
            }
            confirm = step.question() == null ? null : evaluate(step.question().confirm());
        }
        StepResult r = new StepResult(number, step, sim.now(), fill(step.narrate()), nodes(), inFlight(), List.copyOf(checks), confirm, focus, failure);
        results.add(r);
        return r;
    }

    // ---- actions ---------------------------------------------------------------------------------

    private String act(Action a) {
        if (a instanceof Action.Run r) {
            sim.runUntil(sim.now() + r.millis());
        } else if (a instanceof Action.Until u) {
            TraceEvent e = waitFor(u.match(), u.within());
            if (e == null) {
                return "waited " + u.within() + "ms for " + u.match().describe() + "; it did not happen";
            }
            focus = e;
        } else if (a instanceof Action.Start s) {
            List<String> names = new ArrayList<>();
            for (NodeId n : s.nodes().isEmpty() ? all() : s.nodes()) {
                names.add(n.name());
            }
            boolean ok = sim.runUntil(x -> started().containsAll(names), sim.now() + s.within());
            if (!ok) {
                return "waited " + s.within() + "ms for " + String.join(",", names) + " to start; they did not";
            }
        } else if (a instanceof Action.Crash c) {
            sim.crash(c.node());
        } else if (a instanceof Action.Restart r) {
            sim.restart(r.node());
        } else if (a instanceof Action.Pause p) {
            sim.pause(p.node());
        } else if (a instanceof Action.Resume r) {
            sim.resume(r.node());
        } else if (a instanceof Action.Partition p) {
            sim.partition(p.groups());
        } else if (a instanceof Action.Heal) {
            sim.heal();
        } else if (a instanceof Action.Drop d) {
            EventMatch sends = d.match().type() == null ? withType(d.match(), EventType.SEND) : d.match();
            TraceEvent e = waitFor(sends, d.within());
            if (e == null || e.type() != EventType.SEND) {
                return "waited " + d.within() + "ms for " + sends.describe() + " to drop; it was not sent";
            }
            sim.dropInFlight(e.id());
            focus = e;
        } else if (a instanceof Action.Send s) {
            return send(s);
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private String send(Action.Send s) {
        Object msg;
        try {
            Json.registerSealed(protocol.messageType());
            msg = Json.MAPPER.treeToValue(s.msg(), protocol.messageType());
        } catch (Exception e) {
            return "cannot read the message " + s.msg() + " as a " + protocol.name() + " message: " + Json.firstLine(e);
        }
        ((Simulator) sim).inject(s.from(), s.to(), (Message) msg);
        return null;
    }

    private static EventMatch withType(EventMatch m, EventType t) {
        return new EventMatch(t, m.node(), m.from(), m.to(), m.msg(), m.text(), m.where(), m.nth());
    }

    /** Runs until an event matches (the n-th of the run, if {@code nth} is set); null if none within the time. */
    private TraceEvent waitFor(EventMatch m, long within) {
        int from = m.nth() > 0 ? 0 : trace.size();
        TraceEvent[] found = new TraceEvent[1];
        int[] scanned = {from};
        int[] seen = {0};
        sim.runUntil(x -> {
            for (; scanned[0] < trace.size(); scanned[0]++) {
                TraceEvent e = trace.get(scanned[0]);
                if (m.test(e) && (m.nth() == 0 || ++seen[0] == m.nth())) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        }, sim.now() + within);
        return found[0];
    }

    private List<NodeId> all() {
        List<NodeId> l = new ArrayList<>(sim.servers());
        l.addAll(sim.clients());
        return l;
    }

    private Set<String> started() {
        Set<String> s = new HashSet<>();
        for (TraceEvent e : trace) {
            if (e.type() == EventType.START) {
                s.add(e.node());
            }
        }
        return s;
    }

    // ---- checkpoints -----------------------------------------------------------------------------

    /** Evaluates a checkpoint against the run as it stands. */
    public CheckResult evaluate(Check c) {
        if (c instanceof Check.State s) {
            JsonNode st = state(s.node());
            List<String> exp = new ArrayList<>();
            List<String> saw = new ArrayList<>();
            boolean ok = true;
            for (Map.Entry<String, JsonNode> e : s.equals().entrySet()) {
                JsonNode v = st == null ? null : st.at(e.getKey());
                exp.add(e.getKey() + " = " + Values.show(e.getValue()));
                saw.add(e.getKey() + " = " + Values.show(v));
                ok &= Values.same(v, e.getValue());
            }
            for (Map.Entry<String, String> e : s.contains().entrySet()) {
                JsonNode v = st == null ? null : st.at(e.getKey());
                exp.add(e.getKey() + " contains " + e.getValue());
                saw.add(e.getKey() + " = " + Values.show(v));
                ok &= v != null && !v.isMissingNode() && Values.show(v).contains(e.getValue());
            }
            return new CheckResult(s.says(), ok, s.node() + ": " + String.join(", ", exp), s.node() + ": " + String.join(", ", saw));
        }
        if (c instanceof Check.Up u) {
            boolean up = sim.isUp(u.node());
            return new CheckResult(u.says(), up == u.up(), u.node() + (u.up() ? " up" : " down"), u.node() + (up ? " up" : " down"));
        }
        if (c instanceof Check.Count k) {
            long n = 0;
            for (int i = k.sinceStep() ? stepStart : 0; i < trace.size(); i++) {
                if (k.match().test(trace.get(i))) {
                    n++;
                }
            }
            String range = k.min() == k.max() ? "exactly " + k.min() : k.max() == Long.MAX_VALUE ? "at least " + k.min()
                    : k.min() == 0 ? "at most " + k.max() : k.min() + ".." + k.max();
            return new CheckResult(k.says(), n >= k.min() && n <= k.max(), range + " × " + k.match().describe(), String.valueOf(n), true);
        }
        if (c instanceof Check.Verdict v) {
            List<String> names = new ArrayList<>();
            List<Violation> found = new ArrayList<>();
            for (Checker ch : protocol.checkers(params, setup.nodes(), setup.clients())) {
                names.add(ch.name());
                if (ch.name().equals(v.checker())) {
                    trace.forEach(ch::onEvent);
                    ch.finish(sim.now());
                    found.addAll(ch.violations());
                }
            }
            if (!names.contains(v.checker())) {
                return new CheckResult(v.says(), false, "checker " + v.checker(), "no such checker (" + protocol.name() + " has: " + names + ")");
            }
            String seen = found.isEmpty() ? "passes" : "VIOLATION " + found.get(0);
            return new CheckResult(v.says(), found.isEmpty() == v.ok(), v.checker() + (v.ok() ? " passes" : " reports a violation"), seen, true);
        }
        if (c instanceof Check.Named n) {
            Predicates.Outcome o = Predicates.evaluate(n.predicate(), this, n.args());
            return new CheckResult(n.says(), o.ok(), n.predicate() + " " + n.args(), o.seen(), true);
        }
        throw new IllegalStateException(String.valueOf(c));
    }

    /** A node's published state as JSON, or null before it published one. */
    public JsonNode state(NodeId n) {
        Object s = sim.state(n);
        return s == null ? null : Json.tree(s);
    }

    private List<NodeLine> nodes() {
        List<NodeLine> out = new ArrayList<>();
        Set<String> started = started();
        for (NodeId n : all()) {
            JsonNode st = state(n);
            String status = !started.contains(n.name()) ? "not started" : !sim.isUp(n) ? "DOWN" : sim.isPaused(n) ? "paused" : "up";
            out.add(new NodeLine(n.name(), status, st == null ? "" : Values.show(st.path("role")).replace("(none)", ""),
                    st == null ? "" : Values.show(st.path("label")).replace("(none)", "")));
        }
        return out;
    }

    /** The messages in flight, in the order they are due: "Ping c1→n3 due 17ms". */
    private List<String> inFlight() {
        List<String> out = new ArrayList<>();
        for (PendingEvent e : sim.pending()) {
            if (e.kind().equals("deliver")) {
                out.add(e.what() + " " + e.from() + "→" + e.node() + " due " + e.time() + "ms");
            }
        }
        return out;
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

    /**
     * Fills {@code ${n2.label}}, {@code ${n2/txns/c1.1}} (a JSON pointer into n2's state),
     * {@code ${event.from}} (the event the step waited for: node, from, to, msg, time, text) and
     * {@code ${now}} from the run, so the narration says what this run did.
     */
    String fill(String text) {
        Matcher m = VAR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(lookup(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String lookup(String var) {
        if (var.equals("now")) {
            return sim.now() + "ms";
        }
        if (var.startsWith("event.")) {
            if (focus == null) {
                return "?";
            }
            return switch (var.substring(6)) {
                case "node" -> String.valueOf(focus.node());
                case "from" -> String.valueOf(focus.from());
                case "to" -> String.valueOf(focus.to());
                case "msg" -> String.valueOf(focus.msgType());
                case "time" -> focus.time() + "ms";
                case "text" -> String.valueOf(focus.text());
                default -> {
                    JsonNode payload = TraceEvent.json(EventMatch.payload(focus));
                    yield payload == null ? "?" : Values.show(payload.at("/" + var.substring(6).replace('.', '/')));
                }
            };
        }
        int cut = var.indexOf('/') >= 0 ? var.indexOf('/') : var.indexOf('.');
        if (cut < 0) {
            return "${" + var + "}";
        }
        String node = var.substring(0, cut);
        String pointer = var.charAt(cut) == '/' ? var.substring(cut) : "/" + var.substring(cut + 1).replace('.', '/');
        NodeId id;
        try {
            id = NodeId.of(node);
            sim.state(id);
        } catch (IllegalArgumentException e) {
            return "${" + var + "}";
        }
        JsonNode st = state(id);
        return st == null ? "(nothing yet)" : Values.show(st.at(pointer));
    }
}
