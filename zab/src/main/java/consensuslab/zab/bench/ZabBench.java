package consensuslab.zab.bench;

import consensuslab.zab.QuorumPeer;
import consensuslab.zab.Zab;
import consensuslab.zab.ZabMessage;
import consensuslab.zab.ZabState;
import consensuslab.zab.Zxid;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.net.ClusterSpec;
import consensuslab.net.LocalPorts;
import consensuslab.net.TcpRuntime;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/lab bench zab}: committed proposals per second and how many proposals one log sync
 * covers (group commit), with clients keeping many writes outstanding.
 *
 * <pre>
 * bench zab [runtime=sim|tcp|both] [nodes=3] [clients=4] [outstanding=32] [runs=5]
 *           [virtual-ms=5000] [seconds=5] [tick=50] [tcp-tick=200]   (or --key value)
 * </pre>
 * sim: the simulator (latency 1-10 ms, a sync is instant), throughput per virtual second and per
 * wall second of simulation; tcp: real nodes on 127.0.0.1 with real fsyncs (consensuslab.net),
 * throughput per wall second (tickTime 200 ms there: fsyncs on a busy machine can stall a follower
 * past a 250 ms syncLimit; a run whose leader changes anyway is discarded and said so). Each run
 * reports the leader's commits and the syncs of every server.
 */
public final class ZabBench {

    private ZabBench() {
    }

    /** One run's numbers. */
    record Measurement(long committed, double seconds, long syncs, long syncedTxns, double wallSeconds) {
        double rate() {
            return committed / seconds;
        }

        double perSync() {
            return syncs == 0 ? 0 : (double) syncedTxns / syncs;
        }
    }

