package consensuslab.check;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A history of key-value operations: each one invoked by a client and either returned with a
 * result or never returned (indeterminate: the client timed out or crashed, so the operation may
 * have taken effect at any moment after its invocation, or never).
 *
 * <p>Built from trace events ({@link #onEvent}: {@code invoke}/{@code return} events whose
 * {@code op} is a {@link KvOp}; other operations are ignored) or by hand with {@link #invoke} and
 * {@link #complete}. Real-time order is the order of the events: {@code seq} in a trace, call
 * order when built by hand.
 */
public final class History {

    /**
     * One operation.
     *
     * @param index      position in the history (invocation order), from 0
     * @param client     the client that invoked it
     * @param opId       the client's operation id
     * @param op         what it asked
     * @param invokeTime ms
     * @param invokeSeq  the invoke event's seq
     * @param result     what it returned; null if it never did (indeterminate)
     * @param returnTime ms, or -1
     * @param returnSeq  the return event's seq, or -1
     */
    public record Op(int index, String client, long opId, KvOp op, long invokeTime, long invokeSeq, KvResult result,
                     long returnTime, long returnSeq) {

        public boolean indeterminate() {
            return result == null;
        }

        Op returned(KvResult r, long time, long seq) {
            return new Op(index, client, opId, op, invokeTime, invokeSeq, r, time, seq);
        }

        /** One readable line: who, what, when, and what came back. */
        public String describe() {
            String res;
            if (result == null) {
                res = "?";
            } else if ("get".equals(op.f())) {
                res = result.ok() ? KvOp.quote(result.value()) : "failed";
            } else if ("cas".equals(op.f())) {
                res = result.ok() ? "swapped" : "not swapped";
            } else {
                res = result.ok() ? "ok" : "failed";
            }
            String when = result == null
                    ? String.format(Locale.ROOT, "[%dms #%d .. never returned]", invokeTime, invokeSeq)
                    : String.format(Locale.ROOT, "[%dms #%d .. %dms #%d]", invokeTime, invokeSeq, returnTime, returnSeq);
            return String.format(Locale.ROOT, "%-4s op %-4d %-28s %s -> %s", client, opId, op.describe(), when, res);
        }
    }

    private final List<Op> ops = new ArrayList<>();
    /** Pending (not yet returned) operation per client and op id. */
    private final Map<String, Integer> pending = new HashMap<>();
    private long nextSeq;

    /** Records an invocation at {@code time} ms; its seq is the next in call order. */
    public History invoke(String client, long opId, KvOp op, long time) {
        return invoke(client, opId, op, time, nextSeq++);
    }

    /** Records a return at {@code time} ms; its seq is the next in call order. */
    public History complete(String client, long opId, KvResult result, long time) {
        return complete(client, opId, result, time, nextSeq++);
    }

    /** Records an invocation with an explicit seq (seqs must grow). */
    public History invoke(String client, long opId, KvOp op, long time, long seq) {
        if (op == null || !op.known() || op.key() == null) {
            throw new IllegalArgumentException("not a key-value operation: " + op);
        }
        nextSeq = Math.max(nextSeq, seq + 1);
        // A client that reuses an id (after a restart) leaves its earlier operation indeterminate.
        pending.put(client + "/" + opId, ops.size());
        ops.add(new Op(ops.size(), client, opId, op, time, seq, null, -1, -1));
        return this;
    }

    /** Records a return with an explicit seq; a return nobody invoked is ignored. */
    public History complete(String client, long opId, KvResult result, long time, long seq) {
        nextSeq = Math.max(nextSeq, seq + 1);
        Integer i = pending.remove(client + "/" + opId);
        if (i != null) {
            ops.set(i, ops.get(i).returned(result == null ? new KvResult(true, null) : result, time, seq));
        }
        return this;
    }

    /** Takes {@code invoke} and {@code return} events whose payloads are key-value operations. */
    public void onEvent(TraceEvent e) {
        if (e.type() == EventType.INVOKE && e.op() != null && e.node() != null && e.id() != null) {
            KvOp op = toOp(TraceEvent.json(e.op()));
            if (op != null) {
                invoke(e.node(), e.id(), op, e.time(), e.seq());
            }
        } else if (e.type() == EventType.RETURN && e.node() != null && e.id() != null) {
            if (pending.containsKey(e.node() + "/" + e.id())) {
                complete(e.node(), e.id(), toResult(TraceEvent.json(e.result())), e.time(), e.seq());
            }
        }
    }

    /** The history of a whole trace. */
    public static History of(Iterable<TraceEvent> events) {
        History h = new History();
        for (TraceEvent e : events) {
            h.onEvent(e);
        }
        return h;
    }

    private static KvOp toOp(JsonNode j) {
        if (j == null || !j.isObject()) {
            return null;
        }
        KvOp op = new KvOp(text(j, "f"), text(j, "key"), text(j, "value"), text(j, "expected"));
        return op.known() && op.key() != null ? op : null;
    }

    private static KvResult toResult(JsonNode j) {
        if (j == null || j.isNull()) {
            return new KvResult(true, null);
        }
        if (j.isBoolean()) {
            return new KvResult(j.asBoolean(), null);
        }
        if (!j.isObject()) {
            return new KvResult(true, j.asText());
        }
        JsonNode ok = j.get("ok");
        return new KvResult(ok == null || ok.asBoolean(true), text(j, "value"));
    }

    private static String text(JsonNode j, String field) {
        JsonNode v = j.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * The same history with operation {@code index}'s result replaced (for tests and benchmarks:
     * e.g. corrupting one read); it must have returned.
     */
    public History withResult(int index, KvResult result) {
        Op o = ops.get(index);
        if (o.indeterminate() || result == null) {
            throw new IllegalArgumentException("operation " + index + " never returned: it has no result to replace");
        }
        History h = new History();
        h.ops.addAll(ops);
        h.ops.set(index, o.returned(result, o.returnTime(), o.returnSeq()));
        h.pending.putAll(pending);
        h.nextSeq = nextSeq;
        return h;
    }

    /** All operations in invocation order. */
    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    public int size() {
        return ops.size();
    }

    /** Operations per key (in invocation order), keys sorted. */
    public Map<String, List<Op>> byKey() {
        Map<String, List<Op>> m = new TreeMap<>();
        for (Op o : ops) {
            m.computeIfAbsent(o.op().key(), k -> new ArrayList<>()).add(o);
        }
        for (List<Op> l : m.values()) {
            l.sort(java.util.Comparator.comparingLong(Op::invokeSeq));
        }
        return m;
    }
}
