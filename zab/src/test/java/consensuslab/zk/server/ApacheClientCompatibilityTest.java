package consensuslab.zk.server;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Apache ZooKeeper 3.9.5's own Java client against our standalone server on 127.0.0.1. */
class ApacheClientCompatibilityTest {
    ZnodeServer server;
    final List<ZooKeeper> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(200)).start();
    }

    @AfterEach
    void stop() throws Exception {
        for (ZooKeeper zk : clients) {
            zk.close(2000);
        }
        server.close();
    }

    ZooKeeper connect(Watcher w) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + server.port(), 4000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected && e.getType() == Watcher.Event.EventType.None) {
                up.countDown();
            }
            if (w != null) {
                w.process(e);
            }
        });
        clients.add(zk);
        assertTrue(up.await(10, TimeUnit.SECONDS), "connected");
        return zk;
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createGetSetDeleteChildrenAndStat() throws Exception {
        ZooKeeper zk = connect(null);
        assertEquals(4000, zk.getSessionTimeout(), "negotiated within [2, 20] ticks");
        assertEquals(List.of("zookeeper"), zk.getChildren("/", false));
        assertEquals("/a", zk.create("/a", b("one"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        Stat st = new Stat();
        assertEquals("one", new String(zk.getData("/a", false, st), StandardCharsets.UTF_8));
        assertEquals(0, st.getVersion());
        assertEquals(st.getCzxid(), st.getMzxid());
        Stat set = zk.setData("/a", b("two"), 0);
        assertEquals(1, set.getVersion());
        assertThrows(KeeperException.BadVersionException.class, () -> zk.setData("/a", b("x"), 0));
        Stat created = new Stat();
        String seq = zk.create("/a/s-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL, created);
        assertEquals("/a/s-0000000000", seq);
        assertEquals(0, created.getDataLength());
        assertNull(zk.getData(seq, false, null), "null data comes back as null");
        Stat parent = new Stat();
        assertEquals(List.of("s-0000000000"), zk.getChildren("/a", false, parent));
        assertEquals(1, parent.getNumChildren());
        assertEquals(1, parent.getCversion());
        assertThrows(KeeperException.NotEmptyException.class, () -> zk.delete("/a", -1));
        assertThrows(KeeperException.NodeExistsException.class, () -> zk.create("/a", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.getData("/nope", false, null));
        assertNull(zk.exists("/nope", false));
        zk.delete(seq, -1);
        zk.delete("/a", 1);
        assertNull(zk.exists("/a", false));
        zk.sync("/", (rc, path, ctx) -> { }, null);
        assertEquals(3, zk.getAllChildrenNumber("/"), "zookeeper, quota, config");
    }

    @Test
    void watchesFireOnceWithTheRightTypes() throws Exception {
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        ZooKeeper zk = connect(e -> {
            if (e.getType() != Watcher.Event.EventType.None) {
                events.add(e);
            }
        });
        ZooKeeper other = connect(null);
        assertNull(zk.exists("/w", true));
        other.create("/w", b("0"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        WatchedEvent e1 = events.poll(5, TimeUnit.SECONDS);
        assertEquals(Watcher.Event.EventType.NodeCreated, e1.getType());
        assertEquals("/w", e1.getPath());
        zk.getData("/w", true, null);
        zk.getChildren("/w", true);
        other.setData("/w", b("1"), -1);
        other.setData("/w", b("2"), -1);
        other.create("/w/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertEquals(Watcher.Event.EventType.NodeDataChanged, events.poll(5, TimeUnit.SECONDS).getType());
        WatchedEvent ch = events.poll(5, TimeUnit.SECONDS);
        assertEquals(Watcher.Event.EventType.NodeChildrenChanged, ch.getType());
        assertEquals("/w", ch.getPath());
        assertNull(events.poll(300, TimeUnit.MILLISECONDS), "one-shot: second setData fires nothing");

        zk.addWatch("/w", AddWatchMode.PERSISTENT_RECURSIVE);
        other.setData("/w/c", b("x"), -1);
        other.create("/w/c/d", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        WatchedEvent r1 = events.poll(5, TimeUnit.SECONDS);
        WatchedEvent r2 = events.poll(5, TimeUnit.SECONDS);
        assertEquals(Watcher.Event.EventType.NodeDataChanged, r1.getType());
        assertEquals("/w/c", r1.getPath());
        assertEquals(Watcher.Event.EventType.NodeCreated, r2.getType());
        assertEquals("/w/c/d", r2.getPath());
        zk.removeAllWatches("/w", Watcher.WatcherType.Any, false);
        assertEquals(Watcher.Event.EventType.PersistentWatchRemoved, events.poll(5, TimeUnit.SECONDS).getType(),
                "the client's own removal event");
        other.setData("/w/c", b("y"), -1);
        assertNull(events.poll(300, TimeUnit.MILLISECONDS), "removed on the server too");
    }

    @Test
    void multiAllOrNothing() throws Exception {
        ZooKeeper zk = connect(null);
        List<OpResult> ok = zk.multi(List.of(
                Op.create("/m", b("x"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/m/1", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData("/m", b("y"), 0),
                Op.check("/m", 1)));
        assertEquals("/m", ((OpResult.CreateResult) ok.get(0)).getPath());
        assertEquals(1, ((OpResult.SetDataResult) ok.get(2)).getStat().getVersion());
        KeeperException ex = assertThrows(KeeperException.class, () -> zk.multi(List.of(
                Op.create("/m/2", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.delete("/m", -1),
                Op.setData("/m", b("z"), -1))));
        assertEquals(KeeperException.Code.NOTEMPTY, ex.code());
        List<OpResult> results = ex.getResults();
        assertEquals(0, ((OpResult.ErrorResult) results.get(0)).getErr());
        assertEquals(KeeperException.Code.NOTEMPTY.intValue(), ((OpResult.ErrorResult) results.get(1)).getErr());
        assertEquals(KeeperException.Code.RUNTIMEINCONSISTENCY.intValue(), ((OpResult.ErrorResult) results.get(2)).getErr());
        assertNull(zk.exists("/m/2", false));
        assertEquals("y", new String(zk.getData("/m", false, null), StandardCharsets.UTF_8));
    }

    @Test
    void ephemeralsGoWithTheSessionAndAclsAreEnforced() throws Exception {
        ZooKeeper a = connect(null);
        ZooKeeper b = connect(null);
        a.create("/e", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        assertEquals(a.getSessionId(), b.exists("/e", false).getEphemeralOwner());
        assertThrows(KeeperException.NoChildrenForEphemeralsException.class,
                () -> a.create("/e/x", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        CountDownLatch gone = new CountDownLatch(1);
        b.exists("/e", ev -> {
            if (ev.getType() == Watcher.Event.EventType.NodeDeleted) {
                gone.countDown();
            }
        });
        a.close();
        clients.remove(a);
        assertTrue(gone.await(5, TimeUnit.SECONDS));
        assertNull(b.exists("/e", false));

        b.addAuthInfo("digest", b("alice:pw"));
        b.create("/private", b("s"), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        List<ACL> acl = b.getACL("/private", new Stat());
        assertEquals(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest("alice:pw")))), acl);
        ZooKeeper c = connect(null);
        assertThrows(KeeperException.NoAuthException.class, () -> c.getData("/private", false, null));
        c.addAuthInfo("digest", b("alice:pw"));
        assertEquals("s", new String(c.getData("/private", false, null), StandardCharsets.UTF_8));
    }

    @Test
    void sessionAndWatchesSurviveAServerRestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        server.close();
        ServerSettings s = ServerSettings.forTests(200).withDataDir(dir).withSnapCount(5);
        server = new ZnodeServer(s).start();
        int port = server.port();
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        ZooKeeper zk = connect(events::add);
        long sid = zk.getSessionId();
        zk.create("/keep", b("1"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        for (int i = 0; i < 7; i++) {
            zk.create("/p", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        }
        zk.getData("/keep", true, null);
        events.clear();
        server.close();
        // the reconnecting client may briefly hold the port (a TCP self-connect): retry the bind
        for (int attempt = 0; ; attempt++) {
            try {
                server = new ZnodeServer(s.withPort(port)).start();
                break;
            } catch (java.net.BindException busy) {
                if (attempt == 50) {
                    throw busy;
                }
                Thread.sleep(100);
            }
        }
        WatchedEvent e;
        do {
            e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "reconnected");
        } while (e.getState() != Watcher.Event.KeeperState.SyncConnected);
        assertEquals(sid, zk.getSessionId(), "same session on the restarted server");
        assertEquals(sid, zk.exists("/keep", false).getEphemeralOwner());
        ZooKeeper other = connect(null);
        other.setData("/keep", b("2"), -1);
        WatchedEvent changed = events.poll(5, TimeUnit.SECONDS);
        assertEquals(Watcher.Event.EventType.NodeDataChanged, changed.getType(), "watch re-registered by SetWatches");
        assertEquals("/p0000000008", other.create("/p", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
    }

    @Test
    void lesserUsedOpcodesCuratorAndZkCliRelyOn() throws Exception {
        ZooKeeper zk = connect(null);
        zk.create("/x", b("1"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/x/e1", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.create("/x/e2", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        assertEquals(List.of("/x/e1", "/x/e20000000001"), zk.getEphemerals("/x"));
        assertEquals(2, zk.getAllChildrenNumber("/x"));
        assertTrue(zk.whoAmI().stream().anyMatch(ci -> ci.getAuthScheme().equals("ip") && ci.getUser().equals("127.0.0.1")));
        // multiRead (22)
        List<OpResult> reads = zk.multi(List.of(Op.getData("/x"), Op.getChildren("/x"), Op.getData("/missing")));
        assertEquals("1", new String(((OpResult.GetDataResult) reads.get(0)).getData(), StandardCharsets.UTF_8));
        assertEquals(List.of("e1", "e20000000001"), ((OpResult.GetChildrenResult) reads.get(1)).getChildren().stream().sorted().toList());
        assertEquals(KeeperException.Code.NONODE.intValue(), ((OpResult.ErrorResult) reads.get(2)).getErr());
        // checkWatches (17) for one watcher object, as Curator's cleanup does
        Watcher w = e -> { };
        zk.getData("/x", w, null);
        zk.removeWatches("/x", w, Watcher.WatcherType.Data, false);
        assertThrows(KeeperException.NoWatcherException.class, () -> zk.removeWatches("/x", w, Watcher.WatcherType.Data, false));
        // getConfig reads /zookeeper/config: empty (standalone), not null
        assertEquals(0, zk.getConfig(false, null).length);
        // sync on the Stat-returning create path used by Curator (create2)
        Stat st = new Stat();
        zk.create("/x/c2", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, st);
        assertEquals(st.getCzxid(), zk.exists("/x", false).getPzxid());
        // ACL denial and setACL versions
        zk.setACL("/x/c2", ZooDefs.Ids.READ_ACL_UNSAFE, 0);
        assertThrows(KeeperException.NoAuthException.class, () -> zk.setData("/x/c2", b("no"), -1));
        assertThrows(KeeperException.NoAuthException.class, () -> zk.setACL("/x/c2", ZooDefs.Ids.OPEN_ACL_UNSAFE, 1),
                "ADMIN is checked before the ACL version");
        assertThrows(KeeperException.BadVersionException.class, () -> zk.setACL("/x", ZooDefs.Ids.OPEN_ACL_UNSAFE, 5));
        assertThrows(KeeperException.InvalidACLException.class,
                () -> zk.create("/x/bad", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
        assertThrows(IllegalArgumentException.class, () -> zk.create("/x//y", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
    }

    @Test
    void anUnknownSessionIsReportedAsExpired() throws Exception {
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        ZooKeeper zk = connect(events::add);
        int port = server.port();
        server.close();
        // an in-memory server restarted on the same port no longer knows the session
        for (int attempt = 0; ; attempt++) {
            try {
                server = new ZnodeServer(ServerSettings.forTests(200).withPort(port)).start();
                break;
            } catch (java.net.BindException busy) {
                if (attempt == 50) {
                    throw busy;
                }
                Thread.sleep(100);
            }
        }
        WatchedEvent e;
        do {
            e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "an Expired event");
        } while (e.getState() != Watcher.Event.KeeperState.Expired);
        assertFalse(zk.getState().isAlive());
    }

    @Test
    void containerAndTtlCreates() throws Exception {
        ZooKeeper zk = connect(null);
        zk.create("/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        Stat s = new Stat();
        zk.create("/t", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, s, 60000);
        assertEquals(0, s.getEphemeralOwner());
        assertNotNull(zk.exists("/c", false));
    }
}
