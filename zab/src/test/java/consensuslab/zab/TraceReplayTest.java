package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.cli.Registry;
import consensuslab.cli.SimCommand;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceReader;
import consensuslab.trace.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkers judge a trace read back from a file exactly as they judged it live; the docs' commands run. */
class TraceReplayTest {

    private static List<String> judge(List<TraceEvent> events, Params p, int servers) {
        List<Checker> cs = new Zab().checkers(p, servers, 2);
        for (TraceEvent e : events) {
            for (Checker c : cs) {
                c.onEvent(e);
            }
        }
        List<String> out = new ArrayList<>();
        for (Checker c : cs) {
            c.finish(events.get(events.size() - 1).time());
            c.violations().forEach(v -> out.add(v.toString()));
        }
        return out;
    }

    private static List<String> liveAndReplayed(Path dir, String params, String faults, long seed) throws Exception {
        Params p = Params.parse(params);
        Path file = dir.resolve("run-" + seed + ".jsonl");
        TraceWriter w = TraceWriter.toFile(file);
        SimRun.Result r = SimRun.run(new Zab(), new SimRun.Options(3, 2, seed, 4000, FaultSchedule.parse(faults), p, false, true), List.of(w));
        w.close();
        List<String> live = new ArrayList<>();
        for (Violation v : r.violations()) {
            live.add(v.toString());
        }
        List<String> replayed = judge(TraceReader.read(file), p, 3);
        assertEquals(live, replayed, "same verdicts live and from the file");
        return live;
    }

    @Test
    void checkersAgreeLiveAndFromAFile(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), liveAndReplayed(dir, "ops=8,snapCount=3", "crash n3@300ms; restart n3@900ms; partition@1200ms n1|n2,n3; heal@1800ms", 3));
        // a planted bug (seed 6 of the fuzz schedules, found by PlantedBugsScenario) is reported from the file too
        List<String> bad = liveAndReplayed(dir, "ops=8,bug=lowzxid", PlantedBugsScenario.schedule(6, 3, 2000), 6);
        assertFalse(bad.isEmpty());
    }

    @Test
    void sameSeedSameTraceByteForByte() {
        String[] traces = new String[2];
        for (int i = 0; i < 2; i++) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            TraceWriter w = new TraceWriter(buf);
            SimRun.run(new Zab(), new SimRun.Options(5, 2, 42, 3000, FaultSchedule.parse("crash n5@500ms; restart n5@1500ms; partition@800ms n1,n2|n3,n4,n5; heal@1200ms"),
                    Params.parse("ops=10,observers=1,snapCount=4"), true, true), List.of(w));
            w.close();
            traces[i] = buf.toString(StandardCharsets.UTF_8);
        }
        assertTrue(traces[0].length() > 10_000);
        assertEquals(traces[0], traces[1]);
    }

    @Test
    void docCommandsRun(@TempDir Path dir) throws Exception {
        Registry reg = new Registry().add(new Zab());
        String[][] commands = {
            {"--protocol", "zab", "--nodes", "3", "--seed", "1", "--until", "2s"},
            {"--protocol", "zab", "--nodes", "5", "--seed", "2", "--until", "3s", "--faults", "crash n5@1s; restart n5@2s"},
            {"--protocol", "zab", "--nodes", "5", "--clients", "2", "--seed", "3", "--until", "3s", "--param", "observers=2,ops=10"},
            {"--protocol", "zab", "--seed", "4", "--until", "4s", "--param", "ops=30,snapCount=5,commitLogCount=4",
                "--faults", "crash n1@200ms; restart n1@2500ms", "--trace", dir.resolve("t.jsonl").toString()},
            {"--protocol", "zab", "--seed", "5", "--until", "4s", "--torn", "--param", "ops=10,outstanding=3",
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
        assertTrue(Files.readString(t2).contains("\"text\":\"sync n3: TRUNC (peer zxid 0x100000006 > maxCommittedLog 0x100000005)\""));
        // docs/zab.md's planted bug example
        buf = new ByteArrayOutputStream();
        int code = SimCommand.run(List.of("--protocol", "zab", "--seed", "6", "--until", "5s", "--param", "ops=8,bug=lowzxid", "--faults",
                "crash n3@843ms; restart n3@1785ms; partition@280ms n1,n3|n2; heal@1571ms; latency=1-20ms"), reg,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("VIOLATION total-order: n1 delivered ⟨c1:4, 0x200000001⟩"), buf.toString(StandardCharsets.UTF_8));
    }
}
