package consensuslab.visualizer.model;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.check.Checker;
import consensuslab.core.Json;
import consensuslab.core.Message;
import consensuslab.core.NodeId;
import consensuslab.core.Protocol;
import consensuslab.sim.PendingEvent;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A live simulator run: its {@link RunSpec}, the user actions applied so far, and the timeline
 * recorded from the simulator's trace. Acting on the past ({@link #forkAt}) re-runs the spec with
 * the same actions up to that point (the run is deterministic) and drops the rest: a new future.
 */
public final class LiveRun implements Session {

    private final Protocol<?> protocol;
    private final RunSpec spec;
    private final SimRun.Options options;
    private final List<String> servers = new ArrayList<>();
    private final List<String> clients = new ArrayList<>();
    private final List<UserAction> log = new ArrayList<>();
    private Simulator<?> sim;
    private Timeline timeline;
    private CheckerFeed checkers;
    private long pendingAt = -1;
    private Map<Long, Long> pendingArrivals = Map.of();
    private boolean finished;

    /** Starts the run; throws IllegalArgumentException with one line if the spec is bad. */
    public LiveRun(Protocol<?> protocol, RunSpec spec) {
        this.protocol = protocol;
        this.spec = spec;
        this.options = spec.options();
        for (int i = 1; i <= spec.nodes(); i++) {
            servers.add("n" + i);
        }
        for (int i = 1; i <= spec.clients(); i++) {
            clients.add("c" + i);
        }
        boot();
    }

    private void boot() {
        sim = build(protocol, options);
        List<String> names = new ArrayList<>(servers);
        names.addAll(clients);
        timeline = new Timeline(names);
        checkers = new CheckerFeed(protocol.checkers(options.params(), spec.nodes(), spec.clients()), CheckerFeed.WORKER);
        sim.addListener(timeline);
        sim.addListener(checkers);
        sim.note("run protocol=" + protocol.name() + " nodes=" + spec.nodes() + " clients=" + spec.clients() + " seed=" + spec.seed()
                + (spec.params().isEmpty() ? "" : " params=" + options.params())
                + (spec.faults().isEmpty() ? "" : " faults=" + options.faults()));
        pendingAt = -1;
        finished = false;
    }

    private static <M extends Message> Simulator<M> build(Protocol<M> p, SimRun.Options o) {
        return SimRun.build(p, o);
    }

    public RunSpec spec() {
        return spec;
    }

    /** The actions applied so far, in order (with the spec, they determine the run). */
    public List<UserAction> actions() {
        return List.copyOf(log);
    }

    public Simulator<?> simulator() {
        return sim;
    }

    /** Virtual time now in the simulator. */
    public long now() {
        return sim.now();
    }

    /** Events the simulator has run. */
    public long simEvents() {
        return sim.stats().events();
    }

    /** True once virtual time reached {@code until} or nothing is left to run; checkers have been finished. */
    public boolean finished() {
        return finished;
    }

    /**
     * Applies an action at the end of the run and records it. Throws IllegalArgumentException with
     * one line when it cannot apply (no such node, message no longer in flight, bad JSON).
     */
    public void apply(UserAction a) {
        if (a instanceof UserAction.Advance adv) {
            long start = sim.stats().events();
            long until = Math.min(adv.until(), spec.until());
            sim.runUntil(s -> s.stats().events() - start >= adv.maxSteps(), until);
            if (sim.now() >= spec.until()) {
                finish();
            }
        } else if (a instanceof UserAction.Step) {
            if (!sim.step()) {
                finish();
            }
        } else if (a instanceof UserAction.StepsTo s) {
            while (sim.stats().events() < s.events() && sim.step()) {
                // run
            }
        } else if (a instanceof UserAction.Crash c) {
            sim.crash(node(c.node()));
        } else if (a instanceof UserAction.Restart r) {
            sim.restart(node(r.node()));
        } else if (a instanceof UserAction.Pause p) {
            sim.pause(node(p.node()));
        } else if (a instanceof UserAction.Resume r) {
            sim.resume(node(r.node()));
        } else if (a instanceof UserAction.Partition p) {
            List<List<NodeId>> groups = new ArrayList<>();
            for (List<String> g : p.groups()) {
                List<NodeId> ids = new ArrayList<>();
                for (String n : g) {
                    ids.add(node(n));
                }
                groups.add(ids);
            }
            sim.partition(groups);
        } else if (a instanceof UserAction.Heal) {
            sim.heal();
        } else if (a instanceof UserAction.DropMessage d) {
            sim.dropInFlight(d.id());
        } else if (a instanceof UserAction.Inject i) {
            inject(i);
        }
        log.add(a);
        pendingAt = -1;
        checkers.flush();
    }

    private void finish() {
        if (!finished) {
            finished = true;
            checkers.finish(sim.now());
        }
    }

