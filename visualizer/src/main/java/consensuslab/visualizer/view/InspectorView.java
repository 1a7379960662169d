package consensuslab.visualizer.view;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.trace.TraceEvent;
import consensuslab.visualizer.Viz;
import consensuslab.visualizer.model.ClusterState;
import java.util.Map;
import java.util.Objects;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

/**
 * The selected node's full published state as a tree, built generically from its JSON (role,
 * epochs, votes, logs, promises, locks, znode trees...), plus its status and timers, and the
 * selected message when there is one.
 */
public final class InspectorView extends TreeView<String> {

    /** Arrays longer than this show their first elements and a count. */
    public static final int MAX_ELEMENTS = 200;

    private final Viz viz;
    private Object shownKey;
    /** The node this view is pinned to (null: the selected node). */
    private String fixedNode;

    public InspectorView(Viz viz) {
        this.viz = viz;
        setId("inspector");
        setShowRoot(true);
        setRoot(new TreeItem<>("select a node"));
    }

    /** An inspector pinned to one node, whatever is selected (to compare two nodes side by side). */
    public static InspectorView pinned(Viz viz, String node) {
        InspectorView v = new InspectorView(viz);
        v.setId("inspector-pinned");
        v.fixedNode = node;
        return v;
    }

    /** The node this view is pinned to, or null when it follows the selection. */
    public String fixedNode() {
        return fixedNode;
    }

    /** Rebuilds the tree when the selection or what it shows has changed. */
    public void refresh() {
        if (viz.session() == null) {
            return;
        }
        ClusterState st = viz.state();
        String node = fixedNode != null ? fixedNode : viz.selectedNode();
        ClusterState.NodeView v = node == null ? null : st.node(node);
        Long msg = fixedNode != null ? null : viz.selectedMsg();
        Object key = java.util.Arrays.asList(node, v, msg, st.timersOf(node == null ? "" : node), viz.session());
        if (Objects.equals(key, shownKey)) {
            return;
        }
        shownKey = key;
        TreeItem<String> root = new TreeItem<>(node == null ? "select a node" : (fixedNode != null ? "pinned " : "") + node);
        root.setExpanded(true);
        if (msg != null) { // the selected message's fields first
            for (ClusterState.InFlight f : st.inflight()) {
                if (f.id() == msg) {
                    TreeItem<String> m = new TreeItem<>("message " + f.id() + ": " + f.type() + " " + f.from() + "→" + f.to()
                            + (f.copies() > 1 ? " ×" + f.copies() : "") + " (in flight since " + f.sendTime() + "ms)");
                    m.setExpanded(true);
                    fill(m, TraceEvent.json(f.msg()), 0);
                    root.getChildren().add(m);
                }
            }
        }
        if (v != null) {
            String summary = summary(v.json());
            if (!summary.isEmpty()) {
                root.getChildren().add(new TreeItem<>(summary));
            }
            root.getChildren().add(leaf("status", !v.started() ? "not started" : !v.up() ? "crashed" : v.paused() ? "paused" : "up"));
            root.getChildren().add(leaf("role", v.role()));
            root.getChildren().add(leaf("label", v.label()));
            if (v.stateSeq() >= 0) {
                root.getChildren().add(leaf("published", "event " + v.stateSeq() + " at " + v.stateTime() + "ms"));
            }
            if (v.json() != null) {
                TreeItem<String> state = new TreeItem<>("state");
                state.setExpanded(true);
                fill(state, v.json(), 0);
                root.getChildren().add(state);
            }
            var timers = st.timersOf(node);
            if (!timers.isEmpty()) {
                TreeItem<String> ti = new TreeItem<>("timers (" + timers.size() + ")");
                ti.setExpanded(true);
                for (ClusterState.TimerView t : timers) {
                    ti.getChildren().add(new TreeItem<>(t.type() + " due " + t.due() + "ms (set " + t.setTime() + "ms)"));
                }
                root.getChildren().add(ti);
            }
        }
        setRoot(root);
    }

