package consensuslab.zk.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zk.server.ServerSettings;
import consensuslab.zk.server.ZnodeServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzing in the default build: at least 100,000 random and mutated frames against a running
 * server (random bytes; a valid ConnectRequest followed by mutated requests: random opcodes,
 * truncated and bit-flipped bodies, length fields of 0x7fffffff and negative, oversized and invalid
 * paths, huge vector counts; ConnectRequests whose password length says 0x7fffffff), plus slow
 * connections, idle connections and hundreds of connections at once. The server must not crash or
 * log an internal error, its threads and heap must come back to where they were, every answer must
 * carry one of ZooKeeper's codes, and Apache's client keeps working throughout.
 *
 * <p>Seeded: {@code -Dfuzz.seed=N} replays the same frames; {@code -Dfuzz.frames=N} sends more.
 */
@Timeout(120)
class WireFuzzTest {
    static {
        Quiet.clientLogs();
    }

    private static final int[] OPCODES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 100, 101, 102, 103, 104,
        105, 106, 107, -10, -11, 0, 10, 23, 99, 108, 1000, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final String[] BAD_PATHS = {"", "a", "/a/", "//", "/a//b", "/a/./b", "/a/../b", "/a\u0000b", "/\ud800", "/zookeeper/..",
        "/.", "/a\u0001"};
    /** ZooKeeper 3.9's error codes: every answer must carry one of these. */
    private static final java.util.Set<Integer> CODES = java.util.Set.of(0, -1, -2, -3, -4, -5, -6, -7, -8, -12, -13, -14, -100, -101,
            -102, -103, -108, -110, -111, -112, -113, -114, -115, -118, -119, -120, -121, -122, -123, -124, -125, -127);

