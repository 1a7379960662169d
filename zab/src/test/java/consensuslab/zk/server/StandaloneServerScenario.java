package consensuslab.zk.server;

import static org.junit.jupiter.api.Assertions.*;

import consensuslab.zk.client.ZkClient;
import consensuslab.zk.wire.JuteIn;
import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.wire.OpCode;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.Code;
import consensuslab.zk.znode.CreateMode;
import consensuslab.zk.znode.Stat;
import consensuslab.zk.znode.ZnodeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server: four-letter words, bad input, session expiry, persistence across restarts. */
class StandaloneServerScenario {
    ZnodeServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    ZkClient client(int port) throws Exception {
        ZkClient c = new ZkClient("127.0.0.1:" + port, 4000, null);
        assertTrue(c.waitConnected(5000));
        return c;
    }

    @Test
    void fourLetterWordsInZooKeeperFormatAndWhitelist() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(200)).start();
        int port = server.port();
        ZkClient c = client(port);
        c.create("/watched", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        c.create("/watched/eph", null, Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        c.getData("/watched", e -> { }, null);
        c.exists("/watched/not-there", e -> { });
        String sid = "0x" + Long.toHexString(c.getSessionId());

        assertEquals("imok", RawClient.fourLetter(port, "ruok"));
        assertEquals("rw", RawClient.fourLetter(port, "isro"));
        String srvr = RawClient.fourLetter(port, "srvr");
        assertTrue(srvr.matches("(?s)Zookeeper version: [^\\n]+, built on [^\\n]+\\nLatency min/avg/max: \\d+/[\\d.]+/\\d+\\n"
                + "Received: \\d+\\nSent: \\d+\\nConnections: 2\\nOutstanding: 0\\nZxid: 0x[0-9a-f]+\\nMode: standalone\\n"
                + "Node count: 7\\n"), srvr);
        String stat = RawClient.fourLetter(port, "stat");
        assertTrue(stat.matches("(?s)Zookeeper version: [^\\n]+\\nClients:\\n( /127\\.0\\.0\\.1:\\d+\\[[01]\\]\\(queued=0,recved=\\d+,sent=\\d+\\)\\n){2}\\n"
                + "Latency min/avg/max: .*Mode: standalone\\nNode count: 7\\n"), stat);
        String cons = RawClient.fourLetter(port, "cons");
        assertTrue(cons.contains(",sid=" + sid + ",lop=EXIS,est="), cons);
        assertTrue(cons.matches("(?s)( /127\\.0\\.0\\.1:\\d+\\[[01]\\]\\(queued=0,recved=\\d+,sent=\\d+(,sid=0x[0-9a-f]+,lop=\\w+,est=\\d+,to=4000,"
                + "lcxid=0x[0-9a-f]+,lzxid=0x[0-9a-f]+,lresp=\\d+,llat=\\d+,minlat=\\d+,avglat=\\d+,maxlat=\\d+)?\\)\\n){2}\\n"), cons);
        String conf = RawClient.fourLetter(port, "conf");
        assertTrue(conf.startsWith("clientPort=" + port + "\nsecureClientPort=-1\ndataDir="), conf);
        assertTrue(conf.contains("\ntickTime=200\nmaxClientCnxns=60\nminSessionTimeout=400\nmaxSessionTimeout=4000\nclientPortListenBacklog=-1\nserverId=0\n"), conf);
        assertEquals("1 connections watching 2 paths\nTotal watches:2\n", RawClient.fourLetter(port, "wchs"));
        assertEquals(sid + "\n\t/watched\n\t/watched/not-there\n\n", RawClient.fourLetter(port, "wchc"));
        assertEquals("/watched\n\t" + sid + "\n/watched/not-there\n\t" + sid + "\n\n", RawClient.fourLetter(port, "wchp"));
        String dump = RawClient.fourLetter(port, "dump");
        assertTrue(dump.matches("(?s)SessionTracker dump:\\nSession Sets \\(1\\)/\\(1\\):\\n1 expire at [^\\n]+:\\n\\t" + sid
                + "\\nephemeral nodes dump:\\nSessions with Ephemerals \\(1\\):\\n" + sid + ":\\n\\t/watched/eph\\n"
                + "Connections dump:\\nConnections Sets \\(\\d\\)/\\(2\\):\\n.*\\tip: /127\\.0\\.0\\.1:\\d+ sessionId: " + sid + "\\n.*"), dump);
        String mntr = RawClient.fourLetter(port, "mntr");
        assertTrue(mntr.startsWith("zk_version\t"), mntr);
        assertTrue(mntr.contains("\nzk_server_state\tstandalone\nzk_ephemerals_count\t1\n"), mntr);
        assertTrue(mntr.contains("\nzk_znode_count\t7\n"), mntr);
        assertTrue(mntr.contains("\nzk_watch_count\t2\n"), mntr);
        assertTrue(RawClient.fourLetter(port, "envi").matches("(?s)Environment:\\nzookeeper.version=[^\\n]+\\nhost.name=.*os.memory.total=\\d+MB\\n"));
        assertEquals("datadir_size: 0\nlogdir_size: 0\n", RawClient.fourLetter(port, "dirs"));
        assertEquals("Connection stats reset.\n", RawClient.fourLetter(port, "crst"));
        assertEquals("Server stats reset.\n", RawClient.fourLetter(port, "srst"));
        assertTrue(RawClient.fourLetter(port, "srvr").contains("\nReceived: 0\nSent: 0\n"), "srst reset the counters");
        assertEquals("", RawClient.fourLetter(port, "xyzw"), "an unknown word is read as a huge length: closed, no output");
        c.close();
        server.close();

        server = new ZnodeServer(ServerSettings.forTests(200).withWhitelist(Set.of("srvr", "ruok"))).start();
        assertEquals("imok", RawClient.fourLetter(server.port(), "ruok"));
        assertEquals("mntr is not executed because it is not in the whitelist.\n", RawClient.fourLetter(server.port(), "mntr"));
    }

    @Test
    void badBytesCloseOnlyThatConnection() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(200)).start();
        int port = server.port();
        ZkClient good = client(port);
        good.create("/alive", "1".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        try (RawClient r = new RawClient(port)) { // garbage as the first frame
            r.out.write(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3});
            r.out.flush();
            assertTrue(r.closedByServer());
        }
        try (RawClient r = new RawClient(port)) { // a plausible length but not a ConnectRequest
            r.out.write(new byte[] {0, 0, 0, 3, 9, 9, 9});
            r.out.flush();
            assertTrue(r.closedByServer());
        }
        try (RawClient r = new RawClient(port)) { // connected, then an oversized frame
            assertTrue(r.connect(4000, 0, null).timeOut() > 0);
            JuteOut o = new JuteOut().writeInt(2 << 20);
            r.out.write(o.bytes());
            r.out.flush();
            assertTrue(r.closedByServer());
        }
        try (RawClient r = new RawClient(port)) { // connected, then a truncated create request
            r.connect(4000, 0, null);
            JuteOut o = new JuteOut();
            new Proto.RequestHeader(1, OpCode.CREATE).write(o);
            o.writeString("/x").writeInt(500);
            r.out.write(o.frame());
            r.out.flush();
            JuteIn reply = new JuteIn(consensuslab.zk.wire.Frames.readFrame(r.in, 1 << 20));
            assertEquals(Code.MARSHALLINGERROR.intValue(), Proto.ReplyHeader.read(reply).err());
            assertTrue(r.closedByServer());
        }
        try (RawClient r = new RawClient(port)) { // unknown opcode: UNIMPLEMENTED then close
            r.connect(4000, 0, null);
            assertEquals(Code.UNIMPLEMENTED.intValue(), Proto.ReplyHeader.read(r.call(1, 77, null)).err());
            assertTrue(r.closedByServer());
        }
        // invalid paths and oversized data: clear errors, nothing breaks
        assertEquals(Code.BADARGUMENTS, rawCreateError(port, "no-slash", new byte[1]));
        assertEquals(Code.BADARGUMENTS, rawCreateError(port, "/a//b", new byte[1]));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> good.create("/big", new byte[2 << 20], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertTrue(big.getMessage().contains("jute.maxbuffer"), big.getMessage());
        IllegalArgumentException badPath = assertThrows(IllegalArgumentException.class,
                () -> good.create("relative", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertEquals("Invalid path string \"relative\" caused by Path must start with / character", badPath.getMessage());
        // the well-behaved client never noticed
        assertEquals("1", new String(good.getData("/alive", false, null), StandardCharsets.UTF_8));
        assertTrue(good.isConnected());
        good.close();
    }

    private static Code rawCreateError(int port, String path, byte[] data) throws Exception {
        try (RawClient r = new RawClient(port)) {
            r.connect(4000, 0, null);
            JuteIn in = r.call(1, OpCode.CREATE, new Proto.CreateRequest(path, data, Acl.OPEN_ACL_UNSAFE, 0, -1, false));
            return Code.of(Proto.ReplyHeader.read(in).err());
        }
    }

    @Test
    void timeoutNegotiationPingsAndExpiryRemoveEphemerals() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(100)).start();
        int port = server.port();
        ZkClient watcher = client(port);
        try (RawClient r = new RawClient(port)) {
            assertEquals(200, r.connect(10, 0, null).timeOut(), "clamped up to 2 ticks");
        }
        try (RawClient r = new RawClient(port)) {
            assertEquals(2000, r.connect(999_999, 0, null).timeOut(), "clamped down to 20 ticks");
        }
        RawClient doomed = new RawClient(port);
        Proto.ConnectResponse cr = doomed.connect(400, 0, null);
        assertEquals(400, cr.timeOut());
        JuteIn created = doomed.call(1, OpCode.CREATE, new Proto.CreateRequest("/eph", null, Acl.OPEN_ACL_UNSAFE, 1, -1, false));
        assertEquals(0, Proto.ReplyHeader.read(created).err());
        // pings keep it alive well past its timeout
        for (int i = 0; i < 8; i++) {
            Thread.sleep(100);
            Proto.ReplyHeader ping = Proto.ReplyHeader.read(doomed.call(OpCode.XID_PING, OpCode.PING, null));
            assertEquals(OpCode.XID_PING, ping.xid());
        }
        assertEquals(cr.sessionId(), watcher.exists("/eph", false).ephemeralOwner());
        long silentSince = System.currentTimeMillis();
        java.util.concurrent.CountDownLatch deleted = new java.util.concurrent.CountDownLatch(1);
        watcher.exists("/eph", e -> deleted.countDown());
        assertTrue(deleted.await(3, java.util.concurrent.TimeUnit.SECONDS), "expired by the server");
        long took = System.currentTimeMillis() - silentSince;
        assertTrue(took >= 350, "not before the timeout: " + took);
        assertNull(watcher.exists("/eph", false));
        assertTrue(doomed.closedByServer(), "expiry closes the session's connection");
        doomed.close();
        // the expired session cannot come back
        try (RawClient again = new RawClient(port)) {
            Proto.ConnectResponse no = again.connect(400, cr.sessionId(), cr.passwd());
            assertEquals(0, no.timeOut());
            assertEquals(0, no.sessionId());
        }
        watcher.close();
    }

    @Test
    void sessionsMoveBetweenConnectionsWithIdAndPassword() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(200)).start();
        int port = server.port();
        Proto.ConnectResponse first;
        try (RawClient a = new RawClient(port)) {
            first = a.connect(4000, 0, null);
            Proto.ReplyHeader.read(a.call(1, OpCode.CREATE, new Proto.CreateRequest("/mine", null, Acl.OPEN_ACL_UNSAFE, 1, -1, false)));
        }
        try (RawClient wrong = new RawClient(port)) {
            assertEquals(0, wrong.connect(4000, first.sessionId(), new byte[16]).timeOut(), "wrong password refused");
        }
        try (RawClient b = new RawClient(port)) {
            Proto.ConnectResponse again = b.connect(4000, first.sessionId(), first.passwd());
            assertEquals(first.sessionId(), again.sessionId());
            JuteIn eph = b.call(1, OpCode.GET_EPHEMERALS, new Proto.PathRequest("/"));
            assertEquals(0, Proto.ReplyHeader.read(eph).err());
            assertEquals(List.of("/mine"), eph.readStrings());
            b.call(2, OpCode.CLOSE_SESSION, null);
        }
        ZkClient c = client(port);
        assertNull(c.exists("/mine", false), "closeSession removed the ephemeral");
        c.close();
    }

    @Test
    void restartKeepsTreeAndSessions(@TempDir Path dir) throws Exception {
        ServerSettings s = ServerSettings.forTests(200).withDataDir(dir);
        server = new ZnodeServer(s).start();
        ZkClient c = client(server.port());
        c.create("/kept", "v".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        c.create("/kept/s-", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        c.create("/kept/e", null, Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        c.setData("/kept", "w".getBytes(StandardCharsets.UTF_8), 0);
        Stat[] before = new Stat[1];
        c.getData("/kept", false, before);
        long sid = c.getSessionId();
        long zxid = server.lastZxid();
        c.dropConnection();
        server.close();
        // a torn last record must not stop recovery
        Path log;
        try (var files = Files.list(dir.resolve("version-2"))) {
            log = files.filter(p -> p.getFileName().toString().startsWith("log.")).findFirst().orElseThrow();
        }
        Files.write(log, "{\"zxid\":99999,\"ti".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);

        server = new ZnodeServer(s).start();
        assertEquals(zxid, server.lastZxid());
        ZkClient d = client(server.port());
        Stat[] after = new Stat[1];
        assertEquals("w", new String(d.getData("/kept", false, after), StandardCharsets.UTF_8));
        assertEquals(before[0], after[0]);
        assertEquals(List.of("e", "s-0000000000"), d.getChildren("/kept", false));
        assertEquals(sid, d.exists("/kept/e", false).ephemeralOwner(), "the session survived the restart");
        assertEquals("/kept/s-0000000002", d.create("/kept/s-", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
        d.close();
        c.close();
    }

    @Test
    void aClientThatDoesNotReadIsCutOffAndOthersKeepGoing() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(200)).start();
        int port = server.port();
        ZkClient good = client(port);
        good.create("/big", new byte[900_000], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        int requests = 60;
        try (RawClient greedy = new RawClient(port)) {
            greedy.connect(20000, 0, null);
            JuteOut o = new JuteOut();
            for (int i = 1; i <= requests; i++) {
                JuteOut one = new JuteOut();
                new Proto.RequestHeader(i, OpCode.GET_DATA).write(one);
                new Proto.PathWatchRequest("/big", false).write(one);
                o.writeRaw(one.frame());
            }
            greedy.out.write(o.bytes());
            greedy.out.flush();
            long t0 = System.currentTimeMillis();
            for (int i = 0; i < 20; i++) {
                good.setData("/big", new byte[10], -1);
            }
            assertTrue(System.currentTimeMillis() - t0 < 5000, "the processor was not blocked by the greedy client");
            assertTrue(RawClient.fourLetter(port, "ruok").equals("imok"));
            greedy.s.setSoTimeout(10000);
            long read = 0;
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = greedy.in.read(buf)) >= 0) {
                read += n;
            }
            assertTrue(read < (long) requests * 900_000, "cut off after " + read + " bytes");
        }
        assertEquals(10, good.exists("/big", false).dataLength());
        good.close();
    }

    @Test
    void maxClientCnxnsPerIp() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(200).withMaxClientCnxns(2)).start();
        try (RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port());
             RawClient c = new RawClient(server.port())) {
            assertTrue(a.connect(4000, 0, null).timeOut() > 0);
            assertTrue(b.connect(4000, 0, null).timeOut() > 0);
            assertTrue(c.closedByServer(), "third connection from 127.0.0.1 refused");
        }
    }

    @Test
    void containersAreReaped() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(100).withContainerCheck(100)).start();
        ZkClient c = client(server.port());
        c.create("/box", null, Acl.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        c.create("/box/item", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Thread.sleep(300);
        assertNotNull(c.exists("/box", false), "not while it has a child");
        c.delete("/box/item", -1);
        long end = System.currentTimeMillis() + 3000;
        while (c.exists("/box", false) != null && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertNull(c.exists("/box", false));
        ZnodeException e = assertThrows(ZnodeException.class, () -> c.delete("/zookeeper", -1));
        assertEquals(Code.BADARGUMENTS, e.code());
        c.close();
    }
}
