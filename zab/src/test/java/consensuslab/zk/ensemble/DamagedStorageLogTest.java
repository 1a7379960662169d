package consensuslab.zk.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.NodeId;
import consensuslab.net.LocalPorts;
import consensuslab.zk.server.ZooCfg;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that finds a corrupt snapshot and a torn log tail says so in server.log (a WARN naming
 * each file) and keeps the damaged snapshot aside as {@code snapshot.<zxid>.corrupt}, as ZooKeeper
 * operators expect; it still starts.
 */
class DamagedStorageLogTest {

    @Test
    void damagedFilesAreNamedInAWarnAndTheCorruptSnapshotIsKeptAside(@TempDir Path dir) throws Exception {
        int base = LocalPorts.freeBase(3);
        Files.writeString(dir.resolve("myid"), "1\n");
        ZooCfg cfg = ZooCfg.parse(dir.resolve("zoo.cfg"), List.of("tickTime=100", "initLimit=5", "syncLimit=2", "dataDir=" + dir,
                "clientPort=" + base, "admin.enableServer=false", "server.1=127.0.0.1:" + (base + 1) + ":" + (base + 2)));
        Path storage = dir.resolve(NodeId.server(1).name());
        Files.createDirectories(storage);
        Files.writeString(storage.resolve("snapshot.5"), "{\"zxid\":5,\"crc\":1,\"da"); // cut short: not a snapshot
        Files.writeString(storage.resolve("log.1"), "{\"crc\":"); // a torn first and only record

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8)); // slf4j-simple writes to System.err
        EnsembleServer s = new EnsembleServer(cfg);
        try {
            s.start();
            long deadline = System.currentTimeMillis() + 5000;
            while (!captured.toString(StandardCharsets.UTF_8).contains("log.1") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            // the JMX beans register off-thread by asking the running peer; closing before they are in makes
            // each of those questions wait out its timeout (about 40 s in all), so let them finish first
            javax.management.ObjectName last = new javax.management.ObjectName(
                    "org.apache.ZooKeeperService:name0=ReplicatedServer_id1,name1=QuorumRole");
            while (!java.lang.management.ManagementFactory.getPlatformMBeanServer().isRegistered(last)
                    && System.currentTimeMillis() < deadline + 5000) {
                Thread.sleep(20);
            }
        } finally {
            s.close();
            System.setErr(before);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        List<String> warns = log.lines().filter(l -> l.contains(" WARN ") && l.contains("recovery in " + storage)).toList();
        assertTrue(warns.stream().anyMatch(l -> l.contains("snapshot.5 is corrupt") && l.contains("kept aside as snapshot.5.corrupt")),
                "a WARN names the corrupt snapshot:\n" + log);
        assertTrue(warns.stream().anyMatch(l -> l.contains("log.1: torn final record")), "a WARN names the torn log:\n" + log);
        assertFalse(Files.exists(storage.resolve("snapshot.5")), "the damaged snapshot is no longer read");
        assertEquals("{\"zxid\":5,\"crc\":1,\"da", Files.readString(storage.resolve("snapshot.5.corrupt")), "kept, byte for byte");
    }
}
