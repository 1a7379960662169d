package consensuslab.labs.zkbench;

import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * {@code bin/lab bench zk}: one load generator, built on Apache ZooKeeper's own Java client, runs
 * against a 3-server cluster of ours ({@code bin/zab-server}) and a 3-server Apache ZooKeeper 3.9.5
 * ensemble (QuorumPeerMain from its jar), in turn, in the same invocation, with the same settings
 * (tickTime 2000, fsync on, heap 1000m, 100-byte values, loopback ports, separate processes).
 * Workloads: getData, setData, create+delete at 4 and 16 sessions with 10 outstanding requests
 * each, and setData at 4 sessions with 1 outstanding; then a leader failover on each (kill -9 of
 * the leader → survivors serving; → the next successful write of a client on a follower). Prints
 * ops/s, p50 and p99 (medians over {@code runs}) and the ratio ours / ZooKeeper.
 *
 * <p>Lives in labs' test sources: ZooKeeper is a test/bench-scope dependency, never on
 * {@code bin/zab-server}'s classpath. Options: {@code runs=2 seconds=5 warmup=2 failovers=2
 * prewarm=16} (seconds of writes on each cluster before its first workload, then a quarter as
 * long of reads, so that the JIT has compiled both sides' write and read paths and the load
 * generator's own), {@code only= sides= jfr= repeat=}.
 */
public final class ZkBench {

    private ZkBench() {
    }

    record Workload(String name, String op, int sessions, int outstanding) {
        String label() {
            return name + ", " + sessions + " sessions, " + outstanding + " outstanding";
        }
    }

    record Result(double opsPerSec, double p50Ms, double p99Ms, String cpuPerOp) {
    }

    static final List<Workload> WORKLOADS = List.of(
            new Workload("getData", "get", 4, 10), new Workload("getData", "get", 16, 10),
            new Workload("setData", "set", 4, 10), new Workload("setData", "set", 16, 10),
            new Workload("create+delete", "createDelete", 4, 10), new Workload("create+delete", "createDelete", 16, 10),
            new Workload("setData", "set", 4, 1));

    /** With {@code jfr=DIR}: every server runs a flight recording, dumped to DIR before the cluster stops. */
    static Path jfrDir;

    /** A 3-server cluster in separate processes. */
    abstract static class Cluster implements AutoCloseable {
        final Path dir;
        final int[] clientPorts = new int[4];
        final Process[] procs = new Process[4];

        Cluster(Path dir, int base) {
            this.dir = dir;
            for (int i = 1; i <= 3; i++) {
                clientPorts[i] = base + i;
            }
        }

        abstract String name();

        abstract ProcessBuilder command(int i, Path cfg);

        String zooCfg(int i, int base) {
            Path d = dir.resolve("server" + i);
            StringBuilder b = new StringBuilder();
            b.append("tickTime=2000\ninitLimit=10\nsyncLimit=5\n");
            b.append("dataDir=").append(d.resolve("data")).append('\n');
            b.append("clientPort=").append(clientPorts[i]).append("\nclientPortAddress=127.0.0.1\n");
            b.append("4lw.commands.whitelist=*\nadmin.enableServer=false\nforceSync=yes\n");
            for (int j = 1; j <= 3; j++) {
                b.append("server.").append(j).append("=127.0.0.1:").append(base + 10 + j).append(':').append(base + 20 + j).append('\n');
            }
            return b.toString();
        }

        void start(int base) throws IOException {
            for (int i = 1; i <= 3; i++) {
                Path d = dir.resolve("server" + i);
                Files.createDirectories(d.resolve("data"));
                Files.writeString(d.resolve("data").resolve("myid"), i + "\n");
                Path cfg = d.resolve("zoo.cfg");
                Files.writeString(cfg, zooCfg(i, base));
                startServer(i);
            }
        }

        void startServer(int i) throws IOException {
            Path d = dir.resolve("server" + i);
            ProcessBuilder pb = command(i, d.resolve("zoo.cfg"));
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(d.resolve("server.log").toFile()));
            procs[i] = pb.start();
        }

        String connectString() {
            return "127.0.0.1:" + clientPorts[1] + ",127.0.0.1:" + clientPorts[2] + ",127.0.0.1:" + clientPorts[3];
        }

        /** The server's mode from srvr, or null if it does not answer or does not serve. */
        String mode(int i) {
            String out = fourLetter(clientPorts[i], "srvr");
            if (out == null) {
                return null;
            }
            for (String line : out.split("\n")) {
                if (line.startsWith("Mode: ")) {
                    return line.substring(6).trim();
                }
            }
            return null;
        }

        boolean serving(int i) {
            String m = mode(i);
            return m != null && (m.equals("leader") || m.equals("follower"));
        }

        int leader() {
            for (int i = 1; i <= 3; i++) {
                if ("leader".equals(mode(i))) {
                    return i;
                }
            }
            return 0;
        }

        void awaitServing(long timeoutMs) throws InterruptedException {
            long end = System.currentTimeMillis() + timeoutMs;
            while (System.currentTimeMillis() < end) {
                if (leader() != 0 && serving(1) && serving(2) && serving(3)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException(name() + ": the cluster did not serve within " + timeoutMs + " ms (logs under " + dir + ")");
        }

        /** The recordings of the servers still running, as DIR/side-serverI.jfr. */
        void dumpRecordings() {
            for (int i = 1; i <= 3; i++) {
                if (procs[i] != null && procs[i].isAlive()) {
                    Path f = jfrDir.resolve((this instanceof Ours ? "ours" : "zk") + "-server" + i + ".jfr");
                    try {
                        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(procs[i].pid()),
                                "JFR.dump", "filename=" + f).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                                .waitFor(60, TimeUnit.SECONDS);
                    } catch (IOException e) {
                        System.err.println("bench zk: jcmd: " + e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }

        @Override
        public void close() {
            if (jfrDir != null) {
                dumpRecordings();
            }
            for (int i = 1; i <= 3; i++) {
                if (procs[i] != null) {
                    procs[i].destroyForcibly();
                }
            }
            for (int i = 1; i <= 3; i++) {
                if (procs[i] != null) {
                    try {
                        procs[i].waitFor(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    static final class Ours extends Cluster {
        private final Path root;

        Ours(Path dir, int base, Path root) {
            super(dir, base);
            this.root = root;
        }

        @Override
        String name() {
            return "ours";
        }

        @Override
        void start(int base) throws IOException {
            // build zab once (bin/zab-server builds when a source is newer), not three times at once
            try {
                int rc = new ProcessBuilder("bash", "-c", "root=\"$PWD\"; source bin/zab-classpath.sh").directory(root.toFile())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                if (rc != 0) {
                    throw new IOException("building zab failed (run bin/zab-server to see why)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while building zab");
            }
            super.start(base);
        }

        @Override
        ProcessBuilder command(int i, Path cfg) {
            // bin/zab-server execs java with its default bounded heap (1000m), like zkServer.sh's
            ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/zab-server").toString(), cfg.toString()).directory(root.toFile());
            if (jfrDir != null) {
                pb.environment().put("ZAB_JAVA_OPTS", (System.getenv().getOrDefault("ZAB_JAVA_OPTS", "") + " " + JFR_FLAG).trim());
            }
            return pb;
        }
    }

    static final class Apache extends Cluster {
        Apache(Path dir, int base) {
            super(dir, base);
        }

        @Override
        String name() {
            return "ZooKeeper 3.9.5";
        }

        @Override
        ProcessBuilder command(int i, Path cfg) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1000m", "-Dzookeeper.admin.enableServer=false"));
            if (jfrDir != null) {
                cmd.add(JFR_FLAG);
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.apache.zookeeper.server.quorum.QuorumPeerMain", cfg.toString()));
            return new ProcessBuilder(cmd);
        }
    }

    static final String JFR_FLAG = "-XX:StartFlightRecording=settings=profile";

    static String fourLetter(int port, String word) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream o = s.getOutputStream();
            o.write(word.getBytes(StandardCharsets.US_ASCII));
            o.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    static ZooKeeper connect(String where) throws IOException, InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(where, 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        });
        if (!up.await(30, TimeUnit.SECONDS)) {
            zk.close();
            throw new IllegalStateException("no session with " + where + " within 30 s");
        }
        return zk;
    }

    /** Runs one workload for {@code seconds} after {@code warmup}; latencies of the measured part only. */
    static Result run(Cluster c, Workload w, int seconds, int warmup, int runTag) throws Exception {
        byte[] value = new byte[100];
        Arrays.fill(value, (byte) 'v');
        List<ZooKeeper> sessions = new ArrayList<>();
        String root = "/bench-" + w.op() + "-" + w.sessions() + "-" + w.outstanding() + "-" + runTag;
        try {
            for (int s = 0; s < w.sessions(); s++) {
                sessions.add(connect(c.connectString()));
            }
            ZooKeeper z0 = sessions.get(0);
            z0.create(root, value, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int s = 0; s < w.sessions(); s++) {
                z0.create(root + "/k" + s, value, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean measuring = new AtomicBoolean();
            AtomicLong ops = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            long[][] lat = new long[w.sessions()][];
            int[] counts = new int[w.sessions()];
            List<Thread> drivers = new ArrayList<>();
            for (int s = 0; s < w.sessions(); s++) {
                int si = s;
                lat[s] = new long[1 << 20];
                ZooKeeper zk = sessions.get(s);
                String key = root + "/k" + s;
                Semaphore window = new Semaphore(w.outstanding());
                Thread t = new Thread(() -> {
                    long seq = 0;
                    while (!stop.get()) {
                        try {
                            if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                                continue;
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                        long t0 = System.nanoTime();
                        Runnable done = () -> {
                            if (measuring.get()) {
                                long ns = System.nanoTime() - t0;
                                synchronized (lat[si]) {
                                    if (counts[si] < lat[si].length) {
                                        lat[si][counts[si]++] = ns;
                                    }
                                }
                                ops.incrementAndGet();
                            }
                            window.release();
                        };
                        switch (w.op()) {
                            case "get" -> zk.getData(key, false, (AsyncCallback.DataCallback) (rc, p, ctx, d, st) -> {
                                if (rc != 0) {
                                    errors.incrementAndGet();
                                }
                                done.run();
                            }, null);
                            case "set" -> zk.setData(key, value, -1, (AsyncCallback.StatCallback) (rc, p, ctx, st) -> {
                                if (rc != 0) {
                                    errors.incrementAndGet();
                                }
                                done.run();
                            }, null);
                            default -> {
                                String path = key + "/n" + (seq++);
                                zk.create(path, value, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                                        (AsyncCallback.StringCallback) (rc, p, ctx, name) -> {
                                            if (rc != 0) {
                                                errors.incrementAndGet();
                                            }
                                            record(measuring, lat[si], counts, si, ops, t0);
                                            // the delete is its own request, with its own latency, under the same window slot
                                            // (never block the client's event thread)
                                            long t1 = System.nanoTime();
                                            zk.delete(path, -1, (AsyncCallback.VoidCallback) (rc2, p2, ctx2) -> {
                                                if (rc2 != 0) {
                                                    errors.incrementAndGet();
                                                }
                                                record(measuring, lat[si], counts, si, ops, t1);
                                                window.release();
                                            }, null);
                                        }, null);
                            }
                        }
                    }
                }, "bench-" + s);
                t.setDaemon(true);
                drivers.add(t);
                t.start();
            }
            Thread.sleep(warmup * 1000L);
            long[] cpu0 = cpuNanos(c);
            long sw0 = wakeups(c);
            measuring.set(true);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            double secs = (System.nanoTime() - t0) / 1e9;
            long[] cpu1 = cpuNanos(c);
            long sw1 = wakeups(c);
            stop.set(true);
            for (Thread t : drivers) {
                t.join(5000);
            }
            long n = ops.get();
            long[] all = new long[(int) Math.min(Integer.MAX_VALUE, Arrays.stream(counts).asLongStream().sum())];
            int k = 0;
            for (int s = 0; s < w.sessions(); s++) {
                synchronized (lat[s]) {
                    System.arraycopy(lat[s], 0, all, k, counts[s]);
                    k += counts[s];
                }
            }
            Arrays.sort(all);
            if (errors.get() > 0) {
                System.err.println("bench zk: " + c.name() + " " + w.label() + ": " + errors.get() + " requests failed");
            }
            String perOp = cpuPerOp(cpu0, cpu1, n) + (sw0 < 0 || sw1 < 0 || n == 0 ? ""
                    : String.format(Locale.ROOT, "  wakeups/op %.1f", (sw1 - sw0) / (double) n));
            return new Result(n / secs, pct(all, 0.50), pct(all, 0.99), perOp);
        } finally {
            for (ZooKeeper z : sessions) {
                z.close(1000);
            }
        }
    }

    /**
     * CPU time so far of servers 1-3 (from /proc, through the process handles) and, in [0], of this
     * load generator's JVM; -1 where unknown.
     */
    static long[] cpuNanos(Cluster c) {
        long[] t = new long[4];
        t[0] = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
        for (int i = 1; i <= 3; i++) {
            Process p = c.procs[i];
            t[i] = p == null ? -1 : p.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
        }
        return t;
    }

    /**
     * Voluntary context switches so far of all threads of servers 1-3 together (from
     * /proc/PID/task/TID/status): each is a thread that blocked, to be woken again, so their count
     * per operation counts the thread hops of the write path, and hardly depends on the machine's
     * load (unlike CPU time and ops/s). -1 where /proc cannot tell.
     */
    static long wakeups(Cluster c) {
        long sum = 0;
        for (int i = 1; i <= 3; i++) {
            Process p = c.procs[i];
            if (p == null) {
                return -1;
            }
            java.io.File[] tasks = new java.io.File("/proc/" + p.pid() + "/task").listFiles();
            if (tasks == null) {
                return -1;
            }
            for (java.io.File t : tasks) {
                try {
                    for (String line : Files.readAllLines(t.toPath().resolve("status"), StandardCharsets.UTF_8)) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended meanwhile
                }
            }
        }
        return sum;
    }

    /** Milliseconds of CPU per operation while measuring: "s1/s2/s3 client". */
    static String cpuPerOp(long[] a, long[] b, long ops) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            s.append(i > 1 ? "/" : "").append(a[i] < 0 || b[i] < 0 || ops == 0 ? "?" : String.format(Locale.ROOT, "%.3f", (b[i] - a[i]) / 1e6 / ops));
        }
        return s.append(" client ").append(ops == 0 ? "?" : String.format(Locale.ROOT, "%.3f", (b[0] - a[0]) / 1e6 / ops)).toString();
    }

    static void record(AtomicBoolean measuring, long[] lat, int[] counts, int si, AtomicLong ops, long t0) {
        if (measuring.get()) {
            long ns = System.nanoTime() - t0;
            synchronized (lat) {
                if (counts[si] < lat.length) {
                    lat[counts[si]++] = ns;
                }
            }
            ops.incrementAndGet();
        }
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    record Failover(long servingMs, long followerWriteMs) {
    }

    /** kill -9 of the leader; then the survivors serving, and the next write of a client on a follower. */
    static Failover failover(Cluster c, int base) throws Exception {
        int leader = c.leader();
        int follower = leader == 1 ? 2 : 1;
        ZooKeeper zk = connect("127.0.0.1:" + c.clientPorts[follower]);
        try {
            zk.create("/failover", new byte[100], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // an earlier round
        }
        AtomicLong firstWrite = new AtomicLong(-1);
        long[] killAt = new long[1];
        Thread writer = new Thread(() -> {
            while (firstWrite.get() < 0) {
                try {
                    zk.setData("/failover", new byte[100], -1);
                    if (killAt[0] > 0) {
                        firstWrite.compareAndSet(-1, System.nanoTime());
                    }
                } catch (KeeperException e) {
                    // connection loss while the ensemble elects: try again
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException ie) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "failover-writer");
        writer.setDaemon(true);
        Thread.sleep(500);
        killAt[0] = System.nanoTime();
        c.procs[leader].destroyForcibly();
        writer.start();
        long serving = -1;
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end && (serving < 0 || firstWrite.get() < 0)) {
            if (serving < 0) {
                boolean all = true;
                boolean lead = false;
                for (int i = 1; i <= 3; i++) {
                    if (i == leader) {
                        continue;
                    }
                    String m = c.mode(i);
                    all &= m != null && (m.equals("leader") || m.equals("follower"));
                    lead |= "leader".equals(m);
                }
                if (all && lead) {
                    serving = (System.nanoTime() - killAt[0]) / 1_000_000;
                }
            }
            Thread.sleep(5);
        }
        writer.interrupt();
        zk.close(1000);
        long fw = firstWrite.get() < 0 ? -1 : (firstWrite.get() - killAt[0]) / 1_000_000;
        c.procs[leader].waitFor(10, TimeUnit.SECONDS);
        c.startServer(leader);
        c.awaitServing(60_000);
        return new Failover(serving, fw);
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public static void main(String[] args) throws Exception {
        // the ZooKeeper client logs every connection at INFO: only warnings here (the servers log to their files)
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> o = new LinkedHashMap<>(Map.of("runs", "2", "seconds", "5", "warmup", "2", "failovers", "2", "only", "",
                "sides", "ours,zk", "jfr", "", "repeat", "1", "prewarm", "16"));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1 || !o.containsKey(a.substring(0, eq))) {
                System.err.println("lab: bench zk: unknown option '" + a + "' (options: runs=N seconds=S warmup=S failovers=N only=TEXT sides=ours,zk jfr=DIR repeat=N prewarm=S)");
                System.exit(2);
            }
            o.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int runs;
        int seconds;
        int warmup;
        int failovers;
        int repeat;
        int prewarm;
        try {
            runs = Integer.parseInt(o.get("runs"));
            seconds = Integer.parseInt(o.get("seconds"));
            warmup = Integer.parseInt(o.get("warmup"));
            failovers = Integer.parseInt(o.get("failovers"));
            repeat = Math.max(1, Integer.parseInt(o.get("repeat")));
            prewarm = Math.max(0, Integer.parseInt(o.get("prewarm")));
        } catch (NumberFormatException e) {
            System.err.println("lab: bench zk: options take whole numbers: " + o);
            System.exit(2);
            return;
        }
        Path root = Path.of("").toAbsolutePath();
        if (!o.get("jfr").isEmpty()) {
            jfrDir = Files.createDirectories(Path.of(o.get("jfr")).toAbsolutePath());
        }
        Path work = Files.createTempDirectory("bench-zk");
        System.out.println("bench zk: 3 servers each, tickTime 2000, fsync on, heap 1000m, 100-byte values; " + runs + " run(s) of "
                + seconds + " s (+" + warmup + " s warm-up) per workload and side; files under " + work);
        System.out.println("load: " + loadLine());
        Map<String, List<Result>> results = new LinkedHashMap<>();
        Map<String, List<Failover>> fails = new LinkedHashMap<>();
        int base = 21000 + (int) (ProcessHandle.current().pid() % 200) * 40;
        for (int r = 1; r <= runs; r++) {
            for (int side = 0; side < 2; side++) {
                if (!o.get("sides").contains(side == 0 ? "ours" : "zk")) {
                    continue;
                }
                int b = base + (r * 2 + side) * 0 + side * 100;
                Path d = work.resolve("run" + r + "-" + (side == 0 ? "ours" : "zk"));
                try (Cluster c = side == 0 ? new Ours(d, b, root) : new Apache(d, b)) {
                    c.start(b);
                    c.awaitServing(120_000);
                    if (prewarm > 0) {
                        // both sides alike: the JIT compiles the write path before anything is measured
                        // (C2 needed 15-20 s of writes on this 2-core machine; docs/BENCHMARKS.md, issue 12)
                        run(c, new Workload("setData", "set", 16, 10), prewarm / 2, 0, r * 100 + 98);
                        run(c, new Workload("create+delete", "createDelete", 16, 10), prewarm - prewarm / 2, 0, r * 100 + 99);
                        // and the read path: the load generator's JVM is shared by both sides, so without this the side
                        // measured first in run 1 (ours) read through a client whose read path was not compiled yet
                        run(c, new Workload("getData", "get", 16, 10), Math.max(1, prewarm / 4), 0, r * 100 + 97);
                    }
                    for (Workload w : WORKLOADS) {
                        if (!w.label().contains(o.get("only"))) {
                            continue;
                        }
                        for (int k = 1; k <= repeat; k++) {
                            // repeat=N: the same workload again on the same cluster (warm-up effects); each counts as a run
                            Result res = run(c, w, seconds, warmup, r * 100 + k);
                            results.computeIfAbsent(c.name() + "|" + w.label(), x -> new ArrayList<>()).add(res);
                            System.out.printf(Locale.ROOT, "  run %d %-16s %-44s %9.0f ops/s  p50 %6.2f ms  p99 %7.2f ms  cpu ms/op %s%n", r, c.name(),
                                    w.label(), res.opsPerSec(), res.p50Ms(), res.p99Ms(), res.cpuPerOp());
                        }
                    }
                    if (r == runs) {
                        for (int f = 0; f < failovers; f++) {
                            Failover fo = failover(c, b);
                            fails.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(fo);
                            System.out.printf(Locale.ROOT, "  failover %d %-16s survivors serving %d ms, next write on a follower %d ms%n", f + 1,
                                    c.name(), fo.servingMs(), fo.followerWriteMs());
                        }
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| workload | ours ops/s | ZooKeeper ops/s | ratio | ours p50 / p99 ms | ZooKeeper p50 / p99 ms |");
        System.out.println("|---|---|---|---|---|---|");
        for (Workload w : WORKLOADS) {
            List<Result> a = results.getOrDefault("ours|" + w.label(), List.of());
            List<Result> z = results.getOrDefault("ZooKeeper 3.9.5|" + w.label(), List.of());
            if (a.isEmpty() && z.isEmpty()) {
                continue;
            }
            double ao = median(a.stream().map(Result::opsPerSec).toList());
            double zo = median(z.stream().map(Result::opsPerSec).toList());
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.2f / %.2f | %.2f / %.2f |%n", w.label(), ao, zo, ao / zo,
                    median(a.stream().map(Result::p50Ms).toList()), median(a.stream().map(Result::p99Ms).toList()),
                    median(z.stream().map(Result::p50Ms).toList()), median(z.stream().map(Result::p99Ms).toList()));
        }
        for (Map.Entry<String, List<Failover>> e : fails.entrySet()) {
            System.out.printf(Locale.ROOT, "failover %s: survivors serving %s ms (median %.0f); next write of a client on a follower %s ms (median %.0f)%n",
                    e.getKey(), e.getValue().stream().map(f -> Long.toString(f.servingMs())).toList(),
                    median(e.getValue().stream().map(f -> (double) f.servingMs()).toList()),
                    e.getValue().stream().map(f -> Long.toString(f.followerWriteMs())).toList(),
                    median(e.getValue().stream().map(f -> (double) f.followerWriteMs()).toList()));
        }
        System.exit(0);
    }

    /** The machine's load when the bench starts (it is shared: ratios in one run are what count). */
    static String loadLine() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(Path.of("/proc/loadavg")), StandardCharsets.UTF_8))) {
            return "loadavg " + r.readLine() + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
