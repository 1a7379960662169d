package consensuslab.search;

import consensuslab.core.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Storage for one node in the search: the live files and their durable image. A crash keeps only
 * what was synced (no torn writes: the search explores crashes between handlers, not inside them).
 */
final class SearchStorage implements Storage {

    private final Map<String, byte[]> live = new TreeMap<>();
    private Map<String, byte[]> durable = new TreeMap<>();

    @Override
    public byte[] read(String file) {
        byte[] b = live.get(file);
        return b == null ? null : b.clone();
    }

    @Override
    public void write(String file, byte[] data) {
        live.put(file, data.clone());
    }

    @Override
    public void append(String file, byte[] data) {
        byte[] old = live.get(file);
        if (old == null) {
            live.put(file, data.clone());
            return;
        }
        byte[] b = Arrays.copyOf(old, old.length + data.length);
        System.arraycopy(data, 0, b, old.length, data.length);
        live.put(file, b);
    }

    @Override
    public void truncate(String file, long length) {
        byte[] old = live.get(file);
        if (old != null && length < old.length) {
            live.put(file, Arrays.copyOf(old, (int) Math.max(0, length)));
        }
    }

    @Override
    public void delete(String file) {
        live.remove(file);
    }

    @Override
    public List<String> files() {
        return new ArrayList<>(live.keySet());
    }

    @Override
    public void sync() {
        durable = new TreeMap<>(live); // the arrays are never written in place, so sharing them is safe
    }

    /** What the files hold, synced and not: equal images mean equal storage (the arrays are never written in place). */
    Object image() {
        return List.of(wrap(live), wrap(durable));
    }

    private static Map<String, java.nio.ByteBuffer> wrap(Map<String, byte[]> files) {
        Map<String, java.nio.ByteBuffer> m = new TreeMap<>();
        files.forEach((f, b) -> m.put(f, java.nio.ByteBuffer.wrap(b)));
        return m;
    }

    /** Forgets everything not synced. */
    void crash() {
        live.clear();
        live.putAll(durable);
    }
}
