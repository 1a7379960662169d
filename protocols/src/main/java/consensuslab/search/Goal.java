package consensuslab.search;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.NodeId;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A predicate over the nodes' published states, written {@code WHO:PATH=VALUE[|VALUE...]}.
 *
 * <ul>
 *   <li>{@code WHO}: {@code any} (some node matches), {@code all} (every server matches), {@code none}
 *       (no node matches), or a comma-separated list of nodes that must all match ({@code n3},
 *       {@code n2,n3,n4}).</li>
 *   <li>{@code PATH}: a dotted path into the published state's JSON ({@code role}, {@code txns.T1});
 *       a {@code *} segment matches any key or element (a node matches if some one does).</li>
 *   <li>{@code VALUE}: the text the field must have; several separated by {@code |}.</li>
 * </ul>
 *
 * Examples: {@code any:role=learner} (some value is chosen in single-decree Paxos),
 * {@code n3:role=LEADING}, {@code none:txns.*=READY} (no 2PC participant is left uncertain).
 */
public final class Goal {

    private enum Who { ANY, ALL, NONE, LISTED }

    private final String text;
    private final Who who;
    private final Set<NodeId> listed = new TreeSet<>();
    private final String[] path;
    private final Set<String> values;

    private Goal(String text) {
        this.text = text;
        int colon = text.indexOf(':');
        int eq = text.indexOf('=');
        if (colon <= 0 || eq < colon + 2 || eq == text.length() - 1) {
            throw new IllegalArgumentException("bad goal '" + text + "': expected WHO:PATH=VALUE, e.g. any:role=learner");
        }
        String w = text.substring(0, colon).trim();
        switch (w) {
            case "any" -> who = Who.ANY;
            case "all" -> who = Who.ALL;
            case "none" -> who = Who.NONE;
            default -> {
                who = Who.LISTED;
                for (String n : w.split(",")) {
                    try {
                        listed.add(NodeId.of(n.trim()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("bad goal '" + text + "': " + e.getMessage());
                    }
                }
            }
        }
        this.path = text.substring(colon + 1, eq).trim().split("\\.");
        this.values = new TreeSet<>(Arrays.asList(text.substring(eq + 1).trim().split("\\|")));
    }

    public static Goal parse(String text) {
        return new Goal(text.trim());
    }

    /** Whether one node's published state matches PATH=VALUE (null state: no). */
    boolean matches(Object published) {
        if (published == null) {
            return false;
        }
        return matches(TraceEvent.json(published), 0);
    }

    private boolean matches(JsonNode at, int i) {
        if (at == null || at.isMissingNode() || at.isNull()) {
            return false;
        }
        if (i == path.length) {
            return !at.isContainerNode() && values.contains(at.asText());
        }
        if (path[i].equals("*")) {
            List<JsonNode> kids = new ArrayList<>();
            at.elements().forEachRemaining(kids::add);
            for (JsonNode k : kids) {
                if (matches(k, i + 1)) {
                    return true;
                }
            }
            return false;
        }
        return matches(at.isArray() && path[i].matches("\\d+") ? at.get(Integer.parseInt(path[i])) : at.get(path[i]), i + 1);
    }

    /** Whether the goal holds, given which nodes match ({@code match[i]} for node {@code ids.get(i)}). */
    boolean holds(List<NodeId> ids, boolean[] match) {
        switch (who) {
            case ANY -> {
                for (boolean m : match) {
                    if (m) {
                        return true;
                    }
                }
                return false;
            }
            case NONE -> {
                for (boolean m : match) {
                    if (m) {
                        return false;
                    }
                }
                return true;
            }
            case ALL -> {
                for (int i = 0; i < ids.size(); i++) {
                    if (ids.get(i).isServer() && !match[i]) {
                        return false;
                    }
                }
                return true;
            }
            default -> {
                for (int i = 0; i < ids.size(); i++) {
                    if (listed.contains(ids.get(i)) && !match[i]) {
                        return false;
                    }
                }
                return true;
            }
        }
    }

    /** Checks that listed nodes exist in a run of this size. */
    void validate(List<NodeId> ids) {
        for (NodeId n : listed) {
            if (!ids.contains(n)) {
                throw new IllegalArgumentException("goal '" + text + "' names " + n + ", which is not in this run");
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
