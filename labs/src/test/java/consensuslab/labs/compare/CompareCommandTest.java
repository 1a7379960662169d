package consensuslab.labs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.labs.Lab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompareCommandTest {

    record Outcome(int code, String out, String err) {
    }

    static Outcome lab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Lab.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "--protocols 2pc,raft                 # lab: unknown protocol 'raft' (compare knows: 2pc, 3pc, paxos, multipaxos, zab)",
        "--scenario meteor                    # lab: unknown scenario 'meteor' (known: none, leader-crash, participant-crash, crash-restart-loop, minority-partition, majority-partition, precommit-split, flaky)",
        "--seeds 1-100                        # lab: malformed seed range '1-100' (use FIRST..LAST, e.g. 1..100, or one seed)",
        "--seeds 9..3                         # lab: malformed seed range '9..3': 3 comes before 9",
        "--faults \"crash boss@2s\"             # lab: bad fault 'crash boss@2s': 'boss' is not a node name (n1..nN, c1..cM) or a role (leader, coordinator, follower, participant)",
        "--faults \"crash follower9@2s\"        # lab: bad fault 'crash follower9@2s': rank 9 but a run with 5 servers",
    })
    void badInputGetsOneLineNamingIt(String args, String message) {
        List<String> argv = new java.util.ArrayList<>(List.of("compare"));
        argv.addAll(consensuslab.labs.cli.Args.shellWords(args));
        Outcome o = lab(argv.toArray(String[]::new));
        assertEquals(2, o.code());
        assertEquals(message + "\n", o.err());
        assertEquals("", o.out());
    }

    @Test
    void listNamesEveryPreset() {
        Outcome o = lab("compare", "--list");
        assertEquals(0, o.code());
        for (Scenario s : Scenario.PRESETS) {
            assertTrue(o.out().contains(s.name()), s.name());
        }
    }

    @Test
    void writesJsonCsvAndPlotsAndATable(@TempDir Path dir) throws Exception {
        Outcome o = lab("compare", "--protocols", "2pc,multipaxos", "--scenario", "participant-crash", "--seeds", "1..2", "--until", "4s",
                "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("multipaxos"), o.out());
        assertTrue(o.err().contains("2/4 runs") || o.err().contains("4/4 runs"), "a progress bar: " + o.err());
        JsonNode j = Json.MAPPER.readTree(dir.resolve("results.json").toFile());
        assertEquals(2, j.get("protocols").size());
        for (String f : List.of("protocol", "committed", "aborted", "msgsPerOp", "bytesPerOp", "delaysPerOp", "forcedWritesPerOp",
                "latencyP50Ms", "latencyP99Ms", "unavailableMs", "blockedMs", "violations")) {
            assertTrue(j.get("protocols").get(0).has(f), f);
        }
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(3, csv.size());
        assertTrue(csv.get(0).startsWith("protocol,runs,committed,"));
        for (String png : Plots.FILES) {
            byte[] b = Files.readAllBytes(dir.resolve(png));
            assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', png);
        }
    }
}
