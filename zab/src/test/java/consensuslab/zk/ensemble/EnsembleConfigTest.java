package consensuslab.zk.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zk.server.ConfigException;
import consensuslab.zk.server.ZooCfg;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ensemble part of zoo.cfg: what the engine cannot run is refused with one line. */
class EnsembleConfigTest {
    @TempDir
    Path dir;

    private ZooCfg cfg(int myid, String... lines) throws Exception {
        Files.writeString(dir.resolve("myid"), myid + "\n");
        List<String> all = new ArrayList<>(List.of("tickTime=100", "initLimit=5", "syncLimit=2", "dataDir=" + dir, "clientPort=1"));
        all.addAll(List.of(lines));
        return ZooCfg.parse(dir.resolve("zoo.cfg"), all);
    }

    private String refused(ZooCfg c) {
        return assertThrows(ConfigException.class, () -> new EnsembleServer(c)).getMessage();
    }

    @Test
    void serverIdsMustBeOneToN() throws Exception {
        String m = refused(cfg(1, "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:2889:3889", "server.5=127.0.0.1:2890:3890"));
        assertTrue(m.endsWith("server ids must be 1..3 (this build numbers its peers n1..nN), got [1, 2, 5]"), m);
        m = refused(cfg(0, "server.0=127.0.0.1:2888:3888", "server.1=127.0.0.1:2889:3889"));
        assertTrue(m.contains("server ids must be 1..2"), m);
    }

    @Test
    void observersMustHaveTheHighestIds() throws Exception {
        String m = refused(cfg(1, "server.1=127.0.0.1:2888:3888:observer", "server.2=127.0.0.1:2889:3889",
                "server.3=127.0.0.1:2890:3890"));
        assertTrue(m.endsWith("server.2 is a participant after an observer; observers must have the highest ids"), m);
        m = refused(cfg(1, "server.1=127.0.0.1:2888:3888:observer"));
        assertTrue(m.endsWith("an ensemble needs at least one participant"), m);
        // an observer with the highest id is fine
        new EnsembleServer(cfg(1, "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:2889:3889",
                "server.3=127.0.0.1:2890:3890:observer"));
    }

    @Test
    void portsMustNotCollideAndTracePortMustBeAPort() throws Exception {
        String m = refused(cfg(1, "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.1:3888:2889"));
        assertTrue(m.startsWith(dir.resolve("zoo.cfg") + ": "), m);
        m = refused(cfg(1, "traceClientPort=seventy", "server.1=127.0.0.1:2888:3888"));
        assertTrue(m.endsWith("traceClientPort must be a port number, got 'seventy'"), m);
    }

    @Test
    void zabServerMainPrintsOneLineAndExitsWith2() throws Exception {
        cfg(1);
        Files.writeString(dir.resolve("zoo.cfg"), "tickTime=100\ninitLimit=5\nsyncLimit=2\ndataDir=" + dir
                + "\nclientPort=1\nserver.1=127.0.0.1:2888:3888\nserver.3=127.0.0.1:2889:3889\n");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int code = EnsembleServer.run(ZooCfg.load(dir.resolve("zoo.cfg")), new PrintStream(b, true, StandardCharsets.UTF_8));
        String out = b.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("zab-server: ") && out.contains("server ids must be 1..2"), out);
    }
}