    /**
     * One line that sums up a node's published state, by the fields its protocol publishes: for ZAB
     * its epoch, last logged and committed zxid (hex, epoch and counter) and sync mode; for
     * Multi-Paxos its ballot, leader and first unchosen slot; for 2PC/3PC its transactions' states;
     * for Paxos its ballot and phase. Empty for anything else.
     */
    public static String summary(JsonNode j) {
        if (j == null || !j.isObject()) {
            return "";
        }
        if (j.has("lastLoggedZxid")) {
            String sync = j.path("syncMode").isTextual() ? j.path("syncMode").asText() : "";
            if (j.path("syncModes").isObject() && j.path("syncModes").size() > 0) {
                sync = j.path("syncModes").toString().replaceAll("[{}\"]", "");
            }
            return "ZAB: epoch " + j.path("currentEpoch").asLong() + " (accepted " + j.path("acceptedEpoch").asLong() + ")"
                    + " · last " + scalar("lastLoggedZxid", j.path("lastLoggedZxid"))
                    + " · committed " + scalar("lastCommittedZxid", j.path("lastCommittedZxid"))
                    + " · sync " + (sync.isEmpty() ? "none" : sync)
                    + (j.path("zabState").isTextual() ? " · " + j.path("zabState").asText() : "");
        }
        if (j.has("commitIndex") && j.has("ballot")) {
            return "Multi-Paxos: ballot " + text(j.path("ballot")) + " · leader " + text(j.path("leader"))
                    + " · first unchosen slot " + j.path("commitIndex").asLong();
        }
        if (j.path("txns").isObject()) {
            StringBuilder b = new StringBuilder(j.path("role").asText("node")).append(": ");
            if (j.path("txns").size() == 0) {
                b.append("no transactions");
            }
            String sep = "";
            for (Map.Entry<String, JsonNode> t : j.path("txns").properties()) {
                b.append(sep).append(t.getKey()).append(' ').append(t.getValue().asText());
                sep = ", ";
            }
            return b.toString();
        }
        if (j.has("ballot") && j.has("phase")) {
            return "Paxos: ballot " + text(j.path("ballot")) + " · phase " + text(j.path("phase"));
        }
        return "";
    }

    private static String text(JsonNode v) {
        return v.isMissingNode() || v.isNull() ? "none" : v.isTextual() ? v.asText() : v.toString();
    }

    private static boolean isZnodeList(JsonNode v) {
        return v.isArray() && v.size() > 0 && v.get(0).isObject() && v.get(0).has("path") && v.get(0).get("path").asText().startsWith("/");
    }

    /**
     * A published znode list as a path tree: each znode under its parent, written as its full path
     * with its data and version, its Stat fields inside. The title says how many znodes are listed
     * against the tree's {@code nodeCount}, which also counts the /zookeeper subtree that is not published.
     */
    static TreeItem<String> pathTree(JsonNode nodes, JsonNode nodeCount) {
        int count = nodeCount.isNumber() ? nodeCount.asInt() : nodes.size();
        boolean hasZk = false;
        for (JsonNode z : nodes) {
            hasZk |= z.path("path").asText().startsWith("/zookeeper");
        }
        String title = "tree: " + nodes.size() + " znodes, nodeCount " + count
                + (count > nodes.size() && !hasZk ? " (also counts /zookeeper and its children, not published)" : "");
        TreeItem<String> root = new TreeItem<>(title);
        root.setExpanded(true);
        Map<String, TreeItem<String>> byPath = new java.util.HashMap<>();
        for (JsonNode z : nodes) {
            String path = z.path("path").asText();
            StringBuilder text = new StringBuilder(path);
            if (z.hasNonNull("data") && !z.path("data").asText().isEmpty()) {
                text.append("  \"").append(z.path("data").asText()).append('"');
            }
            text.append("  v").append(z.path("version").asInt());
            if (z.hasNonNull("ephemeralOwner")) {
                text.append("  ephemeral ").append(z.path("ephemeralOwner").asText());
            }
            TreeItem<String> t = new TreeItem<>(text.toString());
            for (Map.Entry<String, JsonNode> f : z.properties()) {
                if (!f.getKey().equals("path") && !f.getKey().equals("data")) {
                    t.getChildren().add(new TreeItem<>(f.getKey() + ": " + scalar(f.getKey(), f.getValue())));
                }
            }
            t.setExpanded(true);
            byPath.put(path, t);
            String parent = path.equals("/") ? null : path.lastIndexOf('/') == 0 ? "/" : path.substring(0, path.lastIndexOf('/'));
            TreeItem<String> p = parent == null ? null : byPath.get(parent);
            (p == null ? root : p).getChildren().add(t);
        }
        return root;
    }

