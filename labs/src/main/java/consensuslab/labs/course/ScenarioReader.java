package consensuslab.labs.course;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import consensuslab.core.NodeId;
import consensuslab.faults.FaultSchedule;
import consensuslab.faults.FaultSyntaxException;
import consensuslab.labs.course.Scenario.Action;
import consensuslab.labs.course.Scenario.Check;
import consensuslab.labs.course.Scenario.Question;
import consensuslab.labs.course.Scenario.Step;
import consensuslab.trace.EventType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a scenario file (JSON; format in docs/labs/README.md). Every mistake is one
 * {@link ScenarioException} line: {@code labs/1-2pc.json line 42: step 3: unknown action 'crsh' (...)}.
 * The tree is built token by token so that every value remembers the line it started on.
 */
public final class ScenarioReader {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Set<String> ACTIONS = Set.of("run", "until", "start", "crash", "restart", "pause", "resume", "partition", "heal",
            "drop", "send");

    private final String file;
    /** JSON pointer of every value to the line it starts on. */
    private final Map<String, Integer> lines = new LinkedHashMap<>();
    private int nodes;
    private int clients;

    private ScenarioReader(String file) {
        this.file = file;
    }

    /** Parses {@code text}, read from {@code file} (the name used in messages). */
    public static Scenario read(String file, String text) {
        return new ScenarioReader(file).parse(text);
    }

