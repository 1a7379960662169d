package consensuslab.core;

import consensuslab.core.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Protocols by name, for {@code bin/lab}. Each protocol module adds itself in labs' {@code Lab}. */
public final class Registry {

    private final Map<String, Protocol<?>> byName = new LinkedHashMap<>();

    public Registry add(Protocol<?> p) {
        if (byName.putIfAbsent(p.name(), p) != null) {
            throw new IllegalArgumentException("protocol " + p.name() + " registered twice");
        }
        return this;
    }

    public Protocol<?> get(String name) {
        Protocol<?> p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown protocol '" + name + "' (known: " + String.join(", ", byName.keySet()) + ")");
        }
        return p;
    }

    public List<Protocol<?>> all() {
        return new ArrayList<>(byName.values());
    }
}
