package consensuslab.labs.cli;

import consensuslab.core.Registry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.echo.Echo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome lab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new Registry().add(new Echo()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void simPrintsOneSummaryLineAndWritesIdenticalTracesForTheSameSeed(@TempDir Path dir) throws Exception {
        String faults = "drop=0.1; partition@2s n1|n2,n3; heal@5s; crash n2@3s; restart n2@4s";
        Outcome a = lab("sim", "--protocol", "echo", "--nodes", "3", "--seed", "7", "--until", "10s", "--param", "ops=400,retry=20",
                "--faults", faults, "--trace", dir.resolve("a.jsonl").toString());
        Outcome b = lab("sim", "--protocol", "echo", "--nodes", "3", "--seed", "7", "--until", "10s", "--param", "ops=400,retry=20",
                "--faults", faults, "--trace", dir.resolve("b.jsonl").toString());
        Outcome c = lab("sim", "--protocol", "echo", "--nodes", "3", "--seed", "8", "--until", "10s", "--param", "ops=400,retry=20",
                "--faults", faults, "--trace", dir.resolve("c.jsonl").toString());
        assertEquals(0, a.code(), a.out() + a.err());
        assertTrue(a.out().matches("echo: \\d+ events, \\d+ sent, \\d+ delivered, \\d+ dropped, 0 duplicated, virtual 10\\.000s, wall \\d+ms, checks ok\\R"),
                a.out());
        byte[] ta = Files.readAllBytes(dir.resolve("a.jsonl"));
        assertTrue(ta.length > 100_000);
        assertEquals(-1, Files.mismatch(dir.resolve("a.jsonl"), dir.resolve("b.jsonl")), "same seed, same bytes");
        assertTrue(Files.mismatch(dir.resolve("a.jsonl"), dir.resolve("c.jsonl")) >= 0, "another seed, another trace");
        assertEquals(c.code(), 0);
    }

    @Test
    void aTraceFileThatCannotBeWrittenIsOneLineNamingItAndExitTwo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        for (Path bad : new Path[] {dir.resolve("missing-dir").resolve("t.jsonl"), file.resolve("t.jsonl"), dir}) {
            for (String cmd : new String[] {"sim", "run"}) {
                Outcome o;
                if (cmd.equals("sim")) {
                    o = lab(cmd, "--protocol", "echo", "--nodes", "1", "--until", "1s", "--trace", bad.toString());
                } else {
                    o = lab(cmd, "--protocol", "echo", "--nodes", "1", "--seconds", "1", "--trace", bad.toString());
                }
                assertEquals(2, o.code(), cmd + " " + bad + ": " + o.out() + o.err());
                assertTrue(o.err().startsWith("lab: cannot write --trace " + bad + ": "), o.err());
                assertEquals(1, o.err().lines().count(), "one line, no stack trace: " + o.err());
                assertTrue(!o.err().contains("Exception") && !o.err().contains("\tat "), o.err());
            }
        }
    }

    @Test
    void aViolationExitsOneAndNamesIt() {
        Outcome o = lab("sim", "--protocol", "echo", "--seed", "1", "--until", "2s", "--param", "bug=nosync,ops=30",
                "--faults", "crash n1@100ms; restart n1@200ms; crash n2@100ms; restart n2@200ms; crash n3@100ms; restart n3@200ms");
        assertEquals(1, o.code(), o.out());
        assertTrue(o.out().contains("\nVIOLATION served-never-decreases: "), o.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "sim --protocol nope                      # lab: unknown protocol 'nope' (known: echo)",
        "sim --nodes 3                            # lab: missing --protocol (one of: echo)",
        "sim --protocol echo --nodes x            # lab: --nodes 'x' is not a whole number",
        "sim --protocol echo --nodes 0            # lab: --nodes 0 is outside 1..99",
        "sim --protocol echo --until later        # lab: --until 'later' is not a time (use 250ms, 10s or 1.5s)",
        "sim --protocol echo --faults crash@n2    # lab: bad fault 'crash@n2': unknown fault (expected drop, dup, reorder, latency, partition, heal, crash, restart, pause, resume, start)",
        "sim --protocol echo --faults 'crash n7@1s' # lab: bad fault 'crash n7@1s': no node n7 in a run with 3 servers and 2 clients",
        "sim --protocol echo --bogus              # lab: unknown option '--bogus'",
        "sim --protocol echo --param ops          # lab: bad parameter 'ops': expected key=value",
        "frobnicate                               # lab: unknown command 'frobnicate'; " + Main.USAGE,
    })
    void badInputGetsOneLineAndExitTwo(String argLine, String expected) {
        java.util.List<String> args = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(argLine);
        while (m.find()) {
            args.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        Outcome o = lab(args.toArray(String[]::new));
        assertEquals(2, o.code());
        assertEquals(expected + System.lineSeparator(), o.err());
        assertEquals("", o.out());
    }
}
