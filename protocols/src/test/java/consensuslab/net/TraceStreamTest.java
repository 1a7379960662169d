package consensuslab.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streaming the trace over TCP: what the server sends, the client reads back as the same events. */
class TraceStreamTest {

    static boolean await(java.util.function.BooleanSupplier c, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Test
    @Timeout(60)
    void aSimulatedRunStreamsToAClientEventForEvent() throws Exception {
        List<TraceEvent> sent = new ArrayList<>();
        List<TraceEvent> got = Collections.synchronizedList(new ArrayList<>());
        try (TraceServer server = new TraceServer("127.0.0.1", 0, 0, 1_000_000);
             TraceClient client = TraceClient.connect("127.0.0.1", server.port(), got::add)) {
            assertTrue(await(() -> server.clientCount() == 1, 5000));
            Echo echo = new Echo();
            SimRun.Options o = SimRun.Options.defaults(echo, 3).withParams(Params.parse("ops=20"))
                    .withFaults(FaultSchedule.parse("drop=0.1; partition@1s n1|n2,n3; heal@2s; crash n2@3s; restart n2@4s"));
            SimRun.run(echo, o, List.of(server, sent::add));
            assertTrue(await(() -> got.size() == sent.size(), 10_000), "received " + got.size() + " of " + sent.size());
            for (int i = 0; i < sent.size(); i++) {
                // Same bytes once re-serialized: payloads came back as JSON trees with their type.
                assertArrayEquals(TraceServer.line(sent.get(i)), TraceServer.line(got.get(i)), "event " + i);
            }
            assertTrue(got.stream().anyMatch(e -> e.type() == EventType.PARTITION && e.groups().size() == 2));
            assertTrue(got.stream().anyMatch(e -> e.type() == EventType.DELIVER && "Ping".equals(e.msgType())));
            assertTrue(client.isOpen());
        }
    }

    @Test
    @Timeout(60)
    void aLateClientGetsRecentHistoryThenLiveEvents() throws Exception {
        List<TraceEvent> got = Collections.synchronizedList(new ArrayList<>());
        try (TraceServer server = new TraceServer("127.0.0.1", 0, 50, 1000)) {
            for (int i = 0; i < 100; i++) {
                server.onEvent(note(i));
            }
            try (TraceClient client = TraceClient.connect("127.0.0.1", server.port(), got::add)) {
                assertTrue(await(() -> got.size() == 50, 5000));
                assertTrue(await(() -> server.clientCount() == 1, 5000));
                server.onEvent(note(100));
                assertTrue(await(() -> got.size() == 51, 5000));
                assertEquals(51, client.received());
            }
            List<Long> seqs = got.stream().map(TraceEvent::seq).toList();
            List<Long> want = new ArrayList<>();
            for (long s = 50; s <= 100; s++) {
                want.add(s);
            }
            assertEquals(want, seqs);
        }
    }

    @Test
    @Timeout(60)
    void aClientThatDoesNotReadIsDroppedWithoutBlockingTheRun() throws Exception {
        try (TraceServer server = new TraceServer("127.0.0.1", 0, 0, 100);
             Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            assertTrue(await(() -> server.clientCount() == 1, 5000));
            String big = "x".repeat(2000);
            long t0 = System.nanoTime();
            for (int i = 0; i < 50_000; i++) { // ~100 MB: far more than any socket buffer holds
                server.onEvent(new TraceEvent(i, i, EventType.NOTE, "n1", null, null, null, null, null, null, null, null, null, null, big));
                if (server.droppedClients() > 0) {
                    break;
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1, server.droppedClients(), "the silent client was never dropped");
            assertTrue(await(() -> server.clientCount() == 0, 5000));
            assertTrue(ms < 20_000, "emitting took " + ms + " ms");
            // The dropped client's stream ends (a read timeout here would fail the test).
            silent.setSoTimeout(10_000);
            InputStream in = silent.getInputStream();
            byte[] buf = new byte[1 << 16];
            try {
                while (in.read(buf) >= 0) {
                    // drain what was sent before the drop
                }
            } catch (java.net.SocketException reset) {
                // a reset is an end too
            }
        }
    }

    static TraceEvent note(long seq) {
        return new TraceEvent(seq, 1000 + seq, EventType.NOTE, null, null, null, null, null, null, null, null, null, null, null, "e" + seq);
    }

    @Test
    void theFanoutForwardsToCurrentSubscribers() {
        TraceFanout f = new TraceFanout();
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        f.subscribe(e -> a.add(e.seq()));
        f.onEvent(note(0));
        f.subscribe(e -> b.add(e.seq()));
        f.onEvent(note(1));
        assertEquals(List.of(0L, 1L), a);
        assertEquals(List.of(1L), b);
        assertEquals(2, f.size());
    }
}