    private static TreeItem<String> leaf(String k, String v) {
        return new TreeItem<>(k + ": " + v);
    }

    private static void fill(TreeItem<String> parent, JsonNode j, int depth) {
        if (j == null) {
            return;
        }
        if (j.isObject()) {
            for (Map.Entry<String, JsonNode> en : j.properties()) {
                if (en.getKey().equals("nodes") && isZnodeList(en.getValue())) {
                    parent.getChildren().add(pathTree(en.getValue(), j.path("nodeCount")));
                    continue;
                }
                parent.getChildren().add(item(en.getKey(), en.getValue(), depth));
            }
        } else if (j.isArray()) {
            int n = 0;
            for (JsonNode el : j) {
                if (n == MAX_ELEMENTS) {
                    parent.getChildren().add(new TreeItem<>("… " + (j.size() - MAX_ELEMENTS) + " more"));
                    break;
                }
                parent.getChildren().add(item("[" + n + "]", el, depth));
                n++;
            }
        }
    }

    private static TreeItem<String> item(String key, JsonNode v, int depth) {
        if (v.isValueNode() || v.isNull()) {
            return new TreeItem<>(key + ": " + scalar(key, v));
        }
        String summary = v.isArray() ? key + " [" + v.size() + "]" : key + " {" + v.size() + "}";
        if (v.size() <= 3 && allScalars(v) && v.toString().length() <= 40) {
            return new TreeItem<>(key + ": " + v);
        }
        TreeItem<String> t = new TreeItem<>(summary);
        fill(t, v, depth + 1);
        t.setExpanded(depth < 2);
        return t;
    }

    /**
     * How a scalar field reads: text as is, and zxids (fields named ...zxid, non-negative whole
     * numbers) in hex with their epoch and counter, as ZooKeeper prints them: 0x100000008 (e1 c8).
     */
    public static String scalar(String key, JsonNode v) {
        if (v.isTextual()) {
            String t = v.asText();
            if (key.toLowerCase(java.util.Locale.ROOT).endsWith("zxid") && t.matches("\\d+\\.\\d+")) { // "1.20" -> 0x100000014 (e1 c20)
                long z = (Long.parseLong(t.substring(0, t.indexOf('.'))) << 32) | Long.parseLong(t.substring(t.indexOf('.') + 1));
                return zxid(z);
            }
            return t;
        }
        if (v.isIntegralNumber() && v.asLong() >= 0 && key.toLowerCase(java.util.Locale.ROOT).endsWith("zxid")) {
            return zxid(v.asLong());
        }
        return v.toString();
    }

    /** A zxid as ZooKeeper prints it, with its epoch and counter: 0x100000014 (e1 c20). */
    public static String zxid(long z) {
        return "0x" + Long.toHexString(z) + " (e" + (z >>> 32) + " c" + (z & 0xffffffffL) + ")";
    }

    private static boolean allScalars(JsonNode v) {
        for (JsonNode c : v) {
            if (!c.isValueNode()) {
                return false;
            }
        }
        return true;
    }
}
