package consensuslab.zk.znode;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Decides session expiry from touches, without clocks of its own: the caller passes {@code now}.
 * As in ZooKeeper, a session touched at t with timeout T expires at the first multiple of the
 * tick after t + T, so expiry comes between T and T + tick after the last touch. The leader (or a
 * standalone server) turns each expiry into an {@link Op.CloseSession} transaction.
 */
public final class SessionTracker {
    private final int tickMs;
    private final TreeMap<Long, Long> expiry = new TreeMap<>();
    private final TreeMap<Long, Integer> timeouts = new TreeMap<>();

    public SessionTracker(int tickMs) {
        this.tickMs = Math.max(1, tickMs);
    }

    public void add(long sessionId, int timeout, long now) {
        timeouts.put(sessionId, timeout);
        touch(sessionId, now);
    }

    /** Extends a live session; false if it is unknown (expired or closed). */
    public boolean touch(long sessionId, long now) {
        Integer t = timeouts.get(sessionId);
        if (t == null) {
            return false;
        }
        expiry.put(sessionId, roundUp(now + t));
        return true;
    }

    public void setTimeout(long sessionId, int timeout, long now) {
        if (timeouts.containsKey(sessionId)) {
            timeouts.put(sessionId, timeout);
            touch(sessionId, now);
        }
    }

    private long roundUp(long t) {
        return (t / tickMs + 1) * tickMs;
    }

    public void remove(long sessionId) {
        timeouts.remove(sessionId);
        expiry.remove(sessionId);
    }

    public boolean contains(long sessionId) {
        return timeouts.containsKey(sessionId);
    }

    /** Sessions whose expiry time has come, sorted; they stay tracked until {@link #remove}. */
    public List<Long> expired(long now) {
        List<Long> out = new ArrayList<>();
        expiry.forEach((id, at) -> {
            if (at <= now) {
                out.add(id);
            }
        });
        return out;
    }

    /** Expiry time per session (for the dump four-letter word). */
    public TreeMap<Long, Long> expiries() {
        return new TreeMap<>(expiry);
    }
}
