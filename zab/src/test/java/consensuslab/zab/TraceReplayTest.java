package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceReader;
import consensuslab.trace.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkers judge a trace read back from a file exactly as they judged it live (the docs' commands run in labs' ZabDocCommandsTest). */
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
}
