package consensuslab.labs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/lab search}: exit codes, the printed story, the trace file, one-line errors. */
class SearchCommandTest {

    @TempDir
    Path dir;

    private record Out(int code, String out, String err) {
    }

    private static Out lab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Lab.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aViolationExitsOneWithTheStoryAndATrace() {
        Path trace = dir.resolve("cex.jsonl");
        Out o = lab("search", "--protocol", "echo", "--nodes", "1", "--clients", "1", "--param", "ops=2,bug=nosync", "--crashes",
                "1", "--depth", "6", "--quiet", "--trace", trace.toString());
        assertEquals(1, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("VIOLATION: served-never-decreases"), o.out());
        assertTrue(o.out().contains("  2  crash n1"), o.out());
        assertTrue(o.out().contains("which saw: served-never-decreases"), o.out());
        List<TraceEvent> events = TraceReader.read(trace);
        assertTrue(events.get(0).text().startsWith("run protocol=echo nodes=1 clients=1"), events.get(0).text());
        assertEquals(1, events.stream().filter(e -> e.type() == EventType.CRASH).count());
    }

    @Test
    void fromSimStartsWhereTheSimulatorGotToAndSaysSo() {
        Path trace = dir.resolve("from-sim.jsonl");
        Out o = lab("search", "--protocol", "echo", "--nodes", "1", "--clients", "1", "--param", "ops=2,bug=nosync", "--crashes",
                "1", "--depth", "6", "--from-sim", "3ms", "--quiet", "--trace", trace.toString());
        assertEquals(1, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("searched from the state the simulator reaches at 3ms (seed 1, "), o.out());
        assertTrue(o.out().contains("which saw: served-never-decreases"), o.out());
        List<TraceEvent> events = TraceReader.read(trace);
        assertTrue(events.get(0).text().contains("source=search from-sim=3ms"), events.get(0).text());
        assertTrue(events.stream().anyMatch(e -> e.type() == EventType.NOTE && e.text().startsWith("search steps=")));
    }

    @Test
    void viaRunsStagesAndSaysWhatIsClaimed() {
        Path trace = dir.resolve("staged.jsonl");
        Out o = lab("search", "--protocol", "echo", "--nodes", "1", "--clients", "1", "--param", "ops=2,bug=nosync", "--crashes",
                "1", "--depth", "6", "--via", "c1:count=1", "--faults-from-stage", "2", "--quiet", "--trace", trace.toString());
        assertEquals(1, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("stage 1: c1:count=1 after "), o.out());
        assertTrue(o.out().contains("a shortest way from the initial state"), o.out());
        assertTrue(o.out().contains("stage 2: violation after "), o.out());
        assertTrue(o.out().contains("the whole is not necessarily a shortest counterexample"), o.out());
        assertTrue(o.out().contains("which saw: served-never-decreases"), o.out());
        List<TraceEvent> events = TraceReader.read(trace);
        assertTrue(events.get(0).text().startsWith("run protocol=echo nodes=1 clients=1"), events.get(0).text());
    }

    @Test
    void nothingFoundExitsZero() {
        Out o = lab("search", "--protocol", "echo", "--nodes", "1", "--clients", "1", "--param", "ops=2,bug=nosync", "--depth", "6",
                "--quiet");
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("nothing found"), o.out());
    }

    private static long uniqueStates(Out o) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9,]+) unique states").matcher(o.out());
        assertTrue(m.find(), o.out());
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    /** 2PC's nodes offer state keys; {@code --no-state-keys} identifies node states by history only, so more states remain. */
    @Test
    void noStateKeysCountsNodeStatesByHistory() {
        String[] args = {"search", "--protocol", "2pc", "--nodes", "3", "--clients", "1", "--param", "txns=1,retry=1000", "--depth", "6",
                "--quiet"};
        Out keyed = lab(args);
        String[] plain = java.util.Arrays.copyOf(args, args.length + 1);
        plain[args.length] = "--no-state-keys";
        Out byHistory = lab(plain);
        assertEquals(0, keyed.code(), keyed.out() + keyed.err());
        assertEquals(0, byHistory.code(), byHistory.out() + byHistory.err());
        assertTrue(uniqueStates(keyed) < uniqueStates(byHistory), keyed.out() + byHistory.out());
    }

    @Test
    void badInputIsOneLine() {
        for (String[] args : List.of(new String[] {"search", "--protocol", "echo", "--timers", "sometimes"},
                new String[] {"search", "--protocol", "echo", "--goal", "role"},
                new String[] {"search", "--protocol", "echo", "--blocking"},
                new String[] {"search", "--protocol", "echo", "--nodes", "12"},
                new String[] {"search", "--protocol", "echo", "--time", "soon"},
                new String[] {"search", "--protocol", "echo", "--from-sim-faults", "crash n1@1ms"},
                new String[] {"search", "--protocol", "echo", "--from-sim", "soon"},
                new String[] {"search", "--protocol", "echo", "--from-sim", "50ms", "--from-sim-faults", "partition@10ms n1|n2,n3"},
                new String[] {"search", "--protocol", "echo", "--via", "role"},
                new String[] {"search", "--protocol", "echo", "--via", "c1:count=1 & role"},
                new String[] {"search", "--protocol", "echo", "--via", "n9:count=1"},
                new String[] {"search", "--protocol", "echo", "--via", "c1:count=1", "--faults-from-stage", "3"},
                new String[] {"search", "--protocol", "echo", "--faults-from-stage", "2"},
                new String[] {"search"})) {
            Out o = lab(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.out() + o.err());
            assertTrue(o.err().startsWith("lab: "), o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertFalse(o.err().contains("Exception"), o.err());
        }
    }
}
