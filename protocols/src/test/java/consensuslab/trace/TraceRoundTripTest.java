package consensuslab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Json;
import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.echo.EchoMessage;
import consensuslab.echo.ServedNeverDecreases;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceRoundTripTest {

    private static final String FAULTS = "drop=0.1; dup=0.1; crash n2@100ms; restart n2@300ms; partition@50ms n1|n2,n3; heal@400ms";

    @Test
    void aWrittenTraceReadsBackToTheSameEventsAndCheckersAgree() {
        List<TraceEvent> live = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceWriter w = new TraceWriter(out);
        SimRun.Options o = SimRun.Options.defaults(new Echo(), 9).withFaults(FaultSchedule.parse(FAULTS))
                .withParams(Params.parse("ops=10,retry=20,bug=nosync")).withUntil(2_000);
        SimRun.Result r = SimRun.run(new Echo(), o, List.of(live::add, w));
        w.close();
        String text = out.toString(StandardCharsets.UTF_8);
        List<TraceEvent> back = TraceReader.read(text, "run.jsonl");
        assertEquals(live.size(), back.size());
        for (int i = 0; i < live.size(); i++) {
            TraceEvent a = live.get(i);
            TraceEvent b = back.get(i);
            assertEquals(a.seq(), b.seq());
            assertEquals(a.type(), b.type());
            assertEquals(a.msgType(), b.msgType());
            assertEquals(Json.string(a.msg() == null ? "" : a.msg()), Json.string(b.msg() == null ? "" : b.msg()));
            assertEquals(Json.string(a.state() == null ? "" : a.state()), Json.string(b.state() == null ? "" : b.state()));
        }
        // Every event type the issue names occurs in this run.
        for (EventType t : List.of(EventType.SEND, EventType.DELIVER, EventType.DROP, EventType.DUPLICATE, EventType.TIMER_SET,
                EventType.TIMER_FIRE, EventType.CRASH, EventType.RESTART, EventType.PARTITION, EventType.HEAL, EventType.STATE,
                EventType.INVOKE, EventType.RETURN)) {
            assertTrue(back.stream().anyMatch(e -> e.type() == t), "trace has " + t);
        }
        // The same checker over the file finds what it found live (the planted bug shows here).
        ServedNeverDecreases fromFile = new ServedNeverDecreases();
        back.forEach(fromFile::onEvent);
        assertEquals(r.violations(), fromFile.violations());
        assertTrue(!r.violations().isEmpty(), "bug=nosync with a crash loses a count");
    }

    @Test
    void messagesReadBackAsTheirRecords() throws Exception {
        Json.registerSealed(EchoMessage.class);
        String json = Json.string(new EchoMessage.Pong(3, 9));
        assertEquals("{\"type\":\"Pong\",\"seq\":3,\"served\":9}", json);
        assertEquals(new EchoMessage.Pong(3, 9), Json.MAPPER.readValue(json, consensuslab.core.Message.class));
    }

    @Test
    void badLinesAreNamed() {
        String good = "{\"seq\":0,\"time\":0,\"type\":\"start\",\"node\":\"n1\"}\n";
        TraceFormatException e1 = assertThrows(TraceFormatException.class,
                () -> TraceReader.read(good + "{\"seq\":1,\"time\":0,\"type\":\"sta", "t.jsonl"));
        assertTrue(e1.getMessage().startsWith("t.jsonl line 2: not a trace event"), e1.getMessage());
        TraceFormatException e2 = assertThrows(TraceFormatException.class,
                () -> TraceReader.read(good + good + "{\"seq\":2,\"time\":0,\"type\":\"explode\"}", "t.jsonl"));
        assertTrue(e2.getMessage().startsWith("t.jsonl line 3:"), e2.getMessage());
        TraceFormatException e3 = assertThrows(TraceFormatException.class, () -> TraceReader.read("{\"seq\":1}", "t.jsonl"));
        assertEquals("t.jsonl line 1: missing \"type\"", e3.getMessage());
        assertTrue(!e1.getMessage().contains("\n"));
    }
}
