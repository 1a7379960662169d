package consensuslab.twopc;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Immutable sorted copies, so published records serialize in a stable order. */
public final class Sorted {
    private Sorted() {
    }

    public static <V> Map<String, V> copy(Map<String, V> m) {
        return Collections.unmodifiableMap(new TreeMap<>(m));
    }
}
