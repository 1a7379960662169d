package consensuslab.prop;

import consensuslab.core.NodeId;
import consensuslab.faults.Fault;
import consensuslab.faults.FaultSchedule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How much trouble a property test allows, and the generator of random fault schedules within it.
 * Immutable: every method returns a new value.
 *
 * <pre>
 * FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.1).dups(0.05)
 *            .reorders(0.1).pauses(1).syncCrashes(1).horizon(30_000)
 * </pre>
 *
 * <p>A generated schedule is a pure function of the seed, these bounds and the cluster size
 * ({@link #generate}). All its faults lie in [0, horizon): every crashed node is restarted, every
 * paused node resumed, every partition healed and every impairment window closed before the
 * horizon, so that liveness can be judged at the end of the run. At most {@code maxDown} servers
 * are down (crashed or paused) at any moment; clients are never crashed or paused unless
 * {@link #crashClients(boolean)} asks for it (and then do not count toward {@code maxDown}).
 *
 * @param crashes      up to this many crash/restart pairs
 * @param maxDown      at most this many servers down at once; -1: a minority, (servers - 1) / 2
 * @param partitions   up to this many partition/heal windows (one at a time)
 * @param drops        largest message-loss probability of a drop window (0: none)
 * @param dups         largest duplication probability of a dup window (0: none)
 * @param reorders     largest reordering probability of a reorder window (0: none)
 * @param pauses       up to this many pause/resume pairs
 * @param syncCrashes  up to this many crashes at a node's k-th sync (before or after it), each
 *                     followed by restarts
 * @param horizon      every fault lies in [0, horizon) ms; -1: half the run's length
 * @param crashClients whether clients may be crashed and paused too
 * @param maxLatency   if above 0, sometimes a {@code latency=1-Xms} for the run with X up to this
 */
public record FaultBounds(int crashes, int maxDown, int partitions, double drops, double dups, double reorders, int pauses,
                          int syncCrashes, long horizon, boolean crashClients, long maxLatency) {

    public FaultBounds {
        if (crashes < 0 || partitions < 0 || pauses < 0 || syncCrashes < 0) {
            throw new IllegalArgumentException("fault counts must not be negative");
        }
        if (maxDown < -1) {
            throw new IllegalArgumentException("maxDown must be 0 or more, not " + maxDown);
        }
        for (double p : new double[] {drops, dups, reorders}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability " + p + " is outside 0..1");
            }
        }
        if (horizon == 0 || horizon < -1) {
            throw new IllegalArgumentException("horizon must be positive, not " + horizon);
        }
        if (maxLatency < 0) {
            throw new IllegalArgumentException("maxLatency must not be negative");
        }
    }

    /** No faults at all (a fault-free run); add kinds with the other methods. */
    public static FaultBounds none() {
        return new FaultBounds(0, -1, 0, 0, 0, 0, 0, 0, -1, false, 0);
    }

    public FaultBounds crashes(int k) {
        return new FaultBounds(k, maxDown, partitions, drops, dups, reorders, pauses, syncCrashes, horizon, crashClients, maxLatency);
    }

    public FaultBounds maxDown(int m) {
        return new FaultBounds(crashes, m, partitions, drops, dups, reorders, pauses, syncCrashes, horizon, crashClients, maxLatency);
    }

    public FaultBounds partitions(int k) {
        return new FaultBounds(crashes, maxDown, k, drops, dups, reorders, pauses, syncCrashes, horizon, crashClients, maxLatency);
    }

    public FaultBounds drops(double p) {
        return new FaultBounds(crashes, maxDown, partitions, p, dups, reorders, pauses, syncCrashes, horizon, crashClients, maxLatency);
    }

    public FaultBounds dups(double p) {
        return new FaultBounds(crashes, maxDown, partitions, drops, p, reorders, pauses, syncCrashes, horizon, crashClients, maxLatency);
    }

    public FaultBounds reorders(double p) {
        return new FaultBounds(crashes, maxDown, partitions, drops, dups, p, pauses, syncCrashes, horizon, crashClients, maxLatency);
    }

    public FaultBounds pauses(int k) {
        return new FaultBounds(crashes, maxDown, partitions, drops, dups, reorders, k, syncCrashes, horizon, crashClients, maxLatency);
    }

    public FaultBounds syncCrashes(int k) {
        return new FaultBounds(crashes, maxDown, partitions, drops, dups, reorders, pauses, k, horizon, crashClients, maxLatency);
    }

    public FaultBounds horizon(long ms) {
        return new FaultBounds(crashes, maxDown, partitions, drops, dups, reorders, pauses, syncCrashes, ms, crashClients, maxLatency);
    }

    public FaultBounds crashClients(boolean yes) {
        return new FaultBounds(crashes, maxDown, partitions, drops, dups, reorders, pauses, syncCrashes, horizon, yes, maxLatency);
    }

    /** Sometimes slow links: a whole-run {@code latency=1-Xms} with X drawn up to {@code ms}. */
    public FaultBounds latency(long ms) {
        return new FaultBounds(crashes, maxDown, partitions, drops, dups, reorders, pauses, syncCrashes, horizon, crashClients, ms);
    }

    /** These bounds with the defaults filled in for a run of {@code servers} servers lasting {@code until} ms. */
    public FaultBounds resolve(int servers, long until) {
        long h = horizon == -1 ? Math.max(1, until / 2) : horizon;
        if (h > until) {
            throw new IllegalArgumentException("fault horizon " + h + "ms is after the end of the run (" + until + "ms)");
        }
        int m = maxDown == -1 ? (servers - 1) / 2 : maxDown;
        return new FaultBounds(crashes, m, partitions, drops, dups, reorders, pauses, syncCrashes, h, crashClients, maxLatency);
    }

    /** One node out of service during [from, to] (both ends included, to be conservative). */
    private record Down(NodeId node, long from, long to) {
        boolean overlaps(long a, long b) {
            return from <= b && a <= to;
        }
    }

    /**
     * A random schedule within these bounds (resolve them first, or the defaults for 3 servers and
     * a 10 s run are assumed): a pure function of the arguments.
     */
    public FaultSchedule generate(long seed, int servers, int clients) {
        FaultBounds b = (horizon == -1 || maxDown == -1) ? resolve(servers, Math.max(horizon, 10_000)) : this;
        return b.generateResolved(seed, servers, clients);
    }

    private FaultSchedule generateResolved(long seed, int servers, int clients) {
        SplittableRandom r = new SplittableRandom(mix(seed ^ 0x5F3759DF_0FA17L));
        long h = horizon;
        long g = h >= 1000 ? 10 : 1; // time grain: round times to 10 ms for readable schedules
        long slots = Math.max(1, h / g); // times are g * [0, slots), all below the horizon
        List<Fault> out = new ArrayList<>();

        if (maxLatency > 0 && r.nextBoolean()) {
            long hi = 1 + r.nextLong(maxLatency);
            out.add(new Fault.Latency(1, Math.max(1, hi)));
        }

        // Impairment windows: up to two per kind, disjoint, each closed before the horizon.
        double[] limit = {drops, dups, reorders};
        Fault.Impair.Kind[] kinds = Fault.Impair.Kind.values();
        for (int k = 0; k < kinds.length; k++) {
            if (limit[k] <= 0) {
                continue;
            }
            int n = r.nextInt(3);
            for (int i = 0; i < n; i++) {
                long[] w = window(r, slots, n, i);
                if (w == null) {
                    continue;
                }
                double p = r.nextBoolean() ? limit[k] : Math.max(0.001, Math.round(limit[k] * 500) / 1000.0);
                out.add(new Fault.Impair(kinds[k], p, w[0] * g, w[1] * g));
            }
        }

        // Partitions: disjoint windows, each ended by a heal.
        if (servers >= 2) {
            int n = r.nextInt(partitions + 1);
            for (int i = 0; i < n; i++) {
                long[] w = window(r, slots, n, i);
                if (w == null) {
                    continue;
                }
                out.add(new Fault.Partition(w[0] * g, groups(r, servers, clients)));
                out.add(new Fault.Heal(w[1] * g));
            }
        }

        // Node faults: crashes, pauses and sync crashes, placed so that at most maxDown servers are down at once.
        List<Down> downs = new ArrayList<>();
        List<NodeId> eligible = new ArrayList<>();
        for (int i = 1; i <= servers; i++) {
            eligible.add(NodeId.server(i));
        }
        if (crashClients) {
            for (int i = 1; i <= clients; i++) {
                eligible.add(NodeId.client(i));
            }
        }
        int nSync = r.nextInt(syncCrashes + 1);
        for (int i = 0; i < nSync && slots >= 3; i++) {
            NodeId node = NodeId.server(1 + r.nextInt(servers));
            int k = 1 + r.nextInt(16);
            boolean after = r.nextBoolean();
            // When the k-th sync comes is unknown: the node is counted down for the whole horizon,
            // and restarted twice (soon, and at the horizon's end) so it is surely up by then.
            if (fits(downs, node, 0, (slots - 1) * g)) {
                downs.add(new Down(node, 0, (slots - 1) * g));
                long early = 1 + r.nextLong(slots - 2);
                out.add(new Fault.CrashAtSync(node, k, after));
                out.add(new Fault.NodeFault(Fault.NodeFault.Action.RESTART, node, early * g));
                out.add(new Fault.NodeFault(Fault.NodeFault.Action.RESTART, node, (slots - 1) * g));
            }
        }
        int nCrash = r.nextInt(crashes + 1);
        int nPause = r.nextInt(pauses + 1);
        for (int i = 0; i < nCrash + nPause; i++) {
            boolean crash = i < nCrash;
            for (int attempt = 0; attempt < 8; attempt++) {
                NodeId node = eligible.get(r.nextInt(eligible.size()));
                long[] w = window(r, slots, 1, 0);
                if (w == null) {
                    break;
                }
                long from = w[0] * g;
                long to = w[1] * g;
                if (fits(downs, node, from, to)) {
                    downs.add(new Down(node, from, to));
                    out.add(new Fault.NodeFault(crash ? Fault.NodeFault.Action.CRASH : Fault.NodeFault.Action.PAUSE, node, from));
                    out.add(new Fault.NodeFault(crash ? Fault.NodeFault.Action.RESTART : Fault.NodeFault.Action.RESUME, node, to));
                    break;
                }
            }
        }
        out.sort(Comparator.comparingLong(Fault::at));
        return new FaultSchedule(out);
    }

    /** Stafford's mix13: unrelated streams for neighbouring seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A window [a, b) with a < b inside the i-th of n equal slices of [0, slots); null if too small. */
    private static long[] window(SplittableRandom r, long slots, int n, int i) {
        long lo = slots * i / n;
        long hi = slots * (i + 1) / n; // exclusive
        if (hi - lo < 2) {
            return null;
        }
        long a = lo + r.nextLong(hi - lo - 1);
        long maxLen = hi - 1 - a; // b <= hi - 1 keeps b below the horizon
        long b = a + 1 + r.nextLong(maxLen);
        return new long[] {a, b};
    }

    private boolean fits(List<Down> downs, NodeId node, long from, long to) {
        for (Down d : downs) {
            if (d.node().equals(node) && d.overlaps(from, to)) {
                return false;
            }
        }
        if (node.isClient()) {
            return true;
        }
        // The most servers down at once within [from, to] is reached at from or at some interval's start.
        List<Long> points = new ArrayList<>();
        points.add(from);
        for (Down d : downs) {
            if (d.from() >= from && d.from() <= to) {
                points.add(d.from());
            }
        }
        for (long t : points) {
            int down = 1;
            for (Down d : downs) {
                if (d.node().isServer() && d.from() <= t && t <= d.to()) {
                    down++;
                }
            }
            if (down > maxDown) {
                return false;
            }
        }
        return true;
    }

    /** Servers split at random into two (sometimes three) non-empty groups; each client joins one or stays free. */
    private static List<List<NodeId>> groups(SplittableRandom r, int servers, int clients) {
        List<NodeId> order = new ArrayList<>();
        for (int i = 1; i <= servers; i++) {
            order.add(NodeId.server(i));
        }
        for (int i = order.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            NodeId t = order.get(i);
            order.set(i, order.get(j));
            order.set(j, t);
        }
        int nGroups = servers >= 3 && r.nextInt(3) == 0 ? 3 : Math.min(2, Math.max(1, servers));
        List<List<NodeId>> groups = new ArrayList<>();
        for (int i = 0; i < nGroups; i++) {
            groups.add(new ArrayList<>());
        }
        // Cut the shuffled servers into nGroups non-empty runs.
        List<Integer> cuts = new ArrayList<>();
        while (cuts.size() < nGroups - 1) {
            int c = 1 + r.nextInt(servers - 1);
            if (!cuts.contains(c)) {
                cuts.add(c);
            }
        }
        cuts.sort(null);
        int gi = 0;
        for (int i = 0; i < order.size(); i++) {
            if (gi < cuts.size() && i == cuts.get(gi)) {
                gi++;
            }
            groups.get(gi).add(order.get(i));
        }
        for (int i = 1; i <= clients; i++) {
            if (r.nextBoolean()) {
                groups.get(r.nextInt(nGroups)).add(NodeId.client(i));
            }
        }
        for (List<NodeId> grp : groups) {
            grp.sort(null);
        }
        groups.removeIf(List::isEmpty);
        return groups;
    }
}
