package consensuslab.labs.course;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.core.NodeId;
import consensuslab.trace.TraceEvent;
import consensuslab.core.Params;
import consensuslab.faults.Fault;
import consensuslab.prop.FaultBounds;
import consensuslab.prop.PropertyRunner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The named predicates scenario files may use in a checkpoint ({@code {"predicate": "sameAcross",
 * "args": {...}}}), for what a state or count checkpoint cannot say. Each is small and general; no
 * lab has code of its own. To add one: a method {@code (LabRun, JsonNode args) -> Outcome} and a
 * line in {@link #ALL} (docs/labs/README.md lists them).
 */
public final class Predicates {

    /** Whether it held, and what the run showed (printed beside the checkpoint). */
    public record Outcome(boolean ok, String seen) {
    }

    private static final Map<String, BiFunction<LabRun, JsonNode, Outcome>> ALL = new TreeMap<>(Map.of(
            "sameAcross", Predicates::sameAcross,
            "distinctAcross", Predicates::distinctAcross,
            "propertyShrinks", Predicates::propertyShrinks,
            "replaysIdentically", Predicates::replaysIdentically));

    private Predicates() {
    }

    public static boolean known(String name) {
        return ALL.containsKey(name);
    }

    public static Set<String> names() {
        return ALL.keySet();
    }

    /** Predicates whose outcome depends on their arguments only, not on the run's state: computed once per run. */
    private static final Set<String> PURE = Set.of("propertyShrinks");

    static Outcome evaluate(String name, LabRun run, JsonNode args) {
        try {
            if (PURE.contains(name)) {
                return run.memo(name + " " + args, () -> ALL.get(name).apply(run, args));
            }
            return ALL.get(name).apply(run, args);
        } catch (IllegalArgumentException e) {
            return new Outcome(false, "bad arguments for " + name + ": " + e.getMessage());
        }
    }

    /** {@code {"nodes": ["n1","n2"], "field": "/store"}}: every node shows the same, present value there. */
    static Outcome sameAcross(LabRun run, JsonNode args) {
        List<String> seen = new ArrayList<>();
        Set<JsonNode> values = new LinkedHashSet<>();
        boolean missing = false;
        for (NodeId n : nodes(args)) {
            JsonNode st = run.state(n);
            JsonNode v = st == null ? null : st.at(field(args));
            missing |= v == null || v.isMissingNode();
            values.add(v);
            seen.add(n + "=" + Values.show(v));
        }
        boolean ok = !missing && values.size() == 1;
        return new Outcome(ok, ok ? "all " + seen.size() + " equal: " + shorten(Values.show(values.iterator().next())) : String.join(", ", seen));
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** {@code {"nodes": [...], "field": "/chosen", "is": 2}}: how many different values the nodes show there (absent ones not counted). */
    static Outcome distinctAcross(LabRun run, JsonNode args) {
        List<String> seen = new ArrayList<>();
        Set<JsonNode> values = new LinkedHashSet<>();
        for (NodeId n : nodes(args)) {
            JsonNode st = run.state(n);
            JsonNode v = st == null ? null : st.at(field(args));
            if (v != null && !v.isMissingNode() && !v.isNull()) {
                values.add(v);
            }
            seen.add(n + "=" + Values.show(v));
        }
        int want = args.path("is").asInt(-1);
        return new Outcome(values.size() == want, values.size() + " distinct: " + String.join(", ", seen));
    }

    /**
     * {@code {"params": "bug=nosync,ops=20", "seeds": 200, "shrink": "ops", "expect": ["crash", "restart"]}}:
     * the property runner, over seeded fault schedules (crashes, a partition, drops, duplicates) on
     * the lab's protocol and sizes, finds a violation and shrinks its schedule to exactly these faults.
     */
    static Outcome propertyShrinks(LabRun run, JsonNode args) {
        Scenario.Setup s = run.setup();
        PropertyRunner runner = PropertyRunner.of(run.protocol()).nodes(args.path("nodes").asInt(s.nodes()))
                .clients(args.path("clients").asInt(s.clients())).until(args.path("until").asLong(3_000))
                .params(Params.parse(args.path("params").asText("")))
                .faults(FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.1).dups(0.05).horizon(1_500))
                .seeds(args.path("seeds").asInt(200)).firstSeed(1)
                .out(new PrintStream(OutputStream.nullOutputStream()));
        if (args.has("shrink")) {
            runner.shrinkParam(args.get("shrink").asText());
        }
        Optional<PropertyRunner.Failure> found = runner.search();
        if (found.isEmpty()) {
            return new Outcome(false, "no violation in " + args.path("seeds").asInt(200) + " seeds");
        }
        PropertyRunner.Failure f = found.get();
        List<String> kinds = new ArrayList<>();
        for (Fault x : f.minimal().faults()) {
            kinds.add(x instanceof Fault.NodeFault nf ? nf.action().name().toLowerCase(java.util.Locale.ROOT) : x.render());
        }
        List<String> want = new ArrayList<>();
        args.path("expect").forEach(e -> want.add(e.asText()));
        return new Outcome(kinds.equals(want), "seed " + f.seed() + ", shrunk from " + f.original().faults().size() + " faults to \""
                + f.minimal() + "\" (" + f.violations().get(0).checker() + "); replay: " + f.command());
    }

    /** {@code {}}: a fresh run of the lab, taken through the same steps, writes the same trace byte for byte. */
    static Outcome replaysIdentically(LabRun run, JsonNode args) {
        // The step being checked has not been counted in done() yet: replay it too.
        LabRun again = LabRun.actionsOnly(run.scenario(), run.registry(), run.done() + 1);
        int n = run.trace().size();
        List<TraceEvent> a = run.trace();
        List<TraceEvent> b = again.trace();
        if (b.size() < n) {
            return new Outcome(false, "the replay has only " + b.size() + " of " + n + " events");
        }
        for (int i = 0; i < n; i++) {
            String x = Json.string(a.get(i));
            String y = Json.string(b.get(i));
            if (!x.equals(y)) {
                return new Outcome(false, "event " + i + " differs: " + x + " vs " + y);
            }
        }
        return new Outcome(true, n + " trace events, identical byte for byte");
    }

    private static List<NodeId> nodes(JsonNode args) {
        List<NodeId> out = new ArrayList<>();
        if (!args.path("nodes").isArray()) {
            throw new IllegalArgumentException("\"nodes\" must be a list of node names");
        }
        args.get("nodes").forEach(n -> out.add(NodeId.of(n.asText())));
        return out;
    }

    private static String field(JsonNode args) {
        String f = args.path("field").asText("");
        if (f.isEmpty()) {
            throw new IllegalArgumentException("\"field\" must name a field of the state, like \"/store\"");
        }
        return f.startsWith("/") ? f : "/" + f.replace('.', '/');
    }
}
