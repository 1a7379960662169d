package consensuslab.paxos.multi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The state machine: a key-value map with get, put, append and compare-and-set, plus a table of
 * each client's last executed request so that a retried request runs only once.
 */
public final class KvStore {

    /** A client's last executed request and its result. */
    public record Executed(long seq, boolean ok, String value) {
    }

    private final TreeMap<String, String> data = new TreeMap<>();
    private final TreeMap<String, Executed> clients = new TreeMap<>();
    private Map<String, String> view;

    static KvStore of(KvSnapshot s) {
        KvStore kv = new KvStore();
        if (s != null) {
            kv.data.putAll(s.data());
            kv.clients.putAll(s.clients());
        }
        return kv;
    }

    KvSnapshot snapshot(long slot) {
        return new KvSnapshot(slot, Collections.unmodifiableMap(new TreeMap<>(data)), Collections.unmodifiableMap(new TreeMap<>(clients)));
    }

    /**
     * Applies a command. Returns the client's result for this request (executed now, or earlier if
     * this is a duplicate of the last one), or null for a no-op or an older duplicate.
     */
    Executed apply(Command c) {
        if (c.isNoop()) {
            return null;
        }
        Executed last = clients.get(c.client());
        if (last != null && c.seq() <= last.seq()) {
            return c.seq() == last.seq() ? last : null;
        }
        String cur = data.get(c.key());
        view = null;
        Executed r;
        switch (c.f()) {
            case "get" -> r = new Executed(c.seq(), true, cur);
            case "put" -> {
                data.put(c.key(), c.value());
                r = new Executed(c.seq(), true, null);
            }
            case "append" -> {
                data.put(c.key(), (cur == null ? "" : cur) + c.value());
                r = new Executed(c.seq(), true, null);
            }
            case "cas" -> {
                boolean swap = Objects.equals(cur, c.expected());
                if (swap) {
                    data.put(c.key(), c.value());
                }
                r = new Executed(c.seq(), swap, null);
            }
            default -> r = new Executed(c.seq(), false, null);
        }
        clients.put(c.client(), r);
        return r;
    }

    /** The result of {@code client}'s request {@code seq} if it is the last one executed, else null. */
    Executed executed(String client, long seq) {
        Executed last = clients.get(client);
        return last != null && last.seq() == seq ? last : null;
    }

    long lastSeq(String client) {
        Executed last = clients.get(client);
        return last == null ? 0 : last.seq();
    }

    /** An immutable copy of the data, rebuilt only after a change. */
    Map<String, String> data() {
        if (view == null) {
            view = Collections.unmodifiableMap(new TreeMap<>(data));
        }
        return view;
    }
}
