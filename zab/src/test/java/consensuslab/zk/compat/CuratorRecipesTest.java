package consensuslab.zk.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderSelector;
import org.apache.curator.framework.recipes.leader.LeaderSelectorListenerAdapter;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.recipes.queue.DistributedQueue;
import org.apache.curator.framework.recipes.queue.QueueBuilder;
import org.apache.curator.framework.recipes.queue.QueueConsumer;
import org.apache.curator.framework.recipes.queue.QueueSerializer;
import org.apache.curator.framework.recipes.shared.SharedCount;
import org.apache.curator.framework.recipes.shared.VersionedValue;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Curator 5.9.0's recipes, many clients at once, against our three-server ensemble (three
 * ZabServerMain JVMs), with one follower killed (SIGKILL) in the middle of the run. Asserts what
 * each recipe promises: mutual exclusion, at most two semaphore leases, one leader at a time,
 * barriers that let nobody through early, exactly-once queue delivery, exact shared counts, a
 * complete cache, a protected ephemeral node that survives its server's death, and the ensemble
 * read from /zookeeper/config by Curator's EnsembleTracker.
 *
 * <p>The lock, semaphore, leader, barrier, cache and persistent-node clients connect to all three
 * servers, so some of them lose their server and must move. The queue and shared-count clients
 * talk to the two servers that stay up: Curator itself retries a setData or delete whose answer
 * was lost with the connection, which is at-most-once (queue) or at-least-once (count) by
 * Curator's own design, whatever the server; counting exactly there tests the server, not that.
 * Repeat with {@code -Dcompat.curator.runs=5}.
 */
@Timeout(300)
class CuratorRecipesTest {
    static {
        Quiet.clientLogs();
    }