    /** Runs the benchmark; bad arguments throw an IllegalArgumentException with one line. */
    public static String run(String[] args) {
        String runtime = "both";
        int nodes = 3;
        int clients = 4;
        int outstanding = 32;
        int runs = 5;
        long virtualMs = 5000;
        long seconds = 5;
        long tick = 50;
        long tcpTick = 200;
        for (int i = 0; i < args.length; i++) {
            // --key value, --key=value or key=value
            String arg = args[i];
            String kv = arg.startsWith("--") ? arg.substring(2) : arg;
            if (arg.startsWith("--") && kv.indexOf('=') < 0) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("bench zab: " + arg + " needs a value");
                }
                kv = kv + "=" + args[++i];
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bench zab: bad argument '" + arg + "' (expected key=value or --key value)");
            }
            String a = kv.substring(0, eq);
            String v = kv.substring(eq + 1);
            try {
                switch (a) {
                    case "runtime" -> {
                        if (!v.equals("sim") && !v.equals("tcp") && !v.equals("both")) {
                            throw new IllegalArgumentException("bench zab: runtime=" + v + " is not sim, tcp or both");
                        }
                        runtime = v;
                    }
                    case "nodes" -> nodes = Integer.parseInt(v);
                    case "clients" -> clients = Integer.parseInt(v);
                    case "outstanding" -> outstanding = Integer.parseInt(v);
                    case "runs" -> runs = Integer.parseInt(v);
                    case "virtual-ms" -> virtualMs = Long.parseLong(v);
                    case "seconds" -> seconds = Long.parseLong(v);
                    case "tick" -> tick = Long.parseLong(v);
                    case "tcp-tick" -> tcpTick = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("bench zab: unknown option " + a
                            + " (known: runtime=sim|tcp|both, nodes, clients, outstanding, runs, virtual-ms, seconds, tick, tcp-tick)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bench zab: " + a + "=" + v + " is not a whole number");
            }
        }
        if (nodes < 1 || clients < 1 || outstanding < 1 || runs < 1 || virtualMs < 1 || seconds < 1 || tick < 2 || tcpTick < 2) {
            throw new IllegalArgumentException("bench zab: nodes, clients, outstanding, runs, virtual-ms and seconds must be at least 1, "
                    + "tick and tcp-tick at least 2");
        }
        Params params = Params.parse("ops=100000000,keys=16,outstanding=" + outstanding + ",tickTime=" + tick + ",snapCount=10000,commitLogCount=500,clientTimeout=" + (200 * tick));
        StringBuilder out = new StringBuilder();
        if (!runtime.equals("tcp")) {
            out.append(sim(nodes, clients, outstanding, runs, virtualMs, params));
        }
        if (!runtime.equals("sim")) {
            Params tcpParams = params.with("tickTime", tcpTick).with("clientTimeout", 200 * tcpTick);
            out.append(tcp(nodes, clients, outstanding, runs, seconds, tcpParams));
        }
        return out.toString();
    }

    // ---- simulator ---------------------------------------------------------------------------------

    static Measurement simOnce(int nodes, int clients, long seed, long virtualMs, Params params) {
        Zab zab = new Zab();
        Simulator<ZabMessage> sim = SimRun.build(zab,
                new SimRun.Options(nodes, clients, seed, virtualMs, FaultSchedule.NONE, params, false, false));
        if (!sim.runUntil(s -> leader(s) != null, 10_000)) {
            throw new IllegalStateException("no leader after 10 s of virtual time");
        }
        sim.runUntil(sim.now() + 500); // warm up: clients connected, pipelines full
        QuorumPeer l0 = leader(sim);
        long c0 = l0.db().lastProcessedZxid();
        long[] s0 = syncs(sim);
        long t0 = sim.now();
        long w0 = System.nanoTime();
        sim.runUntil(t0 + virtualMs);
        double wall = (System.nanoTime() - w0) / 1e9;
        QuorumPeer l1 = leader(sim);
        if (l1 != l0 || Zxid.epoch(l1.db().lastProcessedZxid()) != Zxid.epoch(c0)) {
            throw new IllegalStateException("the leader changed during the measurement");
        }
        long[] s1 = syncs(sim);
        return new Measurement(Zxid.counter(l1.db().lastProcessedZxid()) - Zxid.counter(c0), virtualMs / 1000.0, s1[0] - s0[0],
                s1[1] - s0[1], wall);
    }

    private static QuorumPeer leader(Simulator<ZabMessage> sim) {
        for (NodeId n : sim.servers()) {
            if (sim.node(n) instanceof QuorumPeer p && p.leader() != null && p.leader().established()) {
                return p;
            }
        }
        return null;
    }

    private static long[] syncs(Simulator<ZabMessage> sim) {
        long syncs = 0;
        long txns = 0;
        for (NodeId n : sim.servers()) {
            if (sim.node(n) instanceof QuorumPeer p) {
                for (int b : p.batchSizes()) {
                    syncs++;
                    txns += b;
                }
            }
        }
        return new long[] {syncs, txns};
    }

    private static String sim(int nodes, int clients, int outstanding, int runs, long virtualMs, Params params) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "bench zab sim: %d servers, %d clients x %d outstanding writes, latency 1-10 ms, "
                + "%d virtual ms per run, %d runs (+1 warm-up), params %s%n", nodes, clients, outstanding, virtualMs, runs, params));
        simOnce(nodes, clients, 0, virtualMs, params);
        List<Measurement> ms = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            Measurement m = simOnce(nodes, clients, r, virtualMs, params);
            ms.add(m);
            out.append(String.format(Locale.ROOT, "  run %d (seed %d): %,d committed, %,.0f per virtual s, %,.0f per wall s; %,d syncs covering %,d "
                    + "proposals (%.1f per sync)%n", r, r, m.committed(), m.rate(), m.committed() / m.wallSeconds(), m.syncs(),
                    m.syncedTxns(), m.perSync()));
        }
        out.append(String.format(Locale.ROOT, "bench zab sim: median %,.0f committed proposals per virtual second, %,.0f per wall second; "
                + "median %.1f proposals per sync%n", median(ms, 0), median(ms, 2), median(ms, 1)));
        return out.toString();
    }

    // ---- TCP on 127.0.0.1 ----------------------------------------------------------------------------

    static Measurement tcpOnce(int nodes, int clients, long seed, long seconds, Params params) throws InterruptedException {
        int base = LocalPorts.freeBase(nodes + clients);
        ClusterSpec spec = ClusterSpec.local(nodes, clients, "127.0.0.1", base);
        try (TcpRuntime<ZabMessage> rt = new TcpRuntime<>(new Zab(), spec, params, seed, null)) {
            rt.start(spec.nodes());
            if (!rt.await(() -> tcpLeader(rt, nodes) != null, 20_000)) {
                throw new IllegalStateException("no leader within 20 s: " + rt.errors());
            }
            Thread.sleep(1000);
            ZabState l0 = tcpLeader(rt, nodes);
            long[] s0 = tcpSyncs(rt, nodes);
            long w0 = System.nanoTime();
            Thread.sleep(seconds * 1000);
            ZabState l1 = tcpLeader(rt, nodes);
            long[] s1 = tcpSyncs(rt, nodes);
            double wall = (System.nanoTime() - w0) / 1e9;
            if (l1 == null || l0 == null || Zxid.epoch(l1.lastCommittedZxid()) != Zxid.epoch(l0.lastCommittedZxid())) {
                throw new IllegalStateException("the leader changed during the measurement: " + (l0 == null ? "none" : l0.label()) + " → "
                        + (l1 == null ? "none" : l1.label()));
            }
            return new Measurement(Zxid.counter(l1.lastCommittedZxid()) - Zxid.counter(l0.lastCommittedZxid()), wall, s1[0] - s0[0],
                    s1[1] - s0[1], wall);
        }
    }

    private static ZabState tcpLeader(TcpRuntime<ZabMessage> rt, int nodes) {
        for (int i = 1; i <= nodes; i++) {
            if (rt.state(NodeId.server(i)) instanceof ZabState s && s.established()) {
                return s;
            }
        }
        return null;
    }

    private static long[] tcpSyncs(TcpRuntime<ZabMessage> rt, int nodes) {
        long syncs = 0;
        long txns = 0;
        for (int i = 1; i <= nodes; i++) {
            if (rt.state(NodeId.server(i)) instanceof ZabState s) {
                syncs += s.syncs();
                txns += s.syncedTxns();
            }
        }
        return new long[] {syncs, txns};
    }

    private static String tcp(int nodes, int clients, int outstanding, int runs, long seconds, Params params) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "bench zab tcp: %d servers + %d clients on 127.0.0.1 (one process, TCP between all nodes), "
                + "fsync on (FileStorage.sync forces the log), %d outstanding writes per client, %d s per run, %d runs (+1 warm-up), tickTime %s ms%n",
                nodes, clients, outstanding, seconds, runs, params.get("tickTime", "?")));
        List<Measurement> ms = new ArrayList<>();
        try {
            try {
                tcpOnce(nodes, clients, 0, Math.min(2, seconds), params);
            } catch (IllegalStateException e) {
                out.append("  warm-up: ").append(e.getMessage()).append('\n');
            }
            for (int r = 1; r <= runs; r++) {
                Measurement m;
                try {
                    m = tcpOnce(nodes, clients, r, seconds, params);
                } catch (IllegalStateException e) {
                    out.append(String.format(Locale.ROOT, "  run %d: discarded (%s)%n", r, e.getMessage()));
                    continue;
                }
                ms.add(m);
                out.append(String.format(Locale.ROOT, "  run %d: %,d committed in %.1f s = %,.0f per s; %,d syncs covering %,d proposals "
                        + "(%.1f per sync)%n", r, m.committed(), m.seconds(), m.rate(), m.syncs(), m.syncedTxns(), m.perSync()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out.append("bench zab tcp: interrupted\n").toString();
        } catch (RuntimeException e) {
            return out.append("bench zab tcp: failed: ").append(e.getMessage()).append('\n').toString();
        }
        if (ms.isEmpty()) {
            return out.append("bench zab tcp: no run completed\n").toString();
        }
        out.append(String.format(Locale.ROOT, "bench zab tcp: median %,.0f committed proposals per second, median %.1f proposals per sync (%d runs)%n",
                median(ms, 0), median(ms, 1), ms.size()));
        return out.toString();
    }

    /** Median of: 0 rate, 1 per sync, 2 per wall second. */
    private static double median(List<Measurement> ms, int what) {
        List<Double> v = new ArrayList<>();
        for (Measurement m : ms) {
            v.add(what == 0 ? m.rate() : what == 1 ? m.perSync() : m.committed() / m.wallSeconds());
        }
        Collections.sort(v);
        int n = v.size();
        return n == 0 ? 0 : n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
