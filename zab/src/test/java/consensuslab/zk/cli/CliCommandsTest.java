package consensuslab.zk.cli;

import static org.junit.jupiter.api.Assertions.*;

import consensuslab.zk.server.ServerSettings;
import consensuslab.zk.server.ZnodeServer;
import consensuslab.zk.znode.Digests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The zkCli commands the reference transcripts do not cover: ACLs, watches, ls -R, containers, TTL, sync, history. */
class CliCommandsTest {
    ZnodeServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(500)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String[] session(String script) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ZabCli cli = new ZabCli("127.0.0.1:" + server.port(), 30000, new PrintStream(out, true, "UTF-8"),
                new PrintStream(err, true, "UTF-8"));
        cli.interactive(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), false);
        return new String[] {out.toString("UTF-8"), err.toString("UTF-8")};
    }

    @Test
    void aclCommands() throws Exception {
        String hash = Digests.digestId("bob:pw");
        String[] r = session(String.join("\n",
                "create /s data",
                "setAcl /s digest:" + hash + ":cdrwa,world:anyone:r",
                "getAcl /s",
                "set /s nope",
                "addauth digest bob:pw",
                "set /s yes",
                "get /s",
                "setAcl /s bad:acl:x",
                "create /t x auth::cdrwa",
                "getAcl /t",
                ""));
        assertEquals("Created /s\nInsufficient permission : /s\nUnknown perm type: x\nAcl is not valid : /s\nCreated /t\n", r[1]);
        assertTrue(r[0].contains("'digest,'bob:x\n: cdrwa\n'world,'anyone\n: r\n"), "masked without ADMIN:\n" + r[0]);
        assertTrue(r[0].contains("yes\n"), r[0]);
        assertTrue(r[0].contains("'digest,'" + hash + "\n: cdrwa\n"), r[0]);
    }

    @Test
    void quotaAndReconfigSayTheyAreNotImplementedWhileTyposAreNotFound() throws Exception {
        String[] r = session(String.join("\n", "setquota -n 3 /q", "listquota /q", "delquota /q", "reconfig -remove 3", "lss /", ""));
        for (String c : new String[] {"setquota", "listquota", "delquota", "reconfig"}) {
            assertTrue(r[1].contains(c + " is not supported by zab-cli (quotas and reconfig are not implemented)\n"), r[1]);
        }
        assertTrue(r[1].contains("Command not found: Command not found lss\n"), r[1]);
        assertFalse(r[1].contains("lss is not supported"), r[1]);
    }

    @Test
    void watchesListingKindsSyncAndHistory() throws Exception {
        String[] r = session(String.join("\n",
                "create /w",
                "create /w/a 1",
                "create -c /w/box",
                "create -t 60000 /w/ttl",
                "create -s -e /w/e- x",
                "get -w /w/a",
                "set /w/a 2",
                "ls -R /w",
                "addWatch -m PERSISTENT /w",
                "delete /w/ttl",
                "sync /w",
                "stat -w /nope",
                "getAllChildrenNumber /w",
                "getEphemerals /w",
                "create -c -e /w/bad",
                "history",
                ""));
        String out = r[0];
        assertTrue(out.contains("\nWATCHER::\n\nWatchedEvent state:SyncConnected type:NodeDataChanged path:/w/a zxid: "), out);
        assertTrue(out.contains("/w\n/w/a\n/w/box\n/w/e-0000000003\n/w/ttl\n"), out);
        assertTrue(out.contains("WatchedEvent state:SyncConnected type:NodeChildrenChanged path:/w zxid: "), out);
        assertTrue(out.contains("Sync is OK\n"), out);
        assertTrue(out.contains("\n3\n[/w/e-0000000003]\n"), out);
        assertTrue(out.contains("15 - history\n"), out);
        assertTrue(r[1].contains("Created /w/e-0000000003\n"), r[1]);
        assertTrue(r[1].contains("Node does not exist: /nope\n"), r[1]);
        assertTrue(r[1].contains("-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.\n"), r[1]);
    }
}
