package consensuslab.zab.check;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.zab.ZabState;
import consensuslab.zab.Zxid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the Zab checkers share: the trace read once into deliveries, proposals and leaders.
 *
 * <p>A server's published state carries, since its previous state, the transactions it
 * delivered ({@code delivered}), the ones it proposed as leader ({@code proposed}) and a snapshot
 * it installed from the leader ({@code snapshotInstalled}). A transaction ⟨v, z⟩ is its id
 * (client:cxid) and zxid. A restarted server's history is what it recovered, i.e. what it had
 * delivered up to its {@code lastCommittedZxid} when it first publishes; a SNAP replaces it with the
 * committed transactions up to the snapshot's zxid.
 *
 * <p>Each checker calls {@link #step} with every event; the history advances once per event
 * (by seq), whichever checker sees it first, so the checkers can share it or run alone. Checkers
 * copied together ({@link consensuslab.check.Checker#copy(Map)}) share one {@link #copy}.
 */
public final class ZabHistory {

    /** A transaction: zxid and id. */
    public record Tx(long zxid, String id) {
    }

    /** One server's current history. */
    public static final class NodeHistory {
        final String name;
        /** Delivered transactions in delivery order (this life). */
        final List<Tx> order = new ArrayList<>();
        final Map<String, Tx> byId = new HashMap<>();
        long fingerprint;
        long maxEpoch = -1;
        final Map<Long, Integer> perEpoch = new HashMap<>();
        boolean pendingReset;
        /** The zxid this server restored or installed its state up to: it holds the committed order up to here. */
        long floor = -1;
        boolean established;
        String role = "LOOKING";
        /** Also in a copy of the history ({@link ZabHistory#copy}): changed only through a copy of its own ({@link #own}). */
        boolean shared;

        NodeHistory(String name) {
            this.name = name;
        }

        public boolean has(String id) {
            return byId.containsKey(id);
        }

        /** Holds ⟨id, zxid⟩: delivered it, or restored state that includes it (zxid at or below the floor). */
        public boolean holds(String id, long zxid) {
            return byId.containsKey(id) || zxid <= floor;
        }

        public long floor() {
            return floor;
        }

        public int size() {
            return order.size();
        }

        public List<Tx> order() {
            return order;
        }

        void clear() {
            order.clear();
            byId.clear();
            fingerprint = 0;
            maxEpoch = -1;
            perEpoch.clear();
        }

        NodeHistory copy() {
            NodeHistory c = new NodeHistory(name);
            c.order.addAll(order);
            c.byId.putAll(byId);
            c.fingerprint = fingerprint;
            c.maxEpoch = maxEpoch;
            c.perEpoch.putAll(perEpoch);
            c.pendingReset = pendingReset;
            c.floor = floor;
            c.established = established;
            c.role = role;
            return c;
        }

        void add(Tx t) {
            order.add(t);
            byId.put(t.id(), t);
            fingerprint += hash(t);
            maxEpoch = Math.max(maxEpoch, Zxid.epoch(t.zxid()));
            perEpoch.merge(Zxid.epoch(t.zxid()), 1, Integer::sum);
        }
    }

    /** What one trace event meant, for the checkers. */
    public record Step(TraceEvent event, String node, List<Tx> delivered, List<Tx> proposed, boolean becameEstablished,
                       String role, long epoch) {
    }

    public static final Step NONE = new Step(null, null, List.of(), List.of(), false, null, -1);

    private long lastSeq = -1;
    private Step last = NONE;
    private final Map<String, NodeHistory> nodes = new TreeMap<>();
    /** zxid -> id of the first delivery seen (the committed order). */
    private final TreeMap<Long, String> committed = new TreeMap<>();
    /** zxid -> id as proposed by the epoch's leader. */
    private final Map<Long, String> proposed = new HashMap<>();
    /** epoch -> zxids in the order proposed. */
    private final Map<Long, List<Long>> proposalsByEpoch = new HashMap<>();
    /** id -> (count, fingerprint) of the first deliverer's history just before it. */
    private final Map<String, long[]> prefixOf = new HashMap<>();
    /** Hooks: each delivery is judged by every checker before the node's history takes it. */
    private final List<DeliveryJudge> judges = new ArrayList<>();

    /** Called for each delivery before it joins the node's history. */
    public interface DeliveryJudge {
        void judge(NodeHistory node, Tx t, TraceEvent e);
    }

    void addJudge(DeliveryJudge j) {
        judges.add(j);
    }

    /**
     * The same history, for the copies of the checkers that share this one: their constructors
     * register their own judges on it, so the copy starts with none. Transactions and the
     * per-transaction arrays of {@code prefixOf} never change once recorded, so they are shared.
     */
    ZabHistory copy() { // the servers' histories are shared until one side changes one (copy on write: own)
        ZabHistory c = new ZabHistory();
        c.lastSeq = lastSeq;
        c.last = last;
        nodes.forEach((name, h) -> {
            h.shared = true; // both histories copy it before changing it
            c.nodes.put(name, h);
        });
        c.committed.putAll(committed);
        c.proposed.putAll(proposed);
        proposalsByEpoch.forEach((epoch, zxids) -> c.proposalsByEpoch.put(epoch, new ArrayList<>(zxids)));
        c.prefixOf.putAll(prefixOf);
        return c;
    }

    public NodeHistory node(String name) {
        return nodes.computeIfAbsent(name, NodeHistory::new);
    }

    /** The server's history, to change: a copy of its own first if it is shared with another copy of this history. */
    private NodeHistory own(String name) {
        NodeHistory h = node(name);
        if (h.shared) {
            h = h.copy();
            nodes.put(name, h);
        }
        return h;
    }

    public Map<String, NodeHistory> nodes() {
        return nodes;
    }

    public TreeMap<Long, String> committed() {
        return committed;
    }

    public Map<Long, String> proposed() {
        return proposed;
    }

    public Map<Long, List<Long>> proposalsByEpoch() {
        return proposalsByEpoch;
    }

    public Map<String, long[]> prefixOf() {
        return prefixOf;
    }

    static long hash(Tx t) {
        long z = t.id().hashCode() * 0x9E3779B97F4A7C15L + t.zxid() * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Advances the history with {@code e} (once per seq) and returns what it meant. */
    public Step step(TraceEvent e) {
        if (e.seq() == lastSeq) {
            return last;
        }
        lastSeq = e.seq();
        last = advance(e);
        return last;
    }

    /**
     * Whether {@link #step} with {@code e} would leave this history as it is: an event of no server,
     * or of a kind it does not read, or a published state that delivers, proposes and installs
     * nothing and keeps the server's role and establishment (no delivery: no judge is called).
     */
    boolean unchangedBy(TraceEvent e) {
        String n = e.node();
        if (n == null || !n.startsWith("n")) {
            return true;
        }
        if (e.type() == EventType.RESTART || e.type() == EventType.CRASH) {
            return false;
        }
        if (e.type() != EventType.STATE) {
            return true;
        }
        NodeHistory h = nodes.get(n);
        if (h == null || h.pendingReset) {
            return false;
        }
        Parsed p = parse(e.state());
        return p.delivered.isEmpty() && p.proposed.isEmpty() && p.snapshotInstalled < 0 && p.established == h.established
                && java.util.Objects.equals(p.role, h.role);
    }

    private Step advance(TraceEvent e) {
        String n = e.node();
        if (n == null || !n.startsWith("n")) {
            return new Step(e, n, List.of(), List.of(), false, null, -1);
        }
        if (e.type() != EventType.RESTART && e.type() != EventType.CRASH && e.type() != EventType.STATE) {
            node(n);
            return new Step(e, n, List.of(), List.of(), false, null, -1);
        }
        NodeHistory h = own(n);
        if (e.type() == EventType.RESTART) {
            h.pendingReset = true;
            h.established = false;
            return new Step(e, n, List.of(), List.of(), false, null, -1);
        }
        if (e.type() == EventType.CRASH) {
            h.established = false;
            h.role = "DOWN";
            return new Step(e, n, List.of(), List.of(), false, null, -1);
        }
        Parsed p = parse(e.state());
        if (h.pendingReset) {
            // a restarted server holds what its snapshot and log gave back: the committed order up to
            // its lastCommittedZxid (including deliveries whose publication its crash cut off)
            h.pendingReset = false;
            restore(h, p.lastCommitted);
        }
        if (p.snapshotInstalled >= 0) {
            restore(h, p.snapshotInstalled);
        }
        for (Tx t : p.proposed) {
            proposed.putIfAbsent(t.zxid(), t.id());
            proposalsByEpoch.computeIfAbsent(Zxid.epoch(t.zxid()), k -> new ArrayList<>()).add(t.zxid());
        }
        for (Tx t : p.delivered) {
            for (DeliveryJudge j : judges) {
                j.judge(h, t, e);
            }
            if (h.has(t.id())) {
                continue;
            }
            if (committed.putIfAbsent(t.zxid(), t.id()) == null) {
                // servers restored beyond this zxid hold it too
                for (String other : List.copyOf(nodes.keySet())) {
                    NodeHistory o = nodes.get(other);
                    if (o != h && o.floor >= t.zxid() && !o.has(t.id())) {
                        own(other).add(t);
                    }
                }
            }
            prefixOf.putIfAbsent(t.id(), new long[] {h.size(), h.fingerprint});
            h.add(t);
        }
        boolean became = p.established && !h.established && "LEADING".equals(p.role);
        h.established = p.established;
        h.role = p.role;
        return new Step(e, n, p.delivered, p.proposed, became, p.role, p.currentEpoch);
    }

    private void restore(NodeHistory h, long upTo) {
        h.clear();
        h.floor = upTo;
        for (Map.Entry<Long, String> c : committed.headMap(upTo, true).entrySet()) {
            h.add(new Tx(c.getKey(), c.getValue()));
        }
    }

    private record Parsed(String role, boolean established, long lastCommitted, long currentEpoch, long snapshotInstalled,
                          List<Tx> delivered, List<Tx> proposed) {
    }

    private static Parsed parse(Object state) {
        if (state instanceof ZabState s) {
            return new Parsed(s.role(), s.established(), s.lastCommittedZxid(), s.currentEpoch(), s.snapshotInstalled(),
                    txs(s.delivered()), txs(s.proposed()));
        }
        JsonNode j = TraceEvent.json(state);
        return new Parsed(j.path("role").asText(), j.path("established").asBoolean(), j.path("lastCommittedZxid").asLong(),
                j.path("currentEpoch").asLong(), j.path("snapshotInstalled").asLong(-1), txs(j.path("delivered")),
                txs(j.path("proposed")));
    }

    private static List<Tx> txs(List<ZabState.Delivery> ds) {
        if (ds.isEmpty()) {
            return List.of();
        }
        List<Tx> out = new ArrayList<>(ds.size());
        for (ZabState.Delivery d : ds) {
            out.add(new Tx(d.zxid(), d.txn()));
        }
        return out;
    }

    private static List<Tx> txs(JsonNode arr) {
        if (!arr.isArray() || arr.isEmpty()) {
            return List.of();
        }
        List<Tx> out = new ArrayList<>();
        for (JsonNode d : arr) {
            out.add(new Tx(d.path("zxid").asLong(), d.path("txn").asText()));
        }
        return out;
    }

    /** Ids of transactions in a node's history (a copy). */
    public static Set<String> ids(NodeHistory h) {
        return new HashSet<>(h.byId.keySet());
    }
}
