package consensuslab.zk.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.net.LocalPorts;
import consensuslab.zk.server.ServerSettings;
import consensuslab.zk.server.ZnodeServer;
import consensuslab.zk.server.ZooCfg;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JMX beans JConsole shows for a server started from zoo.cfg, read through the platform MBean server. */
class JmxBeansTest {
    @TempDir
    Path dir;

    @Test
    void serverAndSessionBeansShowLiveFiguresAndGoAwayWithTheServer() throws Exception {
        int port = LocalPorts.freeBase(1);
        ZooCfg cfg = ZooCfg.parse(dir.resolve("zoo.cfg"), List.of("tickTime=100", "dataDir=" + dir, "clientPort=" + port,
                "clientPortAddress=127.0.0.1", "4lw.commands.whitelist=*", "admin.serverPort=0", "admin.serverAddress=127.0.0.1"));
        ZnodeServer server = new ZnodeServer(ServerSettings.from(cfg)).start();
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        ObjectName main = new ObjectName("org.apache.ZooKeeperService:name0=StandaloneServer_port" + port);
        ObjectName sessions = new ObjectName("org.apache.ZooKeeperService:name0=StandaloneServer_port" + port + ",name1=Sessions");
        try (RawSession s = new RawSession("127.0.0.1", port, 4000)) {
            long end = System.currentTimeMillis() + 10_000;
            while (!mbs.isRegistered(sessions) && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            assertTrue(mbs.isRegistered(main) && mbs.isRegistered(sessions), "beans registered");
            assertEquals("standalone", mbs.getAttribute(main, "ServerState"));
            assertEquals(1L, mbs.getAttribute(main, "NumAliveConnections"));
            assertEquals(5L, mbs.getAttribute(main, "ZnodeCount"), "/, /zookeeper, quota, config, counted as ZooKeeper counts");
            assertEquals(0, s.create("/jmx", 0));
            assertEquals(6L, mbs.getAttribute(main, "ZnodeCount"));
            List<String> names = java.util.Arrays.stream(mbs.getMBeanInfo(main).getAttributes()).map(MBeanAttributeInfo::getName).toList();
            assertTrue(names.containsAll(List.of("Version", "AvgLatency", "PacketsReceived", "OutstandingRequests", "WatchCount")), names.toString());
            String[] ids = (String[]) mbs.getAttribute(sessions, "ConnectedSessions");
            assertEquals(List.of("0x" + Long.toHexString(s.sessionId)), List.of(ids));
            assertEquals(1L, mbs.getAttribute(sessions, "GlobalSessions"));
            assertTrue(server.adminPort() > 0, "the AdminServer runs on a free port (admin.serverPort=0)");
        } finally {
            server.close();
        }
        assertFalse(mbs.isRegistered(main), "unregistered on close");
    }
}
