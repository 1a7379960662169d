package consensuslab.core;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Named protocol parameters ({@code --param key=value} on the command line). Immutable. */
public record Params(Map<String, String> values) {

    public static final Params EMPTY = new Params(Map.of());

    public Params {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static Params parse(String spec) {
        Map<String, String> m = new TreeMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String kv : spec.split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("bad parameter '" + kv.trim() + "': expected key=value");
                }
                m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return new Params(m);
    }

    public Params with(String key, Object value) {
        Map<String, String> m = new TreeMap<>(values);
        m.put(key, String.valueOf(value));
        return new Params(m);
    }

    public String get(String key, String dflt) {
        return values.getOrDefault(key, dflt);
    }

    public int getInt(String key, int dflt) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + key + "=" + v + " is not a whole number");
        }
    }

    public long getLong(String key, long dflt) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + key + "=" + v + " is not a whole number");
        }
    }

    public boolean getBool(String key, boolean dflt) {
        String v = values.get(key);
        return v == null ? dflt : Boolean.parseBoolean(v);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
