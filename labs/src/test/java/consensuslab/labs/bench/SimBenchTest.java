package consensuslab.labs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark measures what it says: exactly the target number of deliveries, traced or not. */
class SimBenchTest {

    @TempDir
    Path dir;

    @Test
    void untracedRunsDeliverExactlyTheTarget() {
        SimBench b = new SimBench(4, 8, 20_000);
        SimBench.Measurement m = b.untraced(1);
        assertEquals(20_000, m.delivered());
        assertTrue(m.nanos() > 0 && m.perSecond() > 0);
        assertEquals(0, m.traceBytes());
    }

    @Test
    void tracedRunsWriteEverySendAndDelivery() {
        SimBench b = new SimBench(3, 4, 5_000);
        Path f = dir.resolve("bench.jsonl");
        SimBench.Measurement m = b.traced(2, f);
        assertEquals(5_000, m.delivered());
        List<TraceEvent> events = TraceReader.read(f);
        Map<EventType, Long> count = new TreeMap<>();
        for (TraceEvent e : events) {
            count.merge(e.type(), 1L, Long::sum);
        }
        assertEquals(5_000L, count.get(EventType.DELIVER));
        // every delivery's handler passed its token on: one send per delivery plus the initial 3 x 4 tokens
        assertEquals(5_000L + 12, count.get(EventType.SEND));
        assertTrue(events.stream().filter(e -> e.type() == EventType.DELIVER).allMatch(e -> "Token".equals(e.msgType())));
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SimBench(1, 8, 10));
        assertThrows(IllegalArgumentException.class, () -> new SimBench(3, 0, 10));
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void theCommandsPrintEveryRunAndTheMedians() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, BenchCommand.run(List.of("sim", "--nodes", "3", "--tokens", "4", "--messages", "20000", "--traced-messages",
                "5000", "--runs", "3", "--trace", dir.resolve("b.jsonl").toString()), out));
        String sim = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(3, sim.lines().filter(l -> l.startsWith("  tracing off  run ")).count(), sim);
        assertEquals(3, sim.lines().filter(l -> l.startsWith("  trace file   run ")).count(), sim);
        assertTrue(sim.lines().anyMatch(l -> l.matches("bench sim: medians: tracing off [0-9,]+ msg/s .*writing the JSON-lines trace [0-9,]+ msg/s .*")),
                sim);
        buf.reset();
        assertEquals(0, BenchCommand.run(List.of("tcp", "--nodes", "2", "--tokens", "4", "--seconds", "1", "--runs", "1"), out));
        String tcp = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(tcp.lines().anyMatch(l -> l.matches("  run 1: [0-9,]+ delivered in [0-9.]+s = [0-9,]+ msg/s")), tcp);
        assertTrue(tcp.lines().anyMatch(l -> l.matches("bench tcp: median [0-9,]+ msg/s")), tcp);
    }

    @Test
    void theMedianIsTheMiddle() {
        assertEquals(3.0, BenchCommand.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, BenchCommand.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }
}