    private NodeId node(String name) {
        NodeId id = NodeId.of(name);
        if (!servers.contains(name) && !clients.contains(name)) {
            throw new IllegalArgumentException("no node " + name + " in this run");
        }
        return id;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void inject(UserAction.Inject i) {
        Class<? extends Message> type = protocol.messageType();
        Message m;
        try {
            Json.registerSealed(type);
            JsonNode tree = Json.MAPPER.readTree(i.json());
            m = Json.MAPPER.treeToValue(tree, type);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + Json.firstLine(e));
        }
        NodeId from = node(i.from());
        NodeId to = node(i.to());
        ClientRequests.Invoke op = ClientRequests.of(i.from(), m);
        if (op != null && clients.contains(op.client())) {
            sim.invoke(NodeId.of(op.client()), op.opId(), op.op()); // the checkers count it as proposed
        }
        ((Simulator) sim).inject(from, to, m);
    }

    /**
     * Acts on the past: rebuilds the run and replays the recorded actions until the trace holds at
     * least {@code cursor} events (the end of the handler that was running there), and forgets
     * everything after. Then {@link #apply} adds the new action.
     */
    public void forkAt(int cursor) {
        List<UserAction> old = new ArrayList<>(log);
        log.clear();
        boot();
        for (UserAction a : old) {
            if (timeline.size() >= cursor) {
                break;
            }
            if (a instanceof UserAction.Advance adv) {
                long start = sim.stats().events();
                long until = Math.min(adv.until(), spec.until());
                sim.runUntil(s -> timeline.size() >= cursor || s.stats().events() - start >= adv.maxSteps(), until);
                if (timeline.size() >= cursor) {
                    log.add(new UserAction.StepsTo(sim.stats().events()));
                    break;
                }
                log.add(adv);
            } else {
                apply(a);
            }
        }
        pendingAt = -1;
    }

    /** When each message in flight is due, from the simulator's queue (for animating the live edge). */
    public Map<Long, Long> pendingArrivals() {
        long ev = sim.stats().events() * 31 + log.size();
        if (ev != pendingAt) {
            Map<Long, Long> m = new HashMap<>();
            for (PendingEvent p : sim.pending()) {
                if ("deliver".equals(p.kind())) {
                    m.putIfAbsent(p.msgId(), p.time());
                }
            }
            pendingArrivals = m;
            pendingAt = ev;
        }
        return pendingArrivals;
    }

    /** The message types of the protocol, for the request dialog (requests first). */
    public List<Class<?>> messageTypes() {
        List<Class<?>> out = new ArrayList<>();
        collect(protocol.messageType(), out);
        out.sort((a, b) -> Boolean.compare(!isRequest(a), !isRequest(b)));
        return out;
    }

    private static boolean isRequest(Class<?> c) {
        String n = c.getSimpleName().toLowerCase();
        return n.contains("request") || n.contains("ping") || n.contains("put") || n.contains("create") || n.contains("write")
                || n.contains("submit") || n.contains("propose");
    }

    private static void collect(Class<?> c, List<Class<?>> out) {
        Class<?>[] subs = c.getPermittedSubclasses();
        if (subs == null) {
            if (c.isRecord()) {
                out.add(c);
            }
            return;
        }
        for (Class<?> s : subs) {
            collect(s, out);
        }
    }

    /** A JSON template for a message type: its record components with neutral values. */
    public static String template(Class<?> record) {
        return "{\"type\":\"" + record.getSimpleName() + "\"" + fields(record, 0) + "}";
    }

    private static String fields(Class<?> record, int depth) {
        StringBuilder sb = new StringBuilder();
        if (record.isRecord()) {
            for (var rc : record.getRecordComponents()) {
                sb.append(",\"").append(rc.getName()).append("\":").append(value(rc.getType(), depth));
            }
        }
        return sb.toString();
    }

    private static String value(Class<?> t, int depth) {
        if (t == boolean.class || t == Boolean.class) {
            return "false";
        } else if (t.isPrimitive() || Number.class.isAssignableFrom(t)) {
            return "1";
        } else if (t == String.class) {
            return "\"x\"";
        } else if (java.util.Collection.class.isAssignableFrom(t)) {
            return "[]";
        } else if (java.util.Map.class.isAssignableFrom(t) || JsonNode.class.isAssignableFrom(t)) {
            return "{}";
        } else if (t.isRecord() && depth < 3) {
            String f = fields(t, depth + 1);
            return "{" + (f.isEmpty() ? "" : f.substring(1)) + "}";
        }
        return "null";
    }

    // ---- Session ---------------------------------------------------------------------------

    @Override
    public Timeline timeline() {
        return timeline;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public String title() {
        return spec.command();
    }

    /** The checkers, caught up with every event so far (they run on a thread of their own). */
    @Override
    public List<Checker> checkers() {
        return checkers.checkers();
    }

    @Override
    public Protocol<?> protocol() {
        return protocol;
    }

    @Override
    public List<String> servers() {
        return servers;
    }

    @Override
    public List<String> clients() {
        return clients;
    }

    @Override
    public long until() {
        return spec.until();
    }
}
