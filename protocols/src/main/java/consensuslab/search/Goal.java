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
 * Several such clauses joined by {@code &} must all hold ({@code any:role=LEADING & c1:done=1}).
 *
 * Examples: {@code any:role=learner} (some value is chosen in single-decree Paxos),
 * {@code n3:role=LEADING}, {@code none:txns.*=READY} (no 2PC participant is left uncertain).
 */
public final class Goal {

    private enum Who { ANY, ALL, NONE, LISTED }

    /** One {@code WHO:PATH=VALUE} of a goal; a goal holds when all of its clauses hold. */
    private static final class Clause {
        private final Who who;
        private final Set<NodeId> listed = new TreeSet<>();
        private final String[] path;
        private final Set<String> values;

        Clause(String text, String whole) {
            int colon = text.indexOf(':');
            int eq = text.indexOf('=');
            if (colon <= 0 || eq < colon + 2 || eq == text.length() - 1) {
                throw new IllegalArgumentException("bad goal '" + whole + "': expected WHO:PATH=VALUE, e.g. any:role=learner"
                        + (whole.equals(text) ? "" : " (each side of '&')"));
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
                            throw new IllegalArgumentException("bad goal '" + whole + "': " + e.getMessage());
                        }
                    }
                }
            }
            this.path = text.substring(colon + 1, eq).trim().split("\\.");
            this.values = new TreeSet<>(Arrays.asList(text.substring(eq + 1).trim().split("\\|")));
        }

        boolean matches(JsonNode at, int i) {
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

        boolean holds(List<NodeId> ids, int[] match, int bit) {
            switch (who) {
                case ANY -> {
                    for (int m : match) {
                        if ((m & bit) != 0) {
                            return true;
                        }
                    }
                    return false;
                }
                case NONE -> {
                    for (int m : match) {
                        if ((m & bit) != 0) {
                            return false;
                        }
                    }
                    return true;
                }
                case ALL -> {
                    for (int i = 0; i < ids.size(); i++) {
                        if (ids.get(i).isServer() && (match[i] & bit) == 0) {
                            return false;
                        }
                    }
                    return true;
                }
                default -> {
                    for (int i = 0; i < ids.size(); i++) {
                        if (listed.contains(ids.get(i)) && (match[i] & bit) == 0) {
                            return false;
                        }
                    }
                    return true;
                }
            }
        }
    }

    private final String text;
    private final List<Clause> clauses = new ArrayList<>();

    private Goal(String text) {
        this.text = text;
        String[] parts = text.split("&", -1);
        if (parts.length > 31) {
            throw new IllegalArgumentException("bad goal '" + text + "': at most 31 clauses joined by '&'");
        }
        for (String part : parts) {
            clauses.add(new Clause(part.trim(), text));
        }
    }

    public static Goal parse(String text) {
        return new Goal(text.trim());
    }

    /**
     * Which clauses one node's published state matches (bit i: clause i's PATH=VALUE; null state:
     * none). A node matches a clause's PATH=VALUE whoever the clause's WHO names.
     */
    int matches(Object published) {
        if (published == null) {
            return 0;
        }
        JsonNode json = TraceEvent.json(published);
        int m = 0;
        for (int i = 0; i < clauses.size(); i++) {
            if (clauses.get(i).matches(json, 0)) {
                m |= 1 << i;
            }
        }
        return m;
    }

    /** Whether the goal holds, given which clauses each node matches ({@code match[i]} for node {@code ids.get(i)}, as {@link #matches}). */
    boolean holds(List<NodeId> ids, int[] match) {
        for (int i = 0; i < clauses.size(); i++) {
            if (!clauses.get(i).holds(ids, match, 1 << i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether node {@code ids.get(i)} must match for the goal to hold: every server for an
     * {@code all:} clause, the nodes a clause lists. A node that is down matches nothing, so with
     * crash-stop the goal can never hold once such a node is down.
     */
    boolean needs(List<NodeId> ids, int i) {
        for (Clause c : clauses) {
            if ((c.who == Who.ALL && ids.get(i).isServer()) || (c.who == Who.LISTED && c.listed.contains(ids.get(i)))) {
                return true;
            }
        }
        return false;
    }

    /** Checks that listed nodes exist in a run of this size. */
    void validate(List<NodeId> ids) {
        for (Clause c : clauses) {
            for (NodeId n : c.listed) {
                if (!ids.contains(n)) {
                    throw new IllegalArgumentException("goal '" + text + "' names " + n + ", which is not in this run");
                }
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