    private static final int TICK = 200;
    private Cluster cluster;
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        // client ports in the server lines: EnsembleTracker builds its connect string from them
        cluster = Cluster.start(Cluster.Kind.ZAB, 3, TICK, Map.of(Cluster.CLIENT_PORT_IN_SERVER_LINES, "true"));
    }

    @AfterEach
    void stop() {
        List<AutoCloseable> l = new ArrayList<>(closeables);
        Collections.reverse(l);
        for (AutoCloseable c : l) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        cluster.close();
    }

    private CuratorFramework client(String connectString) throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(connectString).sessionTimeoutMs(4000)
                .connectionTimeoutMs(4000).retryPolicy(new ExponentialBackoffRetry(50, 29, 500)).build();
        c.start();
        closeables.add(c);
        assertTrue(c.blockUntilConnected(20, TimeUnit.SECONDS), "Curator connected to " + connectString);
        c.getConnectionStateListenable().addListener((cl, st) -> {
            if (st == ConnectionState.LOST) {
                violations.add("a session was lost (" + connectString + "): sessions must survive one server's death");
            }
        });
        return c;
    }

    private <T extends AutoCloseable> T closing(T t) {
        closeables.add(t);
        return t;
    }

    static final QueueSerializer<String> STRINGS = new QueueSerializer<>() {
        @Override
        public byte[] serialize(String item) {
            return item.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    };

    @Test
    void recipesKeepTheirPromisesWhileAServerDies() throws Exception {
        int runs = Integer.getInteger("compat.curator.runs", 1);
        for (int run = 1; run <= runs; run++) {
            if (run > 1) {
                stop();
                closeables.clear();
                start();
            }
            oneRun(run);
        }
    }

    private void oneRun(int run) throws Exception {
        int leader = cluster.awaitServing(Cluster.allMembers(3), 20_000);
        int victim = leader == 1 ? 2 : 1;
        int survivor = 6 - leader - victim;
        String all = cluster.connectString();
        String stable = cluster.address(leader) + "," + cluster.address(survivor);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> workers = new ArrayList<>();

        // InterProcessMutex: 4 clients; never two holders
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger lockRounds = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            InterProcessMutex mutex = new InterProcessMutex(client(all), "/recipes/mutex");
            workers.add(worker("mutex-" + i, running, () -> {
                if (mutex.acquire(2, TimeUnit.SECONDS)) {
                    try {
                        if (holders.incrementAndGet() > 1) {
                            violations.add("two holders of the mutex");
                        }
                        Thread.sleep(3);
                        lockRounds.incrementAndGet();
                        holders.decrementAndGet();
                    } finally {
                        mutex.release();
                    }
                }
            }));
        }

        // InterProcessSemaphoreV2: 4 clients, 2 leases; never more than 2 holders
        AtomicInteger leased = new AtomicInteger();
        AtomicInteger leaseRounds = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            InterProcessSemaphoreV2 sem = new InterProcessSemaphoreV2(client(all), "/recipes/semaphore", 2);
            workers.add(worker("semaphore-" + i, running, () -> {
                Lease lease = sem.acquire(2, TimeUnit.SECONDS);
                if (lease != null) {
                    try {
                        if (leased.incrementAndGet() > 2) {
                            violations.add("three semaphore leases at once");
                        }
                        Thread.sleep(3);
                        leaseRounds.incrementAndGet();
                        leased.decrementAndGet();
                    } finally {
                        sem.returnLease(lease);
                    }
                }
            }));
        }

        // LeaderLatch: 3 participants; never two leaders, one at the end
        List<LeaderLatch> latches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LeaderLatch latch = closing(new LeaderLatch(client(all), "/recipes/latch", "latch-" + i));
            latch.start();
            latches.add(latch);
        }
        workers.add(worker("latch-watch", running, () -> {
            int n = 0;
            for (LeaderLatch l : latches) {
                n += l.hasLeadership() ? 1 : 0;
            }
            if (n > 1) {
                violations.add(n + " LeaderLatch leaders at once");
            }
            Thread.sleep(5);
        }));

        // LeaderSelector: 3 participants, requeued; never two in takeLeadership
        AtomicInteger leading = new AtomicInteger();
        AtomicInteger leaderships = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            LeaderSelector sel = closing(new LeaderSelector(client(all), "/recipes/selector", new LeaderSelectorListenerAdapter() {
                @Override
                public void takeLeadership(CuratorFramework c) throws Exception {
                    if (leading.incrementAndGet() > 1) {
                        violations.add("two LeaderSelector leaders at once");
                    }
                    try {
                        Thread.sleep(50);
                        leaderships.incrementAndGet();
                    } finally {
                        leading.decrementAndGet();
                    }
                }
            }));
            sel.autoRequeue();
            sel.start();
        }

        // DistributedDoubleBarrier: 3 members, round after round; nobody passes enter before all arrived
        AtomicInteger barrierRounds = new AtomicInteger();
        List<CuratorFramework> barrierClients = List.of(client(all), client(all), client(all));
        Map<Integer, AtomicInteger> arrived = new ConcurrentHashMap<>();
        for (int i = 0; i < 3; i++) {
            CuratorFramework c = barrierClients.get(i);
            int member = i;
            workers.add(worker("barrier-" + i, running, new Body() {
                int round;

                @Override
                public void run() throws Exception {
                    if (round >= 6) {
                        Thread.sleep(20);
                        return;
                    }
                    DistributedDoubleBarrier b = new DistributedDoubleBarrier(c, "/recipes/barrier-" + round, 3);
                    arrived.computeIfAbsent(round, k -> new AtomicInteger()).incrementAndGet();
                    if (!b.enter(20, TimeUnit.SECONDS)) {
                        violations.add("barrier round " + round + ": member " + member + " timed out entering");
                        running.set(false);
                        return;
                    }
                    if (arrived.get(round).get() != 3) {
                        violations.add("barrier round " + round + " let member " + member + " in with " + arrived.get(round).get() + " arrived");
                    }
                    b.leave(20, TimeUnit.SECONDS);
                    if (member == 0) {
                        barrierRounds.incrementAndGet();
                    }
                    round++;
                }
            }));
        }

        // DistributedQueue: one producer, two consumers; every item exactly once
        List<String> consumed = new CopyOnWriteArrayList<>();
        List<DistributedQueue<String>> consumers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            QueueConsumer<String> qc = new QueueConsumer<>() {
                @Override
                public void consumeMessage(String message) {
                    consumed.add(message);
                }

                @Override
                public void stateChanged(CuratorFramework c, ConnectionState s) {
                }
            };
            DistributedQueue<String> q = QueueBuilder.builder(client(stable), qc, STRINGS, "/recipes/queue").buildQueue();
            closing(q);
            q.start();
            consumers.add(q);
        }
        DistributedQueue<String> producer = QueueBuilder.builder(client(stable), null, STRINGS, "/recipes/queue").buildQueue();
        closing(producer);
        producer.start();
        int items = 300;
        Thread produce = new Thread(() -> {
            try {
                for (int i = 0; i < items; i++) {
                    producer.put("item-" + i);
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                violations.add("queue producer: " + e);
            }
        }, "queue-producer");
        produce.start();

        // SharedCount: 3 clients add 1 each, 25 times, by compare-and-set
        List<SharedCount> counts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SharedCount sc = closing(new SharedCount(client(stable), "/recipes/count", 0));
            sc.start();
            counts.add(sc);
        }
        List<Thread> counters = new ArrayList<>();
        for (SharedCount sc : counts) {
            Thread t = new Thread(() -> {
                try {
                    for (int k = 0; k < 25; k++) {
                        while (true) {
                            VersionedValue<Integer> v = sc.getVersionedValue();
                            if (sc.trySetCount(v, v.getValue() + 1)) {
                                break;
                            }
                        }
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    violations.add("shared count: " + e);
                }
            }, "shared-count");
            t.start();
            counters.add(t);
        }

        // CuratorCache: sees every node a writer makes
        CuratorFramework cacheClient = client(all);
        cacheClient.create().creatingParentsIfNeeded().forPath("/recipes/cache");
        CuratorCache cache = closing(CuratorCache.build(cacheClient, "/recipes/cache"));
        cache.start();
        CuratorFramework writer = client(all);
        Thread write = new Thread(() -> {
            try {
                for (int i = 0; i < 50; i++) {
                    try {
                        writer.create().forPath("/recipes/cache/n" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
                    } catch (org.apache.zookeeper.KeeperException.NodeExistsException e) {
                        // Curator retried a create whose answer was lost with the dying server: it was made once
                        String d = new String(writer.getData().forPath("/recipes/cache/n" + i), StandardCharsets.UTF_8);
                        if (!d.equals("v" + i)) {
                            violations.add("cache writer: n" + i + " holds " + d);
                        }
                    }
                    Thread.sleep(40);
                }
            } catch (Exception e) {
                violations.add("cache writer: " + e);
            }
        }, "cache-writer");
        write.start();

        // PersistentNode (protected ephemeral) on a client of the server about to die
        CuratorFramework memberClient = client(cluster.address(victim) + "," + stable);
        PersistentNode member = closing(new PersistentNode(memberClient, CreateMode.EPHEMERAL, false, "/recipes/members/m1",
                "here".getBytes(StandardCharsets.UTF_8)));
        member.start();
        assertTrue(member.waitForInitialCreate(10, TimeUnit.SECONDS), "PersistentNode created");

        // EnsembleTracker: every Curator client reads /zookeeper/config
        CuratorFramework tracked = client(cluster.address(leader));

        workers.forEach(Thread::start);
        Thread.sleep(3000);
        String before = cluster.fourLetter(victim, "srvr");
        cluster.kill(victim);
        System.out.println("CuratorRecipesTest run " + run + ": killed follower server." + victim + " (leader is server." + leader
                + "); it had " + connections(before) + " client connections");
        Thread.sleep(5000);
        running.set(false);
        for (Thread t : workers) {
            t.join(30_000);
        }
        produce.join(60_000);
        for (Thread t : counters) {
            t.join(60_000);
        }
        write.join(60_000);

        long end = System.currentTimeMillis() + 20_000;
        while (consumed.size() < items && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        boolean oneLeader = false;
        while (System.currentTimeMillis() < end && !oneLeader) {
            oneLeader = latches.stream().filter(LeaderLatch::hasLeadership).count() == 1;
            Thread.sleep(20);
        }
        while (cache.size() < 51 && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }

        assertEquals(List.of(), violations, "what the recipes promise");
        assertTrue(lockRounds.get() > 20, "the mutex was taken often: " + lockRounds);
        assertTrue(leaseRounds.get() > 20, "semaphore leases were taken often: " + leaseRounds);
        assertTrue(oneLeader, "exactly one LeaderLatch leader in the end");
        assertTrue(leaderships.get() >= 3, "LeaderSelector passed leadership around: " + leaderships);
        assertTrue(barrierRounds.get() >= 3, "barrier rounds completed: " + barrierRounds);
        Set<String> distinct = new TreeSet<>(consumed);
        assertEquals(items, distinct.size(), "every queued item delivered");
        assertEquals(items, consumed.size(), "no queued item delivered twice");
        assertEquals(75, counts.get(0).getCount(), "the shared count adds up");
        for (int i = 0; i < 50; i++) {
            ChildData d = cache.get("/recipes/cache/n" + i).orElse(null);
            assertTrue(d != null && new String(d.getData(), StandardCharsets.UTF_8).equals("v" + i), "cache has n" + i);
        }
        Stat st = tracked.checkExists().forPath("/recipes/members/m1");
        assertTrue(st != null && st.getEphemeralOwner() == memberClient.getZookeeperClient().getZooKeeper().getSessionId(),
                "the PersistentNode outlived its server, owned by its client's session");
        assertEquals(3, tracked.getCurrentConfig().getAllMembers().size(), "EnsembleTracker read the members from /zookeeper/config");
        System.out.println("CuratorRecipesTest run " + run + ": mutex " + lockRounds + " rounds, semaphore " + leaseRounds
                + " leases, LeaderSelector " + leaderships + " leaderships, barrier " + barrierRounds + " rounds, queue " + consumed.size()
                + " items, count " + counts.get(0).getCount() + ", cache " + cache.size() + " nodes");
    }

    private static String connections(String srvr) {
        if (srvr == null) {
            return "?";
        }
        for (String l : srvr.split("\n")) {
            if (l.startsWith("Connections: ")) {
                return l.substring(13).trim();
            }
        }
        return "?";
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private Thread worker(String name, AtomicBoolean running, Body body) {
        Thread t = new Thread(() -> {
            while (running.get()) {
                try {
                    body.run();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // connection loss while a server dies: the recipe retries; the assertions judge the outcome
                }
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}
