package consensuslab.twopc;

import java.util.Map;
import java.util.TreeMap;

/**
 * A participant's small key-value store with exclusive write locks (no waiting: a conflict is a
 * no vote, so there are no deadlocks). Volatile: rebuilt from the log after a crash.
 */
public final class LockedStore {

    private final TreeMap<String, String> store = new TreeMap<>();
    private final TreeMap<String, String> locks = new TreeMap<>();

    /** Locks all {@code keys} for {@code txn}, or none if another transaction holds one of them. */
    public boolean tryLock(String txn, Iterable<String> keys) {
        for (String k : keys) {
            String holder = locks.get(k);
            if (holder != null && !holder.equals(txn)) {
                return false;
            }
        }
        for (String k : keys) {
            locks.put(k, txn);
        }
        return true;
    }

    /** Locks regardless of conflicts (recovery of a prepared transaction: it held them before). */
    public void relock(String txn, Iterable<String> keys) {
        for (String k : keys) {
            locks.put(k, txn);
        }
    }

    public void release(String txn) {
        locks.values().removeIf(t -> t.equals(txn));
    }

    public void apply(Map<String, String> writes) {
        store.putAll(writes);
    }

    public Map<String, String> locks() {
        return Sorted.copy(locks);
    }

    public Map<String, String> store() {
        return Sorted.copy(store);
    }
}
