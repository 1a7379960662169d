package consensuslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Registry;
import consensuslab.labs.cli.SimCommand;
import consensuslab.zab.Zab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code bin/lab sim} commands of docs/zab.md run and show what the page says they show. */
class ZabDocCommandsTest {

    @Test
    void docCommandsRun(@TempDir Path dir) throws Exception {
        Registry reg = new Registry().add(new Zab());
        String[][] commands = {
            {"--protocol", "zab", "--nodes", "3", "--seed", "1", "--until", "2s"},
            {"--protocol", "zab", "--nodes", "5", "--seed", "2", "--until", "3s", "--faults", "crash n5@1s; restart n5@2s"},
            {"--protocol", "zab", "--nodes", "5", "--clients", "2", "--seed", "3", "--until", "3s", "--param", "observers=2,ops=10"},
            {"--protocol", "zab", "--seed", "4", "--until", "4s", "--param", "ops=30,snapCount=5,commitLogCount=4",
                "--faults", "crash n1@200ms; restart n1@2500ms", "--trace", dir.resolve("t.jsonl").toString()},
            {"--protocol", "zab", "--seed", "9", "--until", "4s", "--torn", "--param", "ops=10,outstanding=3",
                "--faults", "crash n2@before-sync6; restart n2@1500ms"},
        };
        for (String[] c : commands) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int code = SimCommand.run(List.of(c), reg, new PrintStream(buf, true, StandardCharsets.UTF_8));
            String out = buf.toString(StandardCharsets.UTF_8);
            System.out.print("bin/lab sim " + String.join(" ", c) + "\n  " + out);
            assertEquals(0, code, out);
            assertTrue(out.contains("checks ok"), out);
        }
        String trace = Files.readString(dir.resolve("t.jsonl"));
        assertTrue(trace.contains("\"text\":\"sync n1: SNAP"), "the SNAP choice is in the trace");
        // docs/zab.md's TRUNC example
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Path t2 = dir.resolve("trunc.jsonl");
        assertEquals(0, SimCommand.run(List.of("--protocol", "zab", "--seed", "4", "--until", "3s", "--param", "ops=3", "--faults",
                "partition@200ms n3|n1,n2; heal@1500ms", "--trace", t2.toString()), reg, new PrintStream(buf, true, StandardCharsets.UTF_8)));
        assertTrue(Files.readString(t2).contains("\"text\":\"sync n3: TRUNC (peer zxid 0x100000006 > maxCommittedLog 0x100000005: truncate to 0x100000005; "
                + "peerLastZxid=0x100000006 minCommittedLog=0x100000001 maxCommittedLog=0x100000005)\""));
        // docs/zab.md's planted bug example
        buf = new ByteArrayOutputStream();
        int code = SimCommand.run(List.of("--protocol", "zab", "--seed", "6", "--until", "5s", "--param", "ops=8,bug=lowzxid", "--faults",
                "crash n3@843ms; restart n3@1785ms; partition@280ms n1,n3|n2; heal@1571ms; latency=1-20ms"), reg,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("VIOLATION total-order: n1 delivered ⟨c1:4, 0x200000001⟩"), buf.toString(StandardCharsets.UTF_8));
    }
}
