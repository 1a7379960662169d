package consensuslab.zk.server;

import static org.junit.jupiter.api.Assertions.*;

import consensuslab.zk.client.ZkClient;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.CreateMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server with a write path that orders writes elsewhere and later, as ZAB will: commits
 * arrive from another thread after random delays with epoch-1 zxids. Each client's requests must
 * still run in order: a read sent after a write sees that write, and replies keep their order.
 */
class AsyncWritePathScenario {
    ZnodeServer server;
    ExecutorService orderer;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        orderer.shutdownNow();
    }

    @Test
    void clientsStayFifoWhileWritesAreOrderedAsynchronously() throws Exception {
        long seed = Long.getLong("async.seed", 42L);
        System.out.println("AsyncWritePathScenario seed " + seed
                + "; replay: mvn -q -B -o -pl zab test -Dtest=AsyncWritePathScenario -Dasync.seed=" + seed);
        Random random = new Random(seed);
        orderer = Executors.newSingleThreadExecutor();
        AtomicLong zxid = new AtomicLong(1L << 32);
        WritePath slow = (srv, p) -> orderer.execute(() -> {
            try {
                Thread.sleep(random.nextInt(3));
            } catch (InterruptedException e) {
                return;
            }
            srv.committed(zxid.incrementAndGet(), p);
        });
        server = new ZnodeServer(ServerSettings.forTests(200)).withWritePath(slow).start();
        ZkClient a = new ZkClient("127.0.0.1:" + server.port(), 4000, null);
        ZkClient b = new ZkClient("127.0.0.1:" + server.port(), 4000, null);
        assertTrue(a.waitConnected(5000));
        assertTrue(b.waitConnected(5000));
        a.create("/k", "0".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEquals(1, a.exists("/k", false).czxid() >>> 32, "zxids come from the write path (epoch 1)");

        List<CompletableFuture<?>> writes = new ArrayList<>();
        List<CompletableFuture<ZkClient.DataResult>> reads = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            ZkClient who = i % 2 == 0 ? a : b;
            writes.add(who.setDataAsync("/k", Integer.toString(i).getBytes(StandardCharsets.UTF_8), -1));
            reads.add(who.getDataAsync("/k", null));
        }
        for (int i = 0; i < 100; i++) {
            writes.get(i).get(10, TimeUnit.SECONDS);
            ZkClient.DataResult r = reads.get(i).get(10, TimeUnit.SECONDS);
            int seen = Integer.parseInt(new String(r.data(), StandardCharsets.UTF_8));
            assertTrue(seen >= i + 1, "read " + (i + 1) + " saw " + seen + ": it must see its own session's earlier write");
        }
        assertEquals(100, a.exists("/k", false).version());

        b.create("/b-eph", null, Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        b.close();
        assertNull(a.exists("/b-eph", false), "closeSession went through the write path");
        a.close();
    }
}
