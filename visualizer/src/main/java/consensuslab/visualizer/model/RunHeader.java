package consensuslab.visualizer.model;

import consensuslab.core.Registry;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first note of a trace, "run protocol=echo [transport=tcp] nodes=3 clients=2 seed=1 [params=...]
 * [faults=...]", read as key=value words: which protocol (to run its checkers) and how big the cluster is.
 */
record RunHeader(Protocol<?> protocol, int servers, int clients, Params params) {

    static RunHeader parse(String text, Registry registry) {
        if (text == null || !text.startsWith("run ")) {
            return null;
        }
        Map<String, String> kv = new LinkedHashMap<>();
        String rest = text.substring(4);
        int faults = rest.indexOf(" faults=");
        if (faults >= 0) {
            rest = rest.substring(0, faults);
        }
        for (String w : rest.trim().split("\\s+")) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                kv.put(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        Protocol<?> proto = null;
        for (Protocol<?> p : registry.all()) {
            if (p.name().equals(kv.get("protocol"))) {
                proto = p;
            }
        }
        Params params;
        try {
            params = Params.parse(kv.getOrDefault("params", ""));
        } catch (IllegalArgumentException e) {
            params = Params.EMPTY;
        }
        return new RunHeader(proto, num(kv.get("nodes")), num(kv.get("clients")), params);
    }

    private static int num(String s) {
        try {
            return s == null ? 0 : Math.max(0, Math.min(99, Integer.parseInt(s)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
