package consensuslab.paxos;

import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.net.ClusterSpec;
import consensuslab.net.LocalPorts;
import consensuslab.net.TcpRuntime;
import consensuslab.paxos.multi.KvClient;
import consensuslab.paxos.multi.MultiPaxos;
import consensuslab.paxos.multi.MultiPaxosMessage;
import consensuslab.sim.SimConfig;
import consensuslab.sim.Simulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Throughput of the Multi-Paxos key-value store with 3 replicas: committed operations per second,
 * in the simulator (per virtual second and per wall second, tracing off, default latency 1-10 ms)
 * and over TCP on 127.0.0.1 (wall clock, real files with fsync). Each client has one request
 * outstanding at a time, so throughput is clients / round-trip time: there is no batching.
 *
 * <p>{@code bin/lab bench multipaxos [runs=5] [clients=8] [ops=200] [tcp=true] [tcpRuns=3] [tcpOps=100]}
 * (also {@code --runs 5} or {@code --runs=5}).
 */
public final class PaxosBench {

    private PaxosBench() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Runs the benchmark; returns one report line. Bad arguments throw IllegalArgumentException with one line. */
    public static String run(String[] args) {
        Map<String, String> a = new TreeMap<>(Map.of("runs", "5", "clients", "8", "ops", "200", "tcp", "true", "tcpRuns", "3",
                "tcpOps", "100"));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String s = arg.startsWith("--") ? arg.substring(2) : arg;
            if (arg.startsWith("--") && s.indexOf('=') < 0 && i + 1 < args.length) {
                s = s + "=" + args[++i]; // --runs 5
            }
            int eq = s.indexOf('=');
            if (eq <= 0 || !a.containsKey(s.substring(0, eq))) {
                throw new IllegalArgumentException("bad bench argument '" + arg + "': expected one of " + a.keySet() + " as key=value");
            }
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        Params p = new Params(a);
        int runs = positive(p, "runs");
        int clients = positive(p, "clients");
        int ops = positive(p, "ops");
        double[] virt = new double[runs];
        double[] wall = new double[runs];
        for (int i = 0; i < runs; i++) {
            double[] r = simRun(i + 1, clients, ops);
            virt[i] = r[0];
            wall[i] = r[1];
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("multipaxos bench, 3 replicas, %d clients x %d ops: sim median %.0f ops/virtual-s, %.0f ops/wall-s (%d runs)",
                clients, ops, median(virt), median(wall), runs));
        if (p.getBool("tcp", true)) {
            int tcpRuns = positive(p, "tcpRuns");
            int tcpOps = positive(p, "tcpOps");
            double[] tcp = new double[tcpRuns];
            for (int i = 0; i < tcpRuns; i++) {
                tcp[i] = tcpRun(i + 1, clients, tcpOps);
            }
            out.append(String.format("; tcp 127.0.0.1 median %.0f ops/s (%d runs of %d clients x %d ops, fsync on)",
                    median(tcp), tcpRuns, clients, tcpOps));
        }
        return out.toString();
    }

    private static int positive(Params p, String key) {
        int v = p.getInt(key, 1);
        if (v < 1) {
            throw new IllegalArgumentException("bench argument " + key + "=" + v + " must be at least 1");
        }
        return v;
    }

    /** One simulated run: {ops per virtual second, ops per wall second}. */
    static double[] simRun(long seed, int clients, int ops) {
        MultiPaxos mp = new MultiPaxos();
        Params params = Params.parse("ops=" + ops + ",keys=8");
        SimConfig cfg = new SimConfig(seed, 3, clients, mp.linkKind(), params, FaultSchedule.NONE, 1, 10, false);
        Simulator<MultiPaxosMessage> sim = new Simulator<>(cfg, mp.factory(params));
        List<NodeId> cs = sim.clients();
        long t0 = System.nanoTime();
        boolean done = sim.runUntil(s -> allDone(cs, s::state, ops), 10_000_000);
        long wallNs = System.nanoTime() - t0;
        if (!done) {
            throw new IllegalStateException("simulated run " + seed + " did not finish");
        }
        long total = (long) clients * ops;
        return new double[] {total * 1000.0 / sim.now(), total * 1e9 / wallNs};
    }

    /** One run over TCP on 127.0.0.1: committed ops per wall second, from start-up to the last reply. */
    static double tcpRun(long seed, int clients, int ops) {
        MultiPaxos mp = new MultiPaxos();
        ClusterSpec cluster = ClusterSpec.local(3, clients, "127.0.0.1", LocalPorts.freeBase(3 + clients));
        try (TcpRuntime<MultiPaxosMessage> rt = new TcpRuntime<>(mp, cluster, Params.parse("ops=" + ops + ",keys=8"), seed, null)) {
            long t0 = System.nanoTime();
            rt.start(cluster.servers());
            rt.start(cluster.clients());
            if (!rt.await(() -> allDone(cluster.clients(), rt::state, ops), 120_000)) {
                throw new IllegalStateException("tcp run " + seed + " did not finish in 120 s; errors: " + rt.errors());
            }
            long wallNs = System.nanoTime() - t0;
            for (NodeId n : new ArrayList<>(rt.running())) {
                rt.stop(n);
            }
            return (long) clients * ops * 1e9 / wallNs;
        }
    }

    private static boolean allDone(List<NodeId> clients, java.util.function.Function<NodeId, Object> state, int ops) {
        for (NodeId c : clients) {
            Object s = state.apply(c);
            if (!(s instanceof KvClient.ClientState cs) || cs.done() < ops) {
                return false;
            }
        }
        return true;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
