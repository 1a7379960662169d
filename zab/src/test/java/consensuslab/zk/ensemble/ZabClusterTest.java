package consensuslab.zk.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import consensuslab.check.History;
import consensuslab.check.KvOp;
import consensuslab.check.KvResult;
import consensuslab.check.Linearizability;
import consensuslab.net.LocalPorts;
import consensuslab.zk.client.ZkClient;
import consensuslab.zk.wire.Frames;
import consensuslab.zk.wire.JuteIn;
import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.wire.OpCode;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.Code;
import consensuslab.zk.znode.CreateMode;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Stat;
import consensuslab.zk.znode.ZnodeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A real three-server ensemble: three JVMs running {@code ZabServerMain} (what bin/zab-server runs)
 * with generated zoo.cfg and myid files, on free ports of 127.0.0.1. Every child process is killed
 * in {@link #stopAll()}, which also deletes their files, unless a test failed: then the files stay
 * (the directory is printed first) and the end of each server's log is printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZabClusterTest {
    private static final int N = 3;
    private static final int TICK = 100;
    private static final long START = System.nanoTime();
    private static Path dir;
    private static final int[] clientPort = new int[N + 1];
    private static final int[] tracePort = new int[N + 1];
    private static final Path[] cfg = new Path[N + 1];
    private static final Process[] proc = new Process[N + 1];
    private static volatile boolean failed;

    /** Keeps the servers' files and prints the end of their logs when a test fails; deletes them otherwise. */
    @org.junit.jupiter.api.extension.RegisterExtension
    static final org.junit.jupiter.api.extension.TestWatcher WATCHER = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            failed = true;
        }
    };

    // ---- the cluster ------------------------------------------------------------------------

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("zab-cluster-test");
        int base = LocalPorts.freeBase(4 * N);
        StringBuilder servers = new StringBuilder();
        for (int i = 1; i <= N; i++) {
            clientPort[i] = base + i - 1;
            tracePort[i] = base + 3 * N + i - 1;
            servers.append("server.").append(i).append("=127.0.0.1:").append(base + N + i - 1).append(':')
                    .append(base + 2 * N + i - 1).append('\n');
        }
        for (int i = 1; i <= N; i++) {
            Path d = Files.createDirectories(dir.resolve("server" + i + "/data"));
            Files.writeString(d.resolve("myid"), i + "\n");
            cfg[i] = dir.resolve("server" + i + "/zoo.cfg");
            Files.writeString(cfg[i], "tickTime=" + TICK + "\ninitLimit=10\nsyncLimit=5\ndataDir=" + d + "\nclientPort=" + clientPort[i]
                    + "\nclientPortAddress=127.0.0.1\nmaxSessionTimeout=4000\n4lw.commands.whitelist=*\nadmin.enableServer=false\ntraceClientPort=" + tracePort[i] + "\n"
                    + servers);
        }
        System.out.println("ZabClusterTest: 3 servers on 127.0.0.1, client ports " + clientPort[1] + ".." + clientPort[N]
                + ", files and logs under " + dir);
        for (int i = 1; i <= N; i++) {
            start(i);
        }
        awaitEnsemble(List.of(1, 2, 3), 20_000);
    }

    @AfterAll
    static void stopAll() {
        for (int i = 1; i <= N; i++) {
            if (proc[i] != null) {
                proc[i].destroyForcibly();
            }
        }
        for (int i = 1; i <= N; i++) {
            if (proc[i] != null) {
                try {
                    proc[i].waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (dir == null) {
            return;
        }
        try {
            if (failed) {
                for (int i = 1; i <= N; i++) {
                    List<String> lines = Files.readAllLines(dir.resolve("server" + i + "/server.log"));
                    System.out.println("---- the last lines of server." + i + "'s log (" + dir + ") ----");
                    lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.out::println);
                }
            } else {
                try (java.util.stream.Stream<Path> w = Files.walk(dir)) {
                    w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            System.out.println("ZabClusterTest: " + e.getMessage());
        }
    }

    private static void start(int i) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("server" + i + "/server.log");
        proc[i] = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "consensuslab.zk.server.ZabServerMain", cfg[i].toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static long ms() {
        return (System.nanoTime() - START) / 1_000_000;
    }

    /** The Mode line of srvr, or null if the server does not answer or is not serving. */
    static String mode(int i) {
        try (Socket s = new Socket("127.0.0.1", clientPort[i])) {
            s.setSoTimeout(2000);
            s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.startsWith("Mode: ")) {
                    return line.substring(6).trim();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Waits until these members serve as one leader and followers; returns the leader. */
    static int awaitEnsemble(List<Integer> members, long timeoutMs) throws InterruptedException {
        try {
            return EnsembleWait.awaitServing(members, ZabClusterTest::mode, timeoutMs, "logs under " + dir);
        } catch (IllegalStateException e) {
            return fail(e.getMessage());
        }
    }

    private static String hosts(int... members) {
        StringBuilder sb = new StringBuilder();
        for (int i : members) {
            sb.append(sb.length() == 0 ? "" : ",").append("127.0.0.1:").append(clientPort[i]);
        }
        return sb.toString();
    }

    private static ZkClient client(int timeoutMs, int... members) throws InterruptedException {
        ZkClient c = new ZkClient(hosts(members), timeoutMs, null);
        assertTrue(c.waitConnected(10_000), "could not connect to " + hosts(members));
        return c;
    }

    private static String read(ZkClient c, String path) throws Exception {
        c.sync(path);
        return new String(c.getData(path, false, null), StandardCharsets.UTF_8);
    }

    // ---- 1. a write through one server, read through another after sync ----------------------

    @Test
    @Order(1)
    @Timeout(30)
    void writeThroughOneServerIsReadThroughAnotherAfterSync() throws Exception {
        ZkClient[] c = new ZkClient[N + 1];
        try {
            for (int i = 1; i <= N; i++) {
                c[i] = client(4000, i);
            }
            c[1].create("/sync-test", "hello".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int j = 1; j <= N; j++) {
                assertEquals("hello", read(c[j], "/sync-test"), "server." + j + " after sync");
            }
            // every ordered pair: write through i, sync and read through j
            for (int i = 1; i <= N; i++) {
                for (int j = 1; j <= N; j++) {
                    if (i != j) {
                        String v = "written-via-" + i + "-read-via-" + j;
                        c[i].setData("/sync-test", v.getBytes(StandardCharsets.UTF_8), -1);
                        assertEquals(v, read(c[j], "/sync-test"), "write via server." + i + ", read via server." + j);
                    }
                }
            }
            Stat[] st = new Stat[N + 1];
            for (int j = 1; j <= N; j++) {
                st[j] = c[j].exists("/sync-test", false);
            }
            for (int j = 2; j <= N; j++) {
                assertEquals(st[1], st[j], "the same Stat on server.1 and server." + j);
            }
            assertEquals(N * (N - 1), st[1].version());
            // a watch set through one server fires for a write made through another, once
            java.util.concurrent.LinkedBlockingQueue<consensuslab.zk.client.WatchedEvent> events = new java.util.concurrent.LinkedBlockingQueue<>();
            c[3].getData("/sync-test", events::add, null);
            c[1].setData("/sync-test", "watched".getBytes(StandardCharsets.UTF_8), -1);
            consensuslab.zk.client.WatchedEvent ev = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(ev, "the data watch on server.3 fired");
            assertEquals(consensuslab.zk.znode.WatchEventType.NodeDataChanged, ev.type());
            assertEquals("/sync-test", ev.path());
            c[2].setData("/sync-test", "again".getBytes(StandardCharsets.UTF_8), -1);
            c[3].sync("/sync-test");
            assertNull(events.poll(300, TimeUnit.MILLISECONDS), "a one-shot watch fires once");
            // each member serves its peer's trace on its traceClientPort: the peer's state, with the replicated tree
            for (int j = 1; j <= N; j++) {
                java.util.concurrent.CompletableFuture<String> seen = new java.util.concurrent.CompletableFuture<>();
                String peer = "n" + j;
                try (consensuslab.net.TraceClient tc = consensuslab.net.TraceClient.connect("127.0.0.1", tracePort[j], e -> {
                    if (e.type() == consensuslab.trace.EventType.STATE && peer.equals(e.node())) {
                        com.fasterxml.jackson.databind.JsonNode st0 = consensuslab.trace.TraceEvent.json(e.state());
                        if (st0.path("data").path("lastZxid").asText("").equals("0x" + Long.toHexString(st[1].mzxid()))) {
                            seen.complete(st0.path("role").asText());
                        }
                    }
                })) {
                    String role = seen.get(10, TimeUnit.SECONDS);
                    assertTrue(role.equals("LEADING") || role.equals("FOLLOWING"), peer + " traced role " + role);
                }
            }
        } finally {
            for (int i = 1; i <= N; i++) {
                if (c[i] != null) {
                    c[i].close();
                }
            }
        }
    }

    // ---- 2. sessions: kept alive through followers, expired by the leader ---------------------

    @Test
    @Order(2)
    @Timeout(30)
    void sessionOnAFollowerLivesWhileItPingsAndExpiresByTheLeaderWhenItStops() throws Exception {
        int leader = awaitEnsemble(List.of(1, 2, 3), 10_000);
        int follower = leader == 1 ? 2 : 1;
        try (ZkClient observer = client(4000, leader);
             ZkClient live = client(1000, follower);
             Socket raw = new Socket("127.0.0.1", clientPort[follower])) {
            live.create("/live-eph", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            // a bare session with timeout 1000 ms on the follower: create an ephemeral, then vanish without closing
            raw.setSoTimeout(5000);
            InputStream in = raw.getInputStream();
            OutputStream out = raw.getOutputStream();
            JuteOut o = new JuteOut();
            new Proto.ConnectRequest(0, 0, 1000, 0, new byte[16], false).write(o);
            out.write(o.frame());
            out.flush();
            Proto.ConnectResponse cr = Proto.ConnectResponse.read(new JuteIn(Frames.readFrame(in, 1 << 20)));
            assertEquals(1000, cr.timeOut());
            JuteOut req = new JuteOut();
            new Proto.RequestHeader(1, OpCode.CREATE).write(req);
            new Proto.CreateRequest("/gone-eph", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL.flag(), -1, false).write(req);
            out.write(req.frame());
            out.flush();
            Proto.ReplyHeader h = Proto.ReplyHeader.read(new JuteIn(Frames.readFrame(in, 1 << 20)));
            assertEquals(0, h.err(), "create of the ephemeral");
            observer.sync("/");
            Stat eph = observer.exists("/gone-eph", false);
            assertNotNull(eph, "the leader sees the ephemeral");
            assertEquals(cr.sessionId(), eph.ephemeralOwner());
            long closed = System.currentTimeMillis();
            raw.close();
            // expiry: after the timeout, decided by the leader, replicated to every server
            long gone = -1;
            while (System.currentTimeMillis() - closed < 8000) {
                observer.sync("/");
                if (observer.exists("/gone-eph", false) == null) {
                    gone = System.currentTimeMillis() - closed;
                    break;
                }
                Thread.sleep(20);
            }
            assertTrue(gone >= 900, "the session expired after its 1000 ms timeout, not before (" + gone + " ms)");
            assertTrue(gone <= 3000, "the session expired within 3 s of its last ping (" + gone + " ms)");
            for (int j = 1; j <= N; j++) {
                try (ZkClient c = client(4000, j)) {
                    c.sync("/");
                    assertNull(c.exists("/gone-eph", false), "server." + j + " removed the expired session's ephemeral");
                    // the pinging client of the follower kept its session (its touches reach the leader)
                    assertNotNull(c.exists("/live-eph", false), "server." + j + ": a live session on a follower did not expire");
                }
            }
            System.out.println("ZabClusterTest: a 1000 ms session on follower server." + follower + " expired " + gone
                    + " ms after its client vanished (leader server." + leader + ")");
        }
    }

    // ---- 3. kill -9 of the leader, in a loop, under concurrent writers -------------------------

    /** One writer: compare-and-set on registers /lin/reg0..2 with unique values, recorded in the history. */
    private static final class Writer extends Thread {
        final int index;
        final History history;
        final AtomicBoolean stop;
        final Map<String, Integer> ackedSwaps;
        long ops;
        long ok;
        long failed;
        long unknown;
        int sessions;

        Writer(int index, History history, AtomicBoolean stop, Map<String, Integer> ackedSwaps) {
            super("writer-" + index);
            this.index = index;
            this.history = history;
            this.stop = stop;
            this.ackedSwaps = ackedSwaps;
        }

        @Override
        public void run() {
            Random rnd = new Random(index);
            ZkClient c = null;
            long opId = 0;
            String client = "w" + index;
            while (!stop.get()) {
                try {
                    if (c == null || !c.isAlive()) {
                        if (c != null) {
                            c.close();
                        }
                        c = new ZkClient(hosts(1, 2, 3), 4000, null);
                        c.waitConnected(5000);
                        sessions++;
                    }
                    String key = "reg" + rnd.nextInt(3);
                    Stat[] st = new Stat[1];
                    String expected;
                    try {
                        expected = new String(c.getData("/lin/" + key, false, st), StandardCharsets.UTF_8);
                    } catch (ZnodeException e) {
                        Thread.sleep(10);
                        continue;
                    }
                    String value = client + "-" + (++opId);
                    synchronized (history) {
                        history.invoke(client, opId, new KvOp("cas", key, value, expected), ms());
                    }
                    ops++;
                    try {
                        c.setData("/lin/" + key, value.getBytes(StandardCharsets.UTF_8), st[0].version());
                        synchronized (history) {
                            history.complete(client, opId, new KvResult(true, null), ms());
                            ackedSwaps.merge(key, 1, Integer::sum);
                        }
                        ok++;
                    } catch (ZnodeException e) {
                        if (e.code() == Code.BADVERSION) {
                            synchronized (history) {
                                history.complete(client, opId, new KvResult(false, null), ms());
                            }
                            failed++;
                        } else {
                            unknown++; // connection loss or expiry: the write may or may not have happened
                            Thread.sleep(10);
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (c != null) {
                try {
                    c.close();
                } catch (InterruptedException ignored) {
                    // ending
                }
            }
        }
    }

    @Test
    @Order(3)
    @Timeout(120)
    void leaderKilledRepeatedlyUnderConcurrentWritersLosesNoAcknowledgedWriteAndStaysLinearizable() throws Exception {
        int rounds = 3;
        History history = new History();
        Map<String, Integer> acked = new TreeMap<>();
        try (ZkClient setup = client(4000, 1, 2, 3)) {
            setup.create("/lin", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            setup.create("/probe", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int k = 0; k < 3; k++) {
                synchronized (history) {
                    history.invoke("setup", k + 1, KvOp.put("reg" + k, "init"), ms());
                }
                setup.create("/lin/reg" + k, "init".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                synchronized (history) {
                    history.complete("setup", k + 1, new KvResult(true, null), ms());
                }
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Writer> writers = new ArrayList<>();
        for (int w = 1; w <= 3; w++) {
            Writer wr = new Writer(w, history, stop, acked);
            writers.add(wr);
            wr.start();
        }
        List<Long> failovers = new ArrayList<>();
        List<Long> rejoins = new ArrayList<>();
        try {
            Thread.sleep(1000);
            for (int round = 1; round <= rounds; round++) {
                int leader = awaitEnsemble(List.of(1, 2, 3), 15_000);
                int[] survivors = leader == 1 ? new int[] {2, 3} : leader == 2 ? new int[] {1, 3} : new int[] {1, 2};
                long before;
                synchronized (history) {
                    before = acked.values().stream().mapToInt(Integer::intValue).sum();
                }
                // kill -9 the leader; time until a write through the survivors succeeds
                long t0 = System.nanoTime();
                proc[leader].destroyForcibly();
                assertTrue(proc[leader].waitFor(5, TimeUnit.SECONDS));
                String probe = "round-" + round;
                long failover = -1;
                ZkClient p = new ZkClient(hosts(survivors), 4000, null);
                try {
                    while (failover < 0 && System.nanoTime() - t0 < 15_000_000_000L) {
                        try {
                            p.setData("/probe", probe.getBytes(StandardCharsets.UTF_8), -1);
                            failover = (System.nanoTime() - t0) / 1_000_000;
                        } catch (ZnodeException e) {
                            if (!p.isAlive()) {
                                p.close();
                                p = new ZkClient(hosts(survivors), 4000, null);
                            }
                            Thread.sleep(5);
                        }
                    }
                } finally {
                    p.close();
                }
                assertTrue(failover >= 0, "round " + round + ": no write accepted within 15 s of killing leader server." + leader);
                failovers.add(failover);
                int newLeader = awaitEnsemble(List.of(survivors[0], survivors[1]), 10_000);
                // the killed server restarts on its files and catches up
                long t1 = System.nanoTime();
                start(leader);
                awaitEnsemble(List.of(1, 2, 3), 20_000);
                long rejoin = (System.nanoTime() - t1) / 1_000_000;
                rejoins.add(rejoin);
                try (ZkClient back = client(4000, leader)) {
                    assertEquals(probe, read(back, "/probe"), "round " + round + ": restarted server." + leader + " caught up");
                }
                long after;
                synchronized (history) {
                    after = acked.values().stream().mapToInt(Integer::intValue).sum();
                }
                System.out.println("ZabClusterTest: round " + round + ": killed leader server." + leader + "; server." + newLeader
                        + " leads, first write accepted " + failover + " ms after the kill; server." + leader
                        + " restarted and serving again after " + rejoin + " ms; " + (after - before) + " writes acknowledged meanwhile");
                Thread.sleep(700);
            }
        } finally {
            stop.set(true);
            for (Writer w : writers) {
                w.join(10_000);
            }
        }
        // every server holds the same registers; the final values join the history as reads
        awaitEnsemble(List.of(1, 2, 3), 10_000);
        Map<String, String> finalValue = new TreeMap<>();
        Map<String, Integer> finalVersion = new TreeMap<>();
        for (int j = 1; j <= N; j++) {
            try (ZkClient c = client(4000, j)) {
                for (int k = 0; k < 3; k++) {
                    String key = "reg" + k;
                    c.sync("/lin/" + key);
                    Stat[] st = new Stat[1];
                    String v = new String(c.getData("/lin/" + key, false, st), StandardCharsets.UTF_8);
                    if (j == 1) {
                        finalValue.put(key, v);
                        finalVersion.put(key, st[0].version());
                    } else {
                        assertEquals(finalValue.get(key), v, "server." + j + " has the same " + key);
                        assertEquals(finalVersion.get(key), st[0].version(), "server." + j + " has the same version of " + key);
                    }
                }
            }
        }
        long ops = 0;
        long ok = 0;
        long failed = 0;
        long unknown = 0;
        for (Writer w : writers) {
            ops += w.ops;
            ok += w.ok;
            failed += w.failed;
            unknown += w.unknown;
        }
        for (int k = 0; k < 3; k++) {
            String key = "reg" + k;
            // each acknowledged swap added exactly one version; nothing acknowledged may be missing
            assertTrue(finalVersion.get(key) >= acked.getOrDefault(key, 0),
                    key + ": version " + finalVersion.get(key) + " < " + acked.getOrDefault(key, 0) + " acknowledged writes");
            synchronized (history) {
                history.invoke("final", k + 1, KvOp.get(key), ms());
                history.complete("final", k + 1, new KvResult(true, finalValue.get(key)), ms());
            }
        }
        Linearizability.Result r = Linearizability.check(history);
        StringBuilder why = new StringBuilder();
        for (Linearizability.KeyFailure f : r.failures()) {
            why.append(f.key()).append(":\n").append(f.windowText());
        }
        System.out.println("ZabClusterTest: " + rounds + " leader kills; failover (kill -9 → first write accepted) " + failovers
                + " ms; restart → serving " + rejoins + " ms; " + ops + " cas writes: " + ok + " acknowledged, " + failed
                + " refused (bad version), " + unknown + " indeterminate; linearizable: " + r.ok());
        assertTrue(ok > 50, "the writers made progress (" + ok + " acknowledged)");
        for (Writer w : writers) {
            // a writer's session moved to another server when its server died, with its id and password
            assertEquals(1, w.sessions, "writer " + w.index + " kept its one session through " + rounds + " leader kills");
        }
        assertTrue(r.ok(), "the write history is not linearizable:\n" + why);
        // the check has teeth: claim that one acknowledged swap, on which a later swap built, did not happen
        History.Op victim = null;
        for (History.Op op : history.ops()) {
            if (victim == null && "cas".equals(op.op().f()) && op.result() != null && op.result().ok()) {
                for (History.Op later : history.ops()) {
                    if (later.op().value() != null && op.op().value().equals(later.op().expected()) && later.result() != null
                            && later.result().ok()) {
                        victim = op;
                        break;
                    }
                }
            }
        }
        assertNotNull(victim, "some acknowledged swap was built upon");
        assertTrue(!Linearizability.linearizable(history.withResult(victim.index(), new KvResult(false, null))),
                "flipping " + victim.describe() + " must make the history non-linearizable");
        for (long f : failovers) {
            assertTrue(f < 10_000, "a new leader took writes within 10 s (" + failovers + ")");
        }
    }

    // ---- 4. a full cluster restart keeps every znode --------------------------------------------

    /** What a client sees of one znode: its data, its Stat (every field) and its ACL. */
    private record Seen(String data, Stat stat, List<Acl> acl) {
    }

    /** Every znode of the tree as server.i serves it after a sync, in path order. */
    private static Map<String, Seen> tree(int i) throws Exception {
        Map<String, Seen> out = new TreeMap<>();
        try (ZkClient c = client(4000, i)) {
            c.sync("/");
            List<String> todo = new ArrayList<>(List.of("/"));
            while (!todo.isEmpty()) {
                String path = todo.remove(todo.size() - 1);
                Stat[] st = new Stat[1];
                byte[] data = c.getData(path, false, st);
                out.put(path, new Seen(new String(data, StandardCharsets.UTF_8), st[0], c.getACL(path, null)));
                for (String child : c.getChildren(path, false)) {
                    todo.add(path.equals("/") ? "/" + child : path + "/" + child);
                }
            }
        }
        return out;
    }

    @Test
    @Order(4)
    @Timeout(60)
    void fullClusterRestartKeepsEveryZnodeWithItsDataStatAndAcl() throws Exception {
        long t0 = System.nanoTime();
        int leader = awaitEnsemble(List.of(1, 2, 3), 10_000);
        List<Acl> acl = List.of(new Acl(Acl.READ | Acl.ADMIN, Id.ANYONE),
                new Acl(Acl.ALL, new Id("digest", consensuslab.zk.znode.Digests.digestId("alice:secret"))));
        String seq;
        long lastZxid;
        try (ZkClient c = client(4000, 1, 2, 3)) {
            byte[] none = new byte[0];
            c.create("/restart", "root".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            c.create("/restart/parent", "p0".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            c.create("/restart/parent/child", "c0".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            c.create("/restart/parent/gone", none, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            c.delete("/restart/parent/gone", 0);
            seq = c.create("/restart/seq-", "s0".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
            assertEquals("/restart/seq-0000000001", seq, "the sequential suffix comes from /restart's counter");
            c.setData("/restart/parent", "p1".getBytes(StandardCharsets.UTF_8), 0);
            c.setData("/restart/parent", "p2".getBytes(StandardCharsets.UTF_8), 1);
            c.setData("/restart/parent/child", "c1".getBytes(StandardCharsets.UTF_8), 0);
            c.setData(seq, "s1".getBytes(StandardCharsets.UTF_8), 0);
            c.create("/restart/acl", "a0".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            c.setData("/restart/acl", "a1".getBytes(StandardCharsets.UTF_8), 0);
            lastZxid = c.setACL("/restart/acl", acl, 0).mzxid();
            lastZxid = Math.max(lastZxid, c.exists("/restart/acl", false).pzxid());
            lastZxid = Math.max(lastZxid, c.exists("/restart", false).pzxid());
        }
        Map<String, Seen> before = tree(1);
        for (int j = 2; j <= N; j++) {
            assertEquals(before, tree(j), "server." + j + " serves the same tree as server.1 before the restart");
        }
        // the tree holds what this test made, so the comparison below has something to lose
        assertEquals(2, before.get("/restart/parent").stat().version());
        assertEquals("p2", before.get("/restart/parent").data());
        assertEquals(3, before.get("/restart/parent").stat().cversion(), "two children created, one of them deleted");
        assertEquals(1, before.get("/restart/parent").stat().numChildren());
        assertEquals("c1", before.get("/restart/parent/child").data());
        assertEquals(1, before.get(seq).stat().version());
        assertEquals(1, before.get("/restart/acl").stat().version());
        assertEquals(1, before.get("/restart/acl").stat().aversion());
        assertEquals(acl, before.get("/restart/acl").acl());
        for (Seen z : before.values()) {
            lastZxid = Math.max(lastZxid, Math.max(z.stat().mzxid(), z.stat().pzxid()));
        }

        // stop every server: SIGTERM for the followers, SIGKILL for the leader
        for (int i = 1; i <= N; i++) {
            if (i != leader) {
                proc[i].destroy();
            }
        }
        proc[leader].destroyForcibly();
        for (int i = 1; i <= N; i++) {
            assertTrue(proc[i].waitFor(10, TimeUnit.SECONDS), "server." + i + " stopped");
        }
        long t1 = System.nanoTime();
        for (int i = 1; i <= N; i++) {
            start(i);
        }
        int newLeader = awaitEnsemble(List.of(1, 2, 3), 20_000);
        long serving = (System.nanoTime() - t1) / 1_000_000;

        for (int j = 1; j <= N; j++) {
            Map<String, Seen> after = tree(j);
            assertEquals(before.keySet(), after.keySet(), "server." + j + " serves the same znodes after the restart");
            for (Map.Entry<String, Seen> e : before.entrySet()) {
                assertEquals(e.getValue(), after.get(e.getKey()), "server." + j + " after the restart: " + e.getKey());
            }
        }
        long newZxid;
        try (ZkClient c = client(4000, 1, 2, 3)) {
            newZxid = c.setData("/restart/parent", "p3".getBytes(StandardCharsets.UTF_8), 2).mzxid();
            assertEquals("p3", read(c, "/restart/parent"));
        }
        assertTrue(newZxid >>> 32 > lastZxid >>> 32, "the first write after the restart is in a new epoch: 0x"
                + Long.toHexString(newZxid) + " after 0x" + Long.toHexString(lastZxid));
        System.out.println("ZabClusterTest: full restart (leader server." + leader + " SIGKILLed, the others SIGTERMed): "
                + before.size() + " znodes kept on all " + N + " servers; server." + newLeader + " leads, serving " + serving
                + " ms after the restart; first write zxid 0x" + Long.toHexString(newZxid) + " after 0x" + Long.toHexString(lastZxid)
                + "; the test took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