    private Scenario parse(String text) {
        JsonNode root;
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                throw new ScenarioException(file + ": the file is empty");
            }
            root = value(p, "");
            if (p.nextToken() != null) {
                throw fail(p.currentTokenLocation().getLineNr(), "more text after the lab's closing brace");
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw fail(line, "not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ScenarioException(file + ": " + e.getMessage());
        }
        ObjectNode o = object(root, "");
        allow(o, "", "id", "slug", "title", "protocol", "nodes", "clients", "params", "seed", "faults", "intro", "steps");
        int id = integer(o, "", "id", -1, 0, 99);
        String slug = text(o, "", "slug", null);
        if (!slug.matches("[a-z0-9-]+")) {
            throw at("/slug", "slug '" + slug + "' must be lower-case letters, digits and dashes");
        }
        String title = text(o, "", "title", null);
        String protocol = text(o, "", "protocol", null);
        nodes = integer(o, "", "nodes", 3, 1, 99);
        clients = integer(o, "", "clients", 1, 0, 99);
        String params = text(o, "", "params", "");
        long seed = integer(o, "", "seed", 1, 0, Integer.MAX_VALUE);
        String faults = text(o, "", "faults", "");
        try {
            FaultSchedule.parse(faults).validate(nodes, clients);
        } catch (IllegalArgumentException e) {
            throw at("/faults", "faults: " + e.getMessage());
        }
        String intro = text(o, "", "intro", "");
        JsonNode stepsNode = o.get("steps");
        if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty()) {
            throw at(stepsNode == null ? "" : "/steps", "a lab needs \"steps\": a non-empty list");
        }
        base = new Scenario.Setup(protocol, nodes, clients, params, seed, faults);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < stepsNode.size(); i++) {
            steps.add(step(stepsNode.get(i), "/steps/" + i, i + 1));
        }
        return new Scenario(id, slug, title, file, protocol, nodes, clients, params, seed, faults, intro, List.copyOf(steps));
    }

    private Scenario.Setup base;

    /** A fresh run: the lab's setup with the fields given here changed. Later steps name its nodes. */
    private Scenario.Setup fresh(JsonNode n, String path) {
        ObjectNode o = object(n, path);
        allow(o, path, "protocol", "nodes", "clients", "params", "seed", "faults");
        nodes = integer(o, path, "nodes", base.nodes(), 1, 99);
        clients = integer(o, path, "clients", base.clients(), 0, 99);
        String faults = text(o, path, "faults", base.faults());
        try {
            FaultSchedule.parse(faults).validate(nodes, clients);
        } catch (IllegalArgumentException e) {
            throw at(path + "/faults", "faults: " + e.getMessage());
        }
        return new Scenario.Setup(text(o, path, "protocol", base.protocol()), nodes, clients, text(o, path, "params", base.params()),
                integer(o, path, "seed", (int) base.seed(), 0, Integer.MAX_VALUE), faults);
    }

    private Step step(JsonNode n, String path, int number) {
        ObjectNode o = object(n, path);
        allow(o, path, "title", "fresh", "do", "narrate", "check", "question");
        String title = text(o, path, "title", "");
        Scenario.Setup fresh = o.has("fresh") ? fresh(o.get("fresh"), path + "/fresh") : null;
        List<Action> actions = new ArrayList<>();
        JsonNode d = o.get("do");
        if (d != null) {
            if (d.isArray()) {
                for (int i = 0; i < d.size(); i++) {
                    actions.add(action(d.get(i), path + "/do/" + i, number));
                }
            } else {
                actions.add(action(d, path + "/do", number));
            }
        }
        String narrate = text(o, path, "narrate", null);
        List<Check> checks = new ArrayList<>();
        JsonNode c = o.get("check");
        if (c != null) {
            if (!c.isArray()) {
                throw at(path + "/check", "step " + number + ": \"check\" must be a list of checkpoints");
            }
            for (int i = 0; i < c.size(); i++) {
                checks.add(check(c.get(i), path + "/check/" + i, number));
            }
        }
        Question q = o.has("question") ? question(o.get("question"), path + "/question", number) : null;
        return new Step(title, fresh, List.copyOf(actions), narrate, List.copyOf(checks), q);
    }

    private Action action(JsonNode n, String path, int step) {
        ObjectNode o = object(n, path);
        String verb = null;
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (ACTIONS.contains(f)) {
                if (verb != null) {
                    throw at(path, "step " + step + ": one action per object, not both '" + verb + "' and '" + f + "'");
                }
                verb = f;
            } else if (!f.equals("within")) {
                throw at(path + "/" + f, "step " + step + ": unknown action '" + f + "' (one of: " + String.join(", ", new TreeSet<>(ACTIONS)) + ")");
            }
        }
        if (verb == null) {
            throw at(path, "step " + step + ": an action needs one of: " + String.join(", ", new TreeSet<>(ACTIONS)));
        }
        String p = path + "/" + verb;
        JsonNode v = o.get(verb);
        long within = o.has("within") ? time(o.get("within"), path + "/within") : 10_000;
        return switch (verb) {
            case "run" -> new Action.Run(time(v, p));
            case "until" -> new Action.Until(match(v, p, step), within);
            case "drop" -> new Action.Drop(match(v, p, step), within);
            case "start" -> {
                List<NodeId> ns = new ArrayList<>();
                if (!(v.isTextual() && v.asText().equals("all"))) {
                    for (String s : v.asText().split(",")) {
                        ns.add(node(s.trim(), p));
                    }
                }
                yield new Action.Start(ns, within);
            }
            case "crash" -> new Action.Crash(node(textValue(v, p), p));
            case "restart" -> new Action.Restart(node(textValue(v, p), p));
            case "pause" -> new Action.Pause(node(textValue(v, p), p));
            case "resume" -> new Action.Resume(node(textValue(v, p), p));
            case "heal" -> new Action.Heal();
            case "partition" -> {
                List<List<NodeId>> groups = new ArrayList<>();
                for (String g : textValue(v, p).split("\\|")) {
                    List<NodeId> grp = new ArrayList<>();
                    for (String s : g.split(",")) {
                        grp.add(node(s.trim(), p));
                    }
                    groups.add(grp);
                }
                if (groups.size() < 2) {
                    throw at(p, "step " + step + ": a partition needs at least two groups, like \"n1|n2,n3\"");
                }
                yield new Action.Partition(groups);
            }
            case "send" -> {
                ObjectNode s = object(v, p);
                allow(s, p, "from", "to", "msg");
                JsonNode msg = s.get("msg");
                if (msg == null || !msg.isObject() || !msg.has("type")) {
                    throw at(p, "step " + step + ": send needs \"msg\": an object with its \"type\"");
                }
                yield new Action.Send(node(text(s, p, "from", null), p + "/from"), node(text(s, p, "to", null), p + "/to"), msg);
            }
            default -> throw new IllegalStateException(verb);
        };
    }

    private EventMatch match(JsonNode n, String path, int step) {
        ObjectNode o = object(n, path);
        allow(o, path, "type", "node", "from", "to", "msg", "text", "where", "nth");
        EventType type = null;
        if (o.has("type")) {
            String t = text(o, path, "type", null);
            try {
                type = EventType.of(t);
            } catch (IllegalArgumentException e) {
                List<String> names = new ArrayList<>();
                for (EventType et : EventType.values()) {
                    names.add(et.json());
                }
                throw at(path + "/type", "step " + step + ": unknown event type '" + t + "' (one of: " + String.join(", ", names) + ")");
            }
        }
        String node = optNode(o, path, "node");
        String from = optNode(o, path, "from");
        String to = optNode(o, path, "to");
        Map<String, JsonNode> where = pointers(o.get("where"), path + "/where");
        int nth = integer(o, path, "nth", 0, 1, 1_000_000);
        return new EventMatch(type, node, from, to, optText(o, path, "msg"), optText(o, path, "text"), where, nth);
    }

    private Check check(JsonNode n, String path, int step) {
        ObjectNode o = object(n, path);
        String says = text(o, path, "says", null);
        if (o.has("state") || o.has("contains")) {
            allow(o, path, "says", "node", "state", "contains");
            Map<String, String> contains = new LinkedHashMap<>();
            pointers(o.get("contains"), path + "/contains").forEach((k, v) -> contains.put(k, v.asText()));
            return new Check.State(says, node(text(o, path, "node", null), path + "/node"), pointers(o.get("state"), path + "/state"), contains);
        }
        if (o.has("up")) {
            allow(o, path, "says", "node", "up");
            return new Check.Up(says, node(text(o, path, "node", null), path + "/node"), bool(o, path, "up"));
        }
        if (o.has("count")) {
            allow(o, path, "says", "count", "is", "atLeast", "atMost", "since");
            EventMatch m = match(o.get("count"), path + "/count", step);
            long min = 0;
            long max = Long.MAX_VALUE;
            if (o.has("is")) {
                min = integer(o, path, "is", 0, 0, Integer.MAX_VALUE);
                max = min;
            }
            if (o.has("atLeast")) {
                min = integer(o, path, "atLeast", 0, 0, Integer.MAX_VALUE);
            }
            if (o.has("atMost")) {
                max = integer(o, path, "atMost", 0, 0, Integer.MAX_VALUE);
            }
            if (!o.has("is") && !o.has("atLeast") && !o.has("atMost")) {
                throw at(path, "step " + step + ": a count needs \"is\", \"atLeast\" or \"atMost\"");
            }
            String since = text(o, path, "since", "run");
            if (!since.equals("run") && !since.equals("step")) {
                throw at(path + "/since", "step " + step + ": \"since\" is \"run\" or \"step\", not '" + since + "'");
            }
            return new Check.Count(says, m, min, max, since.equals("step"));
        }
        if (o.has("checker")) {
            allow(o, path, "says", "checker", "ok");
            return new Check.Verdict(says, text(o, path, "checker", null), bool(o, path, "ok"));
        }
        if (o.has("predicate")) {
            allow(o, path, "says", "predicate", "args");
            String name = text(o, path, "predicate", null);
            if (!Predicates.known(name)) {
                throw at(path + "/predicate", "step " + step + ": unknown predicate '" + name + "' (known: " + String.join(", ", Predicates.names()) + ")");
            }
            JsonNode args = o.has("args") ? o.get("args") : JsonNodeFactory.instance.objectNode();
            return new Check.Named(says, name, args);
        }
        throw at(path, "step " + step + ": a checkpoint needs one of: state/contains (with node), up (with node), count, checker, predicate");
    }

    private Question question(JsonNode n, String path, int step) {
        ObjectNode o = object(n, path);
        allow(o, path, "ask", "choices", "answer", "explain", "confirm");
        String ask = text(o, path, "ask", null);
        JsonNode cs = o.get("choices");
        if (cs == null || !cs.isArray() || cs.size() < 2) {
            throw at(path + (cs == null ? "" : "/choices"), "step " + step + ": a question needs at least two \"choices\"");
        }
        List<String> choices = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            choices.add(textValue(cs.get(i), path + "/choices/" + i));
        }
        int answer = integer(o, path, "answer", -1, 1, choices.size());
        if (!o.has("confirm")) {
            throw at(path, "step " + step + ": a question needs \"confirm\": the checkpoint that shows the answer in the run");
        }
        return new Question(ask, List.copyOf(choices), answer, text(o, path, "explain", ""), check(o.get("confirm"), path + "/confirm", step));
    }

    // ---- small readers -------------------------------------------------------------------------

    private Map<String, JsonNode> pointers(JsonNode n, String path) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (n == null) {
            return m;
        }
        ObjectNode o = object(n, path);
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey().startsWith("/") ? e.getKey() : "/" + e.getKey().replace('.', '/');
            m.put(k, e.getValue());
        }
        return m;
    }

    private String optNode(ObjectNode o, String path, String field) {
        return o.has(field) ? node(text(o, path, field, null), path + "/" + field).name() : null;
    }

    private NodeId node(String name, String path) {
        NodeId id;
        try {
            id = NodeId.of(name);
        } catch (IllegalArgumentException e) {
            throw at(path, "'" + name + "' is not a node name (n1.." + "n" + nodes + (clients > 0 ? ", c1..c" + clients : "") + ")");
        }
        int max = id.isClient() ? clients : nodes;
        if (id.index() < 1 || id.index() > max) {
            throw at(path, "there is no node " + name + " in this lab (n1..n" + nodes + (clients > 0 ? ", c1..c" + clients : "") + ")");
        }
        return id;
    }

    private long time(JsonNode v, String path) {
        String s = textValue(v, path);
        try {
            return FaultSchedule.parseTime(s, s);
        } catch (FaultSyntaxException e) {
            throw at(path, "'" + s + "' is not a time (use 250ms, 2s or 1.5s)");
        }
    }

    private ObjectNode object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw at(path, "expected an object {...} here");
        }
        return (ObjectNode) n;
    }

    private void allow(ObjectNode o, String path, String... fields) {
        Set<String> ok = Set.of(fields);
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ok.contains(f)) {
                throw at(path + "/" + f, "unknown field '" + f + "' (allowed here: " + String.join(", ", fields) + ")");
            }
        }
    }

    /** A string field; {@code dflt == null} makes it required. */
    private String text(ObjectNode o, String path, String field, String dflt) {
        JsonNode v = o.get(field);
        if (v == null) {
            if (dflt == null) {
                throw at(path, "missing \"" + field + "\"");
            }
            return dflt;
        }
        return textValue(v, path + "/" + field);
    }

    /** A string field that may be absent (null). */
    private String optText(ObjectNode o, String path, String field) {
        return o.has(field) ? textValue(o.get(field), path + "/" + field) : null;
    }

    private String textValue(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw at(path, "expected a string here, not " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return v.asText();
    }

    private int integer(ObjectNode o, String path, String field, int dflt, int min, int max) {
        JsonNode v = o.get(field);
        if (v == null) {
            if (dflt < 0) {
                throw at(path, "missing \"" + field + "\"");
            }
            return dflt;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw at(path + "/" + field, "\"" + field + "\" must be a whole number from " + min + " to " + max + ", not " + v);
        }
        return v.asInt();
    }

    private boolean bool(ObjectNode o, String path, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isBoolean()) {
            throw at(path + (v == null ? "" : "/" + field), "\"" + field + "\" must be true or false");
        }
        return v.asBoolean();
    }

    private ScenarioException at(String path, String what) {
        String p = path;
        Integer line = lines.get(p);
        while (line == null && p.contains("/")) {
            p = p.substring(0, p.lastIndexOf('/'));
            line = lines.get(p);
        }
        return fail(line == null ? 1 : line, what);
    }

    private ScenarioException fail(int line, String what) {
        return new ScenarioException(file + " line " + line + ": " + what);
    }

    /** Jackson's message without its second line and its "[Source: ...]" location (we print the line ourselves). */
    private static String firstLine(String s) {
        String m = String.valueOf(s);
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        int src = m.indexOf(" (start marker at [Source");
        return src < 0 ? m : m.substring(0, src);
    }

    /** Builds the tree below the current token, noting the line every value starts on. */
    private JsonNode value(JsonParser p, String path) throws IOException {
        lines.put(path, p.currentTokenLocation().getLineNr());
        JsonToken t = p.currentToken();
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int line = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    if (o.has(name)) {
                        throw fail(line, "field '" + name + "' appears twice");
                    }
                    o.set(name, value(p, path + "/" + name));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(value(p, path + "/" + i++));
                }
                return a;
            }
            case VALUE_STRING:
                return f.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return f.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return f.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return f.booleanNode(true);
            case VALUE_FALSE:
                return f.booleanNode(false);
            case VALUE_NULL:
                return f.nullNode();
            default:
                throw fail(p.currentTokenLocation().getLineNr(), "unexpected " + t);
        }
    }
}