    private final LongAdder framesSent = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final Map<Integer, LongAdder> codes = new ConcurrentHashMap<>();
    private final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());

    static byte[] frame(byte[] body) {
        byte[] f = new byte[body.length + 4];
        f[0] = (byte) (body.length >>> 24);
        f[1] = (byte) (body.length >>> 16);
        f[2] = (byte) (body.length >>> 8);
        f[3] = (byte) body.length;
        System.arraycopy(body, 0, f, 4, body.length);
        return f;
    }

    /** A Jute body writer. */
    static final class W {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        final DataOutputStream d = new DataOutputStream(b);

        W i(int v) throws IOException {
            d.writeInt(v);
            return this;
        }

        W l(long v) throws IOException {
            d.writeLong(v);
            return this;
        }

        W z(boolean v) throws IOException {
            d.writeBoolean(v);
            return this;
        }

        W s(String v) throws IOException {
            if (v == null) {
                d.writeInt(-1);
            } else {
                byte[] x = v.getBytes(StandardCharsets.UTF_8);
                d.writeInt(x.length);
                d.write(x);
            }
            return this;
        }

        W buf(byte[] v) throws IOException {
            if (v == null) {
                d.writeInt(-1);
            } else {
                d.writeInt(v.length);
                d.write(v);
            }
            return this;
        }

        byte[] bytes() {
            return b.toByteArray();
        }
    }

    static byte[] connectRequest(int timeout, int passwordLength) throws IOException {
        W w = new W().i(0).l(0).i(timeout).l(0);
        if (passwordLength == 16) {
            w.buf(new byte[16]);
        } else {
            w.i(passwordLength).d.write(new byte[Math.max(0, Math.min(16, passwordLength))]);
        }
        return w.z(false).bytes();
    }

    /** A well-formed request body of this opcode (what a mutation then damages). */
    static byte[] request(Random r, int xid, int op) throws IOException {
        String path = r.nextInt(4) == 0 ? BAD_PATHS[r.nextInt(BAD_PATHS.length)] : "/fuzz" + (r.nextBoolean() ? "" : "/n" + r.nextInt(20));
        W w = new W().i(xid).i(op);
        switch (op) {
            case 1, 15, 19, 21 -> {
                w.s(path).buf(new byte[r.nextInt(16)]).i(1).i(31).s("world").s("anyone").i(r.nextInt(8) - 1);
                if (op == 21) {
                    w.l(r.nextInt(10_000) - 5);
                }
            }
            case 2 -> w.s(path).i(r.nextInt(3) - 1);
            case 3, 4, 8, 12 -> w.s(path).z(r.nextBoolean());
            case 5 -> w.s(path).buf(new byte[r.nextInt(16)]).i(r.nextInt(3) - 1);
            case 6, 9, 20, 103, 104 -> w.s(path);
            case 7 -> w.s(path).i(1).i(31).s(r.nextBoolean() ? "digest" : "ip").s("x:y").i(-1);
            case 13 -> w.s(path).i(0);
            case 14, 22 -> {
                int n = r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    int sub = op == 22 ? (r.nextBoolean() ? 4 : 8) : new int[] {1, 2, 5, 13}[r.nextInt(4)];
                    w.i(sub).z(false).i(-1);
                    w.s(path);
                    if (sub == 1) {
                        w.buf(new byte[1]).i(1).i(31).s("world").s("anyone").i(0);
                    } else if (sub == 5) {
                        w.buf(new byte[1]).i(-1);
                    } else if (sub == 2 || sub == 13) {
                        w.i(-1);
                    } else {
                        w.z(false);
                    }
                }
                w.i(-1).z(true).i(-1);
            }
            case 16 -> w.s("server.9=127.0.0.1:1:2").s(null).s(null).l(-1);
            case 17, 18 -> w.s(r.nextInt(3) == 0 ? null : path).i(r.nextInt(7));
            case 100 -> w.i(0).s("digest").buf("u:p".getBytes(StandardCharsets.UTF_8));
            case 101, 105 -> {
                w.l(0);
                int lists = op == 105 ? 5 : 3;
                for (int k = 0; k < lists; k++) {
                    w.i(1).s(path);
                }
            }
            case 106 -> w.s(path).i(r.nextInt(3));
            default -> {
                byte[] junk = new byte[r.nextInt(32)];
                r.nextBytes(junk);
                w.d.write(junk);
            }
        }
        return w.bytes();
    }

    /** One mutated frame (a whole frame, length prefix included). */
    static byte[] mutated(Random r, int xid) throws IOException {
        int op = OPCODES[r.nextInt(OPCODES.length)];
        byte[] body = request(r, xid, op);
        switch (r.nextInt(8)) {
            case 0 -> { // truncated
                body = java.util.Arrays.copyOf(body, r.nextInt(body.length + 1));
            }
            case 1 -> { // bit flips
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    if (body.length > 0) {
                        body[r.nextInt(body.length)] ^= (byte) (1 << r.nextInt(8));
                    }
                }
            }
            case 2 -> { // a string or vector length field made huge or negative
                if (body.length >= 12) {
                    int at = 8 + r.nextInt((body.length - 8) / 4) * 4;
                    int v = r.nextBoolean() ? Integer.MAX_VALUE : r.nextBoolean() ? -2 - r.nextInt(1000) : 0x7ffffff0;
                    body[at] = (byte) (v >>> 24);
                    body[at + 1] = (byte) (v >>> 16);
                    body[at + 2] = (byte) (v >>> 8);
                    body[at + 3] = (byte) v;
                }
            }
            case 3 -> { // random body
                body = new byte[r.nextInt(64)];
                r.nextBytes(body);
            }
            case 4 -> { // a long path (the oversized one ends a connection, see fuzzConnection)
                body = new W().i(xid).i(new int[] {1, 3, 4, 5}[r.nextInt(4)]).s("/" + "p".repeat(1 + r.nextInt(5000))).bytes();
            }
            default -> {
                // well-formed (possibly a bad path or an odd opcode)
            }
        }
        return frame(body);
    }

    /** Reads answers until the server closes, counting each error code; false if an answer carried a code ZooKeeper does not have. */
    private void drain(InputStream raw, boolean connected) {
        DataInputStream in = new DataInputStream(raw);
        try {
            if (connected) {
                int n = in.readInt();
                in.skipNBytes(n);
            }
            while (true) {
                int n = in.readInt();
                if (n < 16 || n > 4 * 1024 * 1024) {
                    problems.add("answer with frame length " + n);
                    return;
                }
                byte[] b = in.readNBytes(n);
                int xid = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
                int err = ((b[12] & 0xff) << 24) | ((b[13] & 0xff) << 16) | ((b[14] & 0xff) << 8) | (b[15] & 0xff);
                if (xid == -1) {
                    continue; // a watch notification
                }
                codes.computeIfAbsent(err, k -> new LongAdder()).increment();
                if (!CODES.contains(err)) {
                    problems.add("answer with code " + err + ", which ZooKeeper does not have");
                }
            }
        } catch (IOException e) {
            // the server closed the connection, or we did
        }
    }

    /** One fuzzing connection: maybe a valid handshake, then a batch of frames; returns frames written. */
    private int fuzzConnection(int port, Random r) throws IOException, InterruptedException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(1500);
            connections.increment();
            OutputStream out = s.getOutputStream();
            int kind = r.nextInt(10);
            boolean handshake = kind >= 2;
            if (kind >= 6) { // interactive: one frame at a time, mostly well-formed, each answered before the next
                return interactive(s, r);
            }
            Thread reader = new Thread(() -> {
                try {
                    drain(s.getInputStream(), handshake);
                } catch (IOException e) {
                    // closed
                }
            }, "fuzz-reader");
            reader.start();
            int sent = 0;
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            if (kind == 0) { // random bytes, framed or not
                for (int k = 0; k < 50; k++) {
                    byte[] junk = new byte[r.nextInt(48)];
                    r.nextBytes(junk);
                    batch.write(r.nextBoolean() ? frame(junk) : junk);
                    sent++;
                }
            } else if (kind == 1) { // a ConnectRequest with a lying password length, or other damage
                int len = new int[] {Integer.MAX_VALUE, -5, 0x7ffffff0, 1 << 20}[r.nextInt(4)];
                batch.write(frame(connectRequest(r.nextInt(3) == 0 ? -1 : 4000, len)));
                sent++;
            } else {
                batch.write(frame(connectRequest(4000, 16)));
                sent++;
                int n = 150 + r.nextInt(100);
                for (int k = 0; k < n; k++) {
                    batch.write(mutated(r, k + 1));
                    sent++;
                }
                if (r.nextInt(10) == 0) { // end with a path longer than jute.maxbuffer
                    batch.write(frame(new W().i(n + 1).i(new int[] {1, 3, 4, 5}[r.nextInt(4)]).s("/" + "p".repeat(1_100_000)).bytes()));
                    sent++;
                } else if (r.nextInt(4) == 0) { // end with an impossible frame length
                    int len = r.nextBoolean() ? Integer.MAX_VALUE : -1 - r.nextInt(100);
                    batch.write(new byte[] {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
                    sent++;
                }
            }
            try {
                out.write(batch.toByteArray());
                out.flush();
                s.shutdownOutput(); // end of stream: the server answers what it read, then closes
                framesSent.add(sent);
            } catch (IOException e) {
                // the server closed early (fine): those frames do not count as sent
            }
            reader.join(2000);
            return sent;
        }
    }

    /**
     * A connection that waits for each answer: a valid handshake, then frames of which one in ten
     * is damaged, so that well-formed requests of every opcode, bad paths and odd arguments reach
     * the request processors; ends when the server closes or after 200 frames.
     */
    private int interactive(Socket s, Random r) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        int sent = 0;
        try {
            out.write(frame(connectRequest(4000, 16)));
            sent++;
            in.skipNBytes(in.readInt());
            for (int k = 1; k <= 200; k++) {
                byte[] f = r.nextInt(10) == 0 ? mutated(r, k) : frame(request(r, k, OPCODES[r.nextInt(OPCODES.length)]));
                out.write(f);
                sent++;
                while (true) { // the answer to this xid (skipping watch notifications)
                    int n = in.readInt();
                    if (n < 16 || n > 4 * 1024 * 1024) {
                        problems.add("answer with frame length " + n);
                        return sent;
                    }
                    byte[] b = in.readNBytes(n);
                    int xid = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
                    if (xid == -1) {
                        continue;
                    }
                    int err = ((b[12] & 0xff) << 24) | ((b[13] & 0xff) << 16) | ((b[14] & 0xff) << 8) | (b[15] & 0xff);
                    codes.computeIfAbsent(err, c -> new LongAdder()).increment();
                    if (!CODES.contains(err)) {
                        problems.add("answer with code " + err + ", which ZooKeeper does not have");
                    }
                    break;
                }
            }
        } catch (IOException e) {
            // closed by the server (a malformed frame) or timed out: fine
        }
        framesSent.add(sent);
        return sent;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int serverThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && !name.startsWith("fuzz") && !name.startsWith("main") && !name.contains("SendThread")
                    && !name.contains("EventThread") && !name.startsWith("well-behaved")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void hundredThousandBadFramesNeitherCrashNorLeakAndAGoodClientKeepsWorking() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int target = Integer.getInteger("fuzz.frames", 100_000);
        System.out.println("WireFuzzTest: seed " + seed + "; replay: mvn -pl zab -am test -Dtest=WireFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seed="
                + seed);
        PrintStream realErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                log.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                log.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        ZnodeServer server = new ZnodeServer(ServerSettings.forTests(100).withMaxClientCnxns(60)).start();
        int port = server.port();
        System.setErr(tee);
        try {
            CountDownLatch up = new CountDownLatch(1);
            ZooKeeper good = new ZooKeeper("127.0.0.1:" + port, 4000, e -> {
                if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                    up.countDown();
                }
            });
            assertTrue(up.await(10, TimeUnit.SECONDS), "the well-behaved client connected");
            good.create("/fuzz", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            good.create("/well-behaved", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT); // out of the fuzzers' reach
            Thread.sleep(200);
            int threadsBefore = serverThreads();
            long heapBefore = heapAfterGc();

            // a well-behaved client working throughout
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong goodOps = new AtomicLong();
            List<String> goodFailures = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread worker = new Thread(() -> {
                int k = 0;
                while (running.get()) {
                    try {
                        String p = good.create("/well-behaved/op-", ("v" + k).getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                                CreateMode.EPHEMERAL_SEQUENTIAL);
                        byte[] d = good.getData(p, false, null);
                        if (!new String(d, StandardCharsets.UTF_8).equals("v" + k)) {
                            goodFailures.add("read back " + new String(d, StandardCharsets.UTF_8) + " for v" + k);
                        }
                        good.delete(p, -1);
                        goodOps.addAndGet(3);
                        k++;
                        Thread.sleep(5);
                    } catch (Exception e) {
                        goodFailures.add(e.toString());
                        return;
                    }
                }
            }, "well-behaved");
            worker.start();

            // idle connections held open through the run, and slow ones writing a byte at a time
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Socket s = new Socket("127.0.0.1", port);
                idle.add(s);
                connections.increment();
            }
            List<Thread> slow = new ArrayList<>();
            AtomicInteger slowAnswered = new AtomicInteger();
            List<Socket> slowSockets = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                slowSockets.add(new Socket("127.0.0.1", port));
            }
            for (int i = 0; i < 3; i++) {
                Socket slowSocket = slowSockets.get(i);
                Thread t = new Thread(() -> {
                    try (Socket s = slowSocket) {
                        connections.increment();
                        s.setSoTimeout(5000);
                        byte[] f = frame(connectRequest(4000, 16));
                        byte[] g = frame(new W().i(1).i(3).s("/fuzz").z(false).bytes());
                        for (byte b : concat(f, g)) {
                            s.getOutputStream().write(b);
                            s.getOutputStream().flush();
                            Thread.sleep(4);
                        }
                        framesSent.add(2);
                        DataInputStream in = new DataInputStream(s.getInputStream());
                        in.skipNBytes(in.readInt());
                        byte[] reply = in.readNBytes(in.readInt());
                        if (reply.length >= 16 && reply[15] == 0) {
                            slowAnswered.incrementAndGet();
                        }
                    } catch (Exception e) {
                        problems.add("slow connection: " + e);
                    }
                }, "fuzz-slow");
                t.start();
                slow.add(t);
            }

            // every held connection is accepted before the fuzzers crowd the slots (the slow ones write meanwhile)
            long held = System.currentTimeMillis() + 5000;
            while (connectionsOpen(port) < 1 + 10 + 3 + 1 && System.currentTimeMillis() < held) {
                Thread.sleep(10);
            }
            // the fuzzers: 4 threads, connection after connection, until the target is reached
            long t0 = System.nanoTime();
            List<Thread> fuzzers = new ArrayList<>();
            for (int f = 0; f < 4; f++) {
                Random r = new Random(seed * 31 + f);
                Thread t = new Thread(() -> {
                    try {
                        while (framesSent.sum() < target) {
                            fuzzConnection(port, r);
                        }
                    } catch (Exception e) {
                        problems.add("fuzzer: " + e);
                    }
                }, "fuzz-" + f);
                t.start();
                fuzzers.add(t);
            }
            for (Thread t : fuzzers) {
                t.join(90_000);
            }
            long fuzzMs = (System.nanoTime() - t0) / 1_000_000;

            // hundreds of connections at once: the server keeps its limit and frees every slot again
            List<Socket> crowd = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                try {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    crowd.add(s);
                    connections.increment();
                } catch (IOException e) {
                    break;
                }
            }
            for (Socket s : crowd) {
                try {
                    s.getOutputStream().write(frame(connectRequest(4000, 16)));
                    framesSent.increment();
                } catch (IOException e) {
                    // refused beyond maxClientCnxns
                }
            }
            Thread.sleep(300);
            for (Socket s : crowd) {
                s.close();
            }
            for (Socket s : idle) {
                s.close();
            }
            for (Thread t : slow) {
                t.join(10_000);
            }
            running.set(false);
            worker.join(10_000);

            good.close(2000);
            // after it all: every slot is free again (the server closed what the fuzzers left), so 55
            // sessions at once fit under maxClientCnxns=60; a leaked slot per bad ConnectRequest would lock us out
            long drain = System.currentTimeMillis() + 10_000;
            int open = connectionsOpen(port);
            while (open > 1 && System.currentTimeMillis() < drain) {
                Thread.sleep(100);
                open = connectionsOpen(port);
            }
            int fresh = 0;
            List<RawSession> sessions = new ArrayList<>();
            try {
                for (int i = 0; i < 55; i++) {
                    RawSession s = new RawSession("127.0.0.1", port, 4000);
                    sessions.add(s);
                    fresh += s.timeout > 0 ? 1 : 0;
                }
            } catch (IOException e) {
                problems.add("a new session after the fuzzing failed (" + fresh + " made): " + e);
            } finally {
                for (RawSession s : sessions) {
                    s.close();
                }
            }
            long end = System.currentTimeMillis() + 5000;
            int threadsAfter = serverThreads();
            while (threadsAfter > threadsBefore + 2 && System.currentTimeMillis() < end) {
                Thread.sleep(100);
                threadsAfter = serverThreads();
            }
            long heapAfter = heapAfterGc();
            System.setErr(realErr);
            String serverLog = log.toString(StandardCharsets.UTF_8);
            long warnings = serverLog.lines().filter(l -> l.contains("WARN")).count();
            Map<String, Long> reasons = new TreeMap<>();
            serverLog.lines().filter(l -> l.contains("WARN")).map(l -> l.replaceAll(".*WARN [^ ]+ - ", "")
                    .replaceAll("/127\\.0\\.0\\.1:\\d+", "ADDR").replaceAll("\\d+", "N"))
                    .forEach(r -> reasons.merge(r.length() > 90 ? r.substring(0, 90) : r, 1L, Long::sum));
            System.out.println("WireFuzzTest: the server's WARN lines by kind: " + reasons);
            System.out.printf("WireFuzzTest: %d frames on %d connections in %d ms (seed %d); answers by code %s; "
                    + "well-behaved client: %d ops; server threads %d before, %d after; heap %d MB before, %d MB after; %d WARN lines%n",
                    framesSent.sum(), connections.sum(), fuzzMs, seed, new TreeMap<>(codes), goodOps.get(), threadsBefore, threadsAfter,
                    heapBefore >> 20, heapAfter >> 20, warnings);

            assertTrue(framesSent.sum() >= target, "frames sent: " + framesSent.sum());
            assertEquals(List.of(), goodFailures, "the well-behaved client never failed");
            assertTrue(goodOps.get() > 30, "the well-behaved client kept working: " + goodOps.get() + " ops");
            assertEquals(3, slowAnswered.get(), "slow connections were answered: " + problems);
            assertEquals(55, fresh, "no connection slot leaked: 55 new sessions at once (maxClientCnxns 60); " + open + " left open");
            assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())), "answers carry ZooKeeper's codes");
            assertTrue(threadsAfter <= threadsBefore + 2, "server threads back to " + threadsBefore + ": " + threadsAfter);
            assertTrue(heapAfter < heapBefore + (64L << 20), "heap back near " + (heapBefore >> 20) + " MB: " + (heapAfter >> 20) + " MB");
            List<String> internal = serverLog.lines()
                    .filter(l -> l.contains("internal error") || l.contains("Exception") || l.contains("ERROR") || l.startsWith("\tat "))
                    .limit(20).toList();
            assertEquals(List.of(), internal, "no internal error or stack trace in the server log");
        } finally {
            System.setErr(realErr);
            server.close();
        }
    }

    /** Connections the server holds, from srvr (this one included). */
    static int connectionsOpen(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3000);
            s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            for (String l : new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (l.startsWith("Connections: ")) {
                    return Integer.parseInt(l.substring(13).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
