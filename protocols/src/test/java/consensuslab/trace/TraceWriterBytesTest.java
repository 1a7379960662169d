package consensuslab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import consensuslab.core.Json;
import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.echo.EchoClient;
import consensuslab.echo.EchoMessage;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceReader;
import consensuslab.trace.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TraceWriter writes the event's fields by hand for speed: its bytes must stay exactly what
 * Jackson writes for the {@link TraceEvent} record, for live payloads and for payloads read back.
 */
class TraceWriterBytesTest {

    static String written(List<TraceEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TraceWriter w = new TraceWriter(out)) {
            events.forEach(w::onEvent);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String jackson(List<TraceEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (TraceEvent e : events) {
            sb.append(Json.string(e)).append('\n');
        }
        return sb.toString();
    }

    record Inspector(String role, String label, List<EchoMessage> inbox, Map<String, Long> counts, String note) {
    }

    @Test
    void aFaultySimulatedRunIsWrittenExactlyAsJacksonWritesIt() {
        List<TraceEvent> events = new ArrayList<>();
        Echo echo = new Echo();
        SimRun.Options o = SimRun.Options.defaults(echo, 11).withParams(Params.parse("ops=30,tokens=2"))
                .withFaults(FaultSchedule.parse("drop=0.1; dup=0.1; reorder=0.2; partition@1s n1|n2,n3; heal@2s; crash n2@3s; "
                        + "restart n2@4s; pause n3@1s; resume n3@2s"));
        SimRun.run(echo, o, List.of(events::add));
        String live = written(events);
        assertEquals(jackson(events), live);
        // and read back (payloads as JSON trees), written again: the same bytes
        List<TraceEvent> back = TraceReader.read(live, "live");
        assertEquals(live, written(back));
        assertEquals(jackson(back), written(back));
    }

    @Test
    void oddPayloadsAndTextAreWrittenExactlyAsJacksonWritesThem() {
        List<TraceEvent> events = List.of(
                new TraceEvent(0, 1, EventType.STATE, "n1", null, null, null, null, null, null,
                        new Inspector("leader", "epoch 1 · \"zxid\" 0x1\n", List.of(new EchoMessage.Ping(1), new EchoMessage.Token(2)),
                                Map.of("a", 1L), null), null, null, null, null),
                new TraceEvent(1, 2, EventType.STATE, "n2", null, null, null, null, null, null, "plain string", null, null, null, null),
                new TraceEvent(2, 3, EventType.INVOKE, "c1", null, null, 7L, null, null, null, null, new EchoClient.EchoOp("ping", 7),
                        null, null, null),
                new TraceEvent(3, 4, EventType.RETURN, "c1", null, null, 7L, null, null, null, null, null, 12L, null, null),
                new TraceEvent(4, 5, EventType.TIMER_SET, "c1", null, null, 3L, null, new EchoClient.Retry(1), 55L, null, null, null,
                        null, null),
                new TraceEvent(5, 6, EventType.PARTITION, null, null, null, null, null, null, null, null, null, null,
                        List.of(List.of("n1"), List.of("n2", "n3")), null),
                new TraceEvent(6, 7, EventType.NOTE, null, null, null, null, null, null, null, null, null, null, null,
                        "tab\t, quote \", backslash \\, unicode é ✓, control \u0001"),
                new TraceEvent(7, -8, EventType.DROP, null, "n1", "n2", Long.MAX_VALUE, new EchoMessage.Pong(1, 2), null, null, null,
                        null, null, null, "loss"),
                new TraceEvent(8, 9, EventType.RETURN, "c2", null, null, 1L, null, null, null, null, null, List.of(1, "two", true), null,
                        null));
        assertEquals(jackson(events), written(events));
    }
}
