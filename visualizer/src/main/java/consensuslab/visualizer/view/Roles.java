package consensuslab.visualizer.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import javafx.scene.paint.Color;

/** Colours for roles and message types; unknown names get a stable colour from their hash. */
public final class Roles {

    private static final Map<String, Color> KNOWN = Map.ofEntries(
            Map.entry("looking", Color.web("#f2b134")),
            Map.entry("following", Color.web("#3f7fd0")),
            Map.entry("leading", Color.web("#23994a")),
            Map.entry("observing", Color.web("#8e63c9")),
            Map.entry("coordinator", Color.web("#00897b")),
            Map.entry("participant", Color.web("#8d8d8d")),
            Map.entry("init", Color.web("#9e9e9e")),
            Map.entry("ready", Color.web("#f0a500")),
            Map.entry("precommit", Color.web("#f07a00")),
            Map.entry("committed", Color.web("#2e9e44")),
            Map.entry("aborted", Color.web("#d93a30")),
            Map.entry("proposer", Color.web("#1e7fd8")),
            Map.entry("acceptor", Color.web("#8a3ab0")),
            Map.entry("leader", Color.web("#23994a")),
            Map.entry("learner", Color.web("#5d7d8a")),
            Map.entry("server", Color.web("#4e5fc0")),
            Map.entry("client", Color.web("#6f8793")));

    public static final Color CRASHED = Color.web("#3a3a3a");
    public static final Color UNSTARTED = Color.web("#cfcfcf");

    private Roles() {
    }

    /** The colour for a node: its phase (see {@link consensuslab.visualizer.model.Phase}), else its role. */
    public static Color of(String role, JsonNode state) {
        String phase = consensuslab.visualizer.model.Phase.of(role, state);
        Color c = KNOWN.get(phase.toLowerCase(Locale.ROOT));
        return c != null ? c : of(role);
    }

    public static Color of(String role) {
        if (role == null || role.isEmpty()) {
            return UNSTARTED;
        }
        Color c = KNOWN.get(role.toLowerCase(Locale.ROOT));
        return c != null ? c : hashed(role, 0.55, 0.80);
    }

    /** A stable colour for a message or timer type. */
    public static Color ofType(String type) {
        return hashed(type == null ? "?" : type, 0.75, 0.72);
    }

    private static Color hashed(String s, double sat, double bri) {
        int h = 0;
        for (int i = 0; i < s.length(); i++) {
            h = h * 31 + s.charAt(i);
        }
        h ^= h >>> 13;
        h *= 0x5bd1e995;
        h ^= h >>> 15;
        return Color.hsb(Math.floorMod(h, 360), sat, bri);
    }
}
