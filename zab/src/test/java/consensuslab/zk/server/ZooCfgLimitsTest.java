package consensuslab.zk.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zoo.cfg values out of range get one clear line instead of a stack trace, a wrong message or a silent mix-up. */
class ZooCfgLimitsTest {
    @TempDir
    Path dir;

    String error(String... lines) {
        return assertThrows(ConfigException.class, () -> ZooCfg.parse(dir.resolve("zoo.cfg"), List.of(lines))).getMessage();
    }

    @Test
    void portTickMyidAndDuplicateServers() throws Exception {
        String f = dir.resolve("zoo.cfg").toString();
        assertEquals(f + " line 2: clientPort must be a port number (0..65535), got 99999", error("dataDir=" + dir, "clientPort=99999"));
        assertEquals(f + " line 3: tickTime 2147483647 is too large (at most 107374182 ms)",
                error("dataDir=" + dir, "clientPort=2181", "tickTime=2147483647"));
        assertEquals(f + " line 6: server.01 names server 1 again (it already has a line)", error("dataDir=" + dir, "clientPort=2181",
                "initLimit=5", "syncLimit=2", "server.1=h:2888:3888", "server.01=h:2889:3889"));
        Files.writeString(dir.resolve("myid"), "4294967297\n");
        assertEquals(dir.resolve("myid") + ": myid 4294967297 is out of range (0..2147483647)", error("dataDir=" + dir, "clientPort=2181",
                "initLimit=5", "syncLimit=2", "server.1=h:2888:3888", "server.2=h:2889:3889"));
    }
}
