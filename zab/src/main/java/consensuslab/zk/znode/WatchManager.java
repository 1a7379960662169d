package consensuslab.zk.znode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The watches registered at one server, per path and watcher id, in two tables as ZooKeeper keeps
 * them: the data table (getData/exists watches, persistent, persistent-recursive) and the child
 * table (getChildren watches, persistent). One-shot watches are removed when they fire.
 * Deterministic: ordered maps only.
 */
public final class WatchManager {
    static final int STANDARD = 1;
    static final int PERSISTENT = 2;
    static final int RECURSIVE = 4;

    private final TreeMap<String, LinkedHashMap<Long, Integer>> data = new TreeMap<>();
    private final TreeMap<String, LinkedHashMap<Long, Integer>> child = new TreeMap<>();
    private int recursiveCount;

    void addData(String path, long watcher) {
        add(data, path, watcher, STANDARD);
    }

    void addChild(String path, long watcher) {
        add(child, path, watcher, STANDARD);
    }

    void addPersistent(String path, long watcher, boolean recursive) {
        if (recursive) {
            if ((bits(data, path, watcher) & RECURSIVE) == 0) {
                recursiveCount++;
            }
            add(data, path, watcher, RECURSIVE);
        } else {
            add(data, path, watcher, PERSISTENT);
            add(child, path, watcher, PERSISTENT);
        }
    }

    private static void add(TreeMap<String, LinkedHashMap<Long, Integer>> t, String path, long w, int bit) {
        t.computeIfAbsent(path, p -> new LinkedHashMap<>()).merge(w, bit, (a, b) -> a | b);
    }

    private static int bits(TreeMap<String, LinkedHashMap<Long, Integer>> t, String path, long w) {
        Map<Long, Integer> m = t.get(path);
        Integer b = m == null ? null : m.get(w);
        return b == null ? 0 : b;
    }

    private void clear(TreeMap<String, LinkedHashMap<Long, Integer>> t, String path, long w, int bitsToClear) {
        LinkedHashMap<Long, Integer> m = t.get(path);
        if (m == null) {
            return;
        }
        Integer b = m.get(w);
        if (b == null) {
            return;
        }
        if (t == data && (b & RECURSIVE & bitsToClear) != 0) {
            recursiveCount--;
        }
        int nb = b & ~bitsToClear;
        if (nb == 0) {
            m.remove(w);
            if (m.isEmpty()) {
                t.remove(path);
            }
        } else {
            m.put(w, nb);
        }
    }

    /** Fires the watches for one change; appends to {@code out}. */
    void trigger(String path, WatchEventType type, long zxid, List<Notification> out) {
        Set<Long> fired = new LinkedHashSet<>();
        if (type == WatchEventType.NodeChildrenChanged) {
            fireExact(child, path, fired);
        } else {
            fireExact(data, path, fired);
            if (recursiveCount > 0) {
                String p = path;
                while (!p.equals("/")) {
                    p = PathRules.parent(p);
                    Map<Long, Integer> m = data.get(p);
                    if (m != null) {
                        for (Map.Entry<Long, Integer> e : m.entrySet()) {
                            if ((e.getValue() & RECURSIVE) != 0) {
                                fired.add(e.getKey());
                            }
                        }
                    }
                }
            }
            if (type == WatchEventType.NodeDeleted) {
                fireExact(child, path, fired);
            }
        }
        for (long w : fired) {
            out.add(new Notification(w, type, path, zxid));
        }
    }

    private void fireExact(TreeMap<String, LinkedHashMap<Long, Integer>> t, String path, Set<Long> fired) {
        LinkedHashMap<Long, Integer> m = t.get(path);
        if (m == null) {
            return;
        }
        for (Map.Entry<Long, Integer> e : new ArrayList<>(m.entrySet())) {
            fired.add(e.getKey());
            if ((e.getValue() & STANDARD) != 0) {
                clear(t, path, e.getKey(), STANDARD);
            }
        }
    }

    /** Does this watcher hold a watch of this type on the path? */
    boolean has(String path, WatcherType type, long w) {
        return mask(path, type, w, false);
    }

    /** Removes this watcher's watches of this type on the path; false if it had none. */
    boolean remove(String path, WatcherType type, long w) {
        return mask(path, type, w, true);
    }

    private boolean mask(String path, WatcherType type, long w, boolean remove) {
        int d;
        int c;
        switch (type) {
            case Children: d = 0; c = STANDARD; break;
            case Data: d = STANDARD; c = 0; break;
            case Persistent: d = PERSISTENT; c = PERSISTENT; break;
            case PersistentRecursive: d = RECURSIVE; c = 0; break;
            default: d = STANDARD | PERSISTENT | RECURSIVE; c = STANDARD | PERSISTENT; break;
        }
        boolean found = (bits(data, path, w) & d) != 0 || (bits(child, path, w) & c) != 0;
        if (found && remove) {
            clear(data, path, w, d);
            clear(child, path, w, c);
        }
        return found;
    }

    /** Drops every watch of a watcher (its connection closed). */
    void removeWatcher(long w) {
        for (String p : new ArrayList<>(data.keySet())) {
            clear(data, p, w, STANDARD | PERSISTENT | RECURSIVE);
        }
        for (String p : new ArrayList<>(child.keySet())) {
            clear(child, p, w, STANDARD | PERSISTENT | RECURSIVE);
        }
    }

    /** Watched paths per watcher (for wchc), each path once, data table first. */
    public TreeMap<Long, List<String>> byWatcher() {
        TreeMap<Long, LinkedHashSet<String>> r = new TreeMap<>();
        for (TreeMap<String, LinkedHashMap<Long, Integer>> t : List.of(data, child)) {
            t.forEach((p, m) -> m.keySet().forEach(w -> r.computeIfAbsent(w, x -> new LinkedHashSet<>()).add(p)));
        }
        TreeMap<Long, List<String>> out = new TreeMap<>();
        r.forEach((w, s) -> out.put(w, List.copyOf(s)));
        return out;
    }

    /** Watchers per path (for wchp). */
    public TreeMap<String, List<Long>> byPath() {
        TreeMap<String, LinkedHashSet<Long>> r = new TreeMap<>();
        for (TreeMap<String, LinkedHashMap<Long, Integer>> t : List.of(data, child)) {
            t.forEach((p, m) -> r.computeIfAbsent(p, x -> new LinkedHashSet<>()).addAll(m.keySet()));
        }
        TreeMap<String, List<Long>> out = new TreeMap<>();
        r.forEach((p, s) -> out.put(p, List.copyOf(s)));
        return out;
    }

    /** Total number of (path, watcher) registrations across both tables. */
    public int count() {
        int n = 0;
        for (Map<Long, Integer> m : data.values()) {
            n += m.size();
        }
        for (Map<Long, Integer> m : child.values()) {
            n += m.size();
        }
        return n;
    }
}
