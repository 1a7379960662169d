package consensuslab.zk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zk.server.ServerSettings;
import consensuslab.zk.server.ZnodeServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * zkCli 3.4's forms, which the book and most tutorials still print, are honoured with ZooKeeper
 * 3.9's deprecation line: {@code set path data version} and {@code delete path version} check
 * the version (they used to overwrite and delete whatever the version), {@code get path watch}
 * sets the watch.
 */
class OldFormsTest {
    ZnodeServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(500)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String[] session(String... lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ZabCli cli = new ZabCli("127.0.0.1:" + server.port(), 30000, new PrintStream(out, true, "UTF-8"),
                new PrintStream(err, true, "UTF-8"));
        cli.interactive(new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)), false);
        return new String[] {out.toString("UTF-8"), err.toString("UTF-8")};
    }

    @Test
    void setAndDeleteWithAVersionCheckIt() throws Exception {
        String[] r = session("create /zk a", "set /zk x 3", "get /zk", "set /zk y 0", "get /zk", "delete /zk 0", "delete /zk 1", "stat /zk");
        String setDeprecated = "'set path data [version]' has been deprecated. Please use 'set [-s] [-v version] path data' instead.\n";
        String deleteDeprecated = "'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead.\n";
        assertEquals("Created /zk\n" + setDeprecated + "version No is not valid : /zk\n" + setDeprecated + deleteDeprecated
                + "version No is not valid : /zk\n" + deleteDeprecated + "Node does not exist: /zk\n", r[1]);
        assertTrue(r[0].contains("JLine support is disabled\na\ny\n"), "set /zk x 3 left the data alone; set /zk y 0 wrote it:\n" + r[0]);
        // delete /zk 0 was refused (version 1), delete /zk 1 deleted it: stat finds nothing
    }

    @Test
    void unknownFlagsAreRefusedAsZkCliRefusesThem() throws Exception {
        // what the real zkCli 3.9.5 prints for these (checked against ZooKeeperMain); rmr and ls2 are gone in 3.9 too
        String[] r = session("ls -z /", "create -q /x", "ls -R /");
        assertTrue(r[1].startsWith("org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -z\n"
                + "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -q\n"), r[1]);
        assertTrue(r[0].contains("/zookeeper\n"), "known flags still work: " + r[0]);
    }

    @Test
    void aServerThatIsDownFailsTheCommandAtOnceAsZkCliDoes() throws Exception {
        int closed = consensuslab.net.LocalPorts.freeBase(1); // nothing listens there
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(both, true, "UTF-8");
        long t0 = System.nanoTime();
        int code = new ZabCli("127.0.0.1:" + closed, 30000, p, p).oneShot(java.util.List.of("ls", "/"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, code);
        assertEquals("Connecting to 127.0.0.1:" + closed + "\nKeeperErrorCode = ConnectionLoss for /\n", both.toString("UTF-8"));
        assertTrue(ms < 10_000, "failed without waiting out the 30 s session timeout: " + ms + " ms");
    }

    @Test
    void getWithWatchSetsTheWatch() throws Exception {
        String[] r = session("create /w a", "get /w watch", "set /w b", "quit");
        assertTrue(r[1].contains("'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead.\n"), r[1]);
        assertTrue(r[0].contains("WatchedEvent state:SyncConnected type:NodeDataChanged path:/w"), r[0]);
    }

    @Test
    void lsWithWatchSetsAChildWatch() throws Exception {
        String[] r = session("create /l a", "ls /l watch", "create /l/kid b", "quit");
        assertTrue(r[1].contains("'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead.\n"), r[1]);
        assertTrue(r[0].contains("[]\n"), "it still lists: " + r[0]);
        assertTrue(r[0].contains("WatchedEvent state:SyncConnected type:NodeChildrenChanged path:/l"), r[0]);
    }

    @Test
    void statWithWatchSetsAnExistsWatch() throws Exception {
        String[] r = session("stat /s watch", "create /s a", "quit");
        assertTrue(r[1].contains("'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead.\n"), r[1]);
        assertTrue(r[1].contains("Node does not exist: /s"), r[1]);
        assertTrue(r[0].contains("WatchedEvent state:SyncConnected type:NodeCreated path:/s"), "a watch on a node not there yet: " + r[0]);
    }

    @Test
    void withoutTheOldWordNoWatchIsSet() throws Exception {
        String[] r = session("create /n a", "ls /n", "stat /n", "create /n/kid b", "set /n c", "quit");
        assertTrue(!r[1].contains("deprecated"), r[1]);
        assertTrue(!r[0].contains("WatchedEvent state:SyncConnected type:Node"), r[0]);
    }
}
