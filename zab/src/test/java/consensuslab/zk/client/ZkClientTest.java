package consensuslab.zk.client;

import static org.junit.jupiter.api.Assertions.*;

import consensuslab.zk.server.ServerSettings;
import consensuslab.zk.server.ZnodeServer;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.Code;
import consensuslab.zk.znode.CreateMode;
import consensuslab.zk.znode.WatchEventType;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.OpResult;
import consensuslab.zk.znode.ZnodeException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our client library against our standalone server: API shape, async, chroot, failover, watches across reconnects. */
class ZkClientTest {
    ZnodeServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(200)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void failsOverPastADeadServerAndKeepsTheSessionAcrossReconnects() throws Exception {
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        String cs = "127.0.0.1:" + deadPort() + ",127.0.0.1:" + server.port();
        ZkClient c = new ZkClient(cs, 4000, events::add);
        assertTrue(c.waitConnected(10000));
        assertEquals("127.0.0.1:" + server.port(), c.connectedTo());
        assertEquals(KeeperState.SyncConnected, events.poll(2, TimeUnit.SECONDS).state());
        long sid = c.getSessionId();
        c.create("/e", null, Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        c.getData("/e", true, null);

        c.dropConnection();
        assertEquals(KeeperState.Disconnected, events.poll(5, TimeUnit.SECONDS).state());
        assertEquals(KeeperState.SyncConnected, events.poll(5, TimeUnit.SECONDS).state());
        assertEquals(sid, c.getSessionId(), "same session after reconnecting");
        assertEquals(sid, c.exists("/e", false).ephemeralOwner());

        ZkClient other = new ZkClient("127.0.0.1:" + server.port(), 4000, null);
        assertTrue(other.waitConnected(5000));
        other.setData("/e", b("x"), -1);
        WatchedEvent changed = events.poll(5, TimeUnit.SECONDS);
        assertEquals(WatchEventType.NodeDataChanged, changed.type(), "the watch was re-registered with SetWatches");
        assertEquals("/e", changed.path());
        other.close();
        c.close();
        assertEquals(KeeperState.Closed, events.poll(5, TimeUnit.SECONDS).state());
    }

    @Test
    void chrootHidesThePrefixEverywhere() throws Exception {
        ZkClient root = new ZkClient("127.0.0.1:" + server.port(), 4000, null);
        assertTrue(root.waitConnected(5000));
        root.create("/app", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        ZkClient app = new ZkClient("127.0.0.1:" + server.port() + "/app", 4000, events::add);
        assertTrue(app.waitConnected(5000));
        events.clear();
        assertEquals("/q-0000000000", app.create("/q-", b("1"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
        assertEquals(List.of("q-0000000000"), root.getChildren("/app", false));
        assertEquals(List.of("q-0000000000"), app.getChildren("/", true));
        root.create("/app/other", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        WatchedEvent e = events.poll(5, TimeUnit.SECONDS);
        while (e != null && e.type() == WatchEventType.None) {
            e = events.poll(5, TimeUnit.SECONDS);
        }
        assertEquals(WatchEventType.NodeChildrenChanged, e.type());
        assertEquals("/", e.path());
        app.close();
        root.close();
    }

    @Test
    void asyncVariantsAndMulti() throws Exception {
        ZkClient c = new ZkClient("127.0.0.1:" + server.port(), 4000, null);
        assertTrue(c.waitConnected(5000));
        CompletableFuture<String> a = c.createAsync("/a", b("1"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        CompletableFuture<OpResult.Created> b2 = c.create2Async("/a/b", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, -1);
        CompletableFuture<ZkClient.DataResult> d = c.getDataAsync("/a", null);
        assertEquals("/a", a.get(5, TimeUnit.SECONDS));
        assertEquals(1, d.get(5, TimeUnit.SECONDS).stat().numChildren(), "FIFO: the read sees both earlier writes");
        assertEquals(b2.get().stat().czxid(), d.get().stat().pzxid());
        assertNull(c.existsAsync("/none", null).get(5, TimeUnit.SECONDS));
        c.syncAsync("/a").get(5, TimeUnit.SECONDS);
        List<OpResult> ok = c.multi(List.of(new Op.Check("/a", 0), new Op.SetData("/a", b("2"), 0),
                new Op.Create("/a/c", null, Acl.OPEN_ACL_UNSAFE, 0, -1)));
        assertEquals(1, ((OpResult.DataSet) ok.get(1)).stat().version());
        MultiException m = assertThrows(MultiException.class, () -> c.multi(List.of(new Op.Delete("/a/c", -1),
                new Op.Create("/a/b", null, Acl.OPEN_ACL_UNSAFE, 0, -1))));
        assertEquals(Code.NODEEXISTS, m.code());
        assertEquals(List.of(new OpResult.Error(Code.OK, null), new OpResult.Error(Code.NODEEXISTS, null)), m.results());
        assertNotNull(c.exists("/a/c", false), "rolled back");
        ZnodeException nn = assertThrows(ZnodeException.class, () -> c.delete("/missing", -1));
        assertEquals(Code.NONODE, nn.code());
        assertEquals("/missing", nn.path());
        c.addAuthInfo("digest", b("bob:pw"));
        assertTrue(c.whoAmI().stream().anyMatch(id -> id.scheme().equals("digest") && id.id().equals("bob")), "the user name, as ZooKeeper reports it");
        c.close();
    }
}
