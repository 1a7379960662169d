package consensuslab.zk.server;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zoo.cfg and myid parsing: ZooKeeper's keys and defaults, and one clear line for each mistake. */
class ZooCfgTest {
    @TempDir
    Path dir;

    ZooCfg parse(String... lines) throws ConfigException {
        return ZooCfg.parse(dir.resolve("zoo.cfg"), List.of(lines));
    }

    String error(String... lines) {
        return assertThrows(ConfigException.class, () -> parse(lines)).getMessage();
    }

    @Test
    void standaloneDefaults() throws Exception {
        ZooCfg c = parse("# comment", "tickTime=2000", "dataDir=" + dir, "clientPort=2181", "");
        assertTrue(c.standalone());
        assertEquals(4000, c.minSessionTimeout());
        assertEquals(40000, c.maxSessionTimeout());
        assertEquals(60, c.maxClientCnxns());
        assertEquals(100000, c.snapCount());
        assertEquals(3, c.snapRetainCount());
        assertEquals(0, c.purgeInterval());
        assertEquals(dir, c.dataLogDir(), "dataLogDir defaults to dataDir");
        assertEquals(java.util.Set.of("srvr"), c.fourLetterWhitelist(), "default whitelist");
        ServerSettings s = ServerSettings.from(c);
        assertEquals(0xfffff, s.tree().maxDataBytes());
        assertFalse(s.tree().extendedTypesEnabled());
    }

    @Test
    void everyKeyOfTheIssue() throws Exception {
        Files.writeString(dir.resolve("myid"), "2\n");
        ZooCfg c = parse("tickTime=100", "initLimit=10", "syncLimit=5", "dataDir=" + dir, "dataLogDir=" + dir.resolve("logs"),
                "clientPort=2182", "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:2889:3889:participant",
                "server.3=127.0.0.1:2890:3890:observer;127.0.0.1:2183", "snapCount=1000", "autopurge.snapRetainCount=5",
                "autopurge.purgeInterval=1", "maxClientCnxns=7", "minSessionTimeout=300", "maxSessionTimeout=900",
                "4lw.commands.whitelist=ruok, mntr ,stat", "someFutureKey=x");
        assertEquals(2, c.myid());
        assertEquals(3, c.servers().size());
        assertTrue(c.servers().get(3).observer());
        assertEquals(2183, c.servers().get(3).clientPort());
        assertEquals(2889, c.servers().get(2).quorumPort());
        assertEquals(3889, c.servers().get(2).electionPort());
        assertEquals(java.util.Set.of("ruok", "mntr", "stat", "srvr"), c.fourLetterWhitelist(), "srvr always on");
        assertEquals(300, c.minSessionTimeout());
        assertEquals(900, c.maxSessionTimeout());
        assertEquals(5, c.snapRetainCount());
        assertEquals(1, c.purgeInterval());
        assertEquals(7, c.maxClientCnxns());
        assertEquals(1000, c.snapCount());
        assertEquals("x", c.extra().get("someFutureKey"));
        assertEquals(ZooCfg.ALL_WORDS, parse("dataDir=" + dir, "clientPort=1", "4lw.commands.whitelist=*").fourLetterWhitelist());
    }

    @Test
    void malformedLinesGetOneClearLine() throws Exception {
        String f = dir.resolve("zoo.cfg").toString();
        assertEquals(f + " line 2: expected key=value, got 'garbage here'", error("dataDir=/x", "garbage here"));
        assertEquals(f + " line 1: tickTime must be a number, got 'fast'", error("tickTime=fast", "dataDir=/x", "clientPort=1"));
        assertEquals(f + ": dataDir is not set", error("clientPort=2181"));
        assertEquals(f + ": clientPort is not set", error("dataDir=/x"));
        assertEquals(f + " line 3: clientPort is set twice (first on line 2)", error("dataDir=/x", "clientPort=1", "clientPort=2"));
        assertTrue(error("dataDir=/x", "clientPort=1", "initLimit=5", "syncLimit=2", "server.1=host:2888")
                .endsWith("line 5: server.1=host:2888 is not host:quorumPort:electionPort[:participant|observer]"));
        assertTrue(error("dataDir=/x", "clientPort=1", "server.1=h:2888:2888").contains("quorum and election port must differ"));
        assertTrue(error("dataDir=/x", "clientPort=1", "server.1=h:2888:3888:leader").contains("role must be participant or observer"));
        assertTrue(error("dataDir=/x", "clientPort=1", "server.x=h:2888:3888").contains("'server.x' must be server.<number>"));
        assertTrue(error("dataDir=/x", "clientPort=1", "server.1=h:99999:3888").contains("'99999' is not a port number"));
        // as ZooKeeper: an unknown word in the whitelist is accepted and never matches a command
        assertEquals(java.util.Set.of("ruok", "nope", "srvr"),
                parse("dataDir=" + dir, "clientPort=1", "4lw.commands.whitelist=ruok,nope").fourLetterWhitelist());
        assertTrue(error("dataDir=/x", "clientPort=1", "minSessionTimeout=5000", "maxSessionTimeout=100")
                .contains("minSessionTimeout 5000 must not be larger than maxSessionTimeout 100"));
    }

    @Test
    void myidMissingOrWrong() throws Exception {
        String[] cfg = {"dataDir=" + dir, "clientPort=1", "initLimit=5", "syncLimit=2", "server.1=h:2888:3888", "server.2=h:2889:3889"};
        assertEquals(dir.resolve("myid") + " file is missing", error(cfg));
        Files.writeString(dir.resolve("myid"), "one\n");
        assertEquals(dir.resolve("myid") + ": serverid one is not a number", error(cfg));
        Files.writeString(dir.resolve("myid"), "7\n");
        assertTrue(error(cfg).contains("myid 7 has no server.7 line"));
        Files.writeString(dir.resolve("myid"), "1\n");
        assertEquals(1, parse(cfg).myid());
        assertTrue(error("dataDir=" + dir, "clientPort=1", "server.1=h:2888:3888").contains("initLimit is not set"));
    }

    @Test
    void serverMainPrintsOneLineAndExitsNonZero() throws Exception {
        Path cfg = dir.resolve("bad.cfg");
        Files.writeString(cfg, "tickTime=2000\nthis is not a setting\n");
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        int code = ZabServerMain.run(new String[] {cfg.toString()}, new java.io.PrintStream(buf, true, "UTF-8"));
        assertEquals(2, code);
        assertEquals("zab-server: " + cfg + " line 2: expected key=value, got 'this is not a setting'\n", buf.toString("UTF-8"));

        Path ens = dir.resolve("ens.cfg");
        Files.writeString(ens, "dataDir=" + dir.resolve("d") + "\nclientPort=1\ninitLimit=5\nsyncLimit=2\nserver.1=h:2888:3888\n");
        buf.reset();
        assertEquals(2, ZabServerMain.run(new String[] {ens.toString()}, new java.io.PrintStream(buf, true, "UTF-8")));
        assertEquals("zab-server: " + dir.resolve("d").resolve("myid") + " file is missing\n", buf.toString("UTF-8"));
    }
}
