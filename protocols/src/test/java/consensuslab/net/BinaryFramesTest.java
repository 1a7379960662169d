package consensuslab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.BinaryReader;
import consensuslab.core.BinaryWriter;
import consensuslab.core.Context;
import consensuslab.core.Json;
import consensuslab.core.LinkKind;
import consensuslab.core.Message;
import consensuslab.core.MessageCodec;
import consensuslab.core.Node;
import consensuslab.core.NodeFactory;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.core.Timer;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Binary frames: a protocol with a {@link MessageCodec} sends what the codec takes in binary and
 * the rest as JSON, on the same link; the trace still carries the messages as JSON; a damaged
 * binary frame closes that one connection with one line and the node keeps running.
 */
class BinaryFramesTest {

    sealed interface Beep extends Message permits Hello, Odd {
    }

    /** Goes binary. */
    record Hello(long n, String text) implements Beep {
    }

    /** Declined by the codec: goes as JSON. */
    record Odd(String why) implements Beep {
    }

    record Tick() implements Timer {
    }

    record Counts(Map<String, Long> received) {
    }

    static final class BeepCodec implements MessageCodec<Beep> {
        @Override
        public boolean write(Beep m, BinaryWriter out) {
            if (m instanceof Hello h) {
                out.writeByte(1).writeLong(h.n()).writeString(h.text());
                return true;
            }
            return false;
        }

        @Override
        public Beep read(BinaryReader in) {
            int tag = in.readByte();
            if (tag != 1) {
                throw new IllegalArgumentException("unknown beep tag " + tag);
            }
            return new Hello(in.readLong(), in.readString());
        }
    }

    static final class Beeper implements Node<Beep> {
        private final Context<Beep> ctx;
        private final Map<String, Long> received = new TreeMap<>();
        private long n;

        Beeper(Context<Beep> ctx) {
            this.ctx = ctx;
        }

        @Override
        public void onStart() {
            ctx.setTimer(new Tick(), 10);
        }

        @Override
        public void onMessage(NodeId from, Beep m) {
            received.merge(from.name() + ":" + m.getClass().getSimpleName(), 1L, Long::sum);
            ctx.publish(new Counts(Map.copyOf(received)));
        }

        @Override
        public void onTimer(Timer t) {
            n++;
            for (NodeId s : ctx.servers()) {
                if (!s.equals(ctx.id())) {
                    ctx.send(s, n % 4 == 0 ? new Odd("every fourth") : new Hello(n, "héllo " + n));
                }
            }
            ctx.setTimer(new Tick(), 10);
        }
    }

    static final class BeepProtocol implements Protocol<Beep> {
        @Override
        public String name() {
            return "beep";
        }

        @Override
        public String summary() {
            return "test: binary frames";
        }

        @Override
        public Class<Beep> messageType() {
            return Beep.class;
        }

        @Override
        public LinkKind linkKind() {
            return LinkKind.CONNECTION;
        }

        @Override
        public MessageCodec<Beep> codec() {
            return new BeepCodec();
        }

        @Override
        public NodeFactory<Beep> factory(Params params) {
            return Beeper::new;
        }
    }

    private static final Wire.Frames<Beep> FRAMES;

    static {
        Json.registerSealed(Beep.class);
        FRAMES = Wire.Frames.of(Beep.class, new BeepCodec());
    }

    private static byte[] frame(Wire.Envelope e) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Wire.write(new DataOutputStream(b), e, FRAMES);
        return b.toByteArray();
    }

    private static Wire.Envelope read(byte[] frame, Wire.Frames<?> frames) throws IOException {
        return Wire.read(new DataInputStream(new ByteArrayInputStream(frame)), frames);
    }

    /** A frame of these body bytes. */
    private static byte[] framed(byte[] body) {
        return new BinaryWriter().writeBytes(body).toByteArray();
    }

    @Test
    void theCodecsMessagesGoBinaryTheRestAsJsonAndBothReadBack() throws IOException {
        Wire.Envelope hello = new Wire.Envelope("n1", "n2", 42, new Hello(7, "héllo"));
        byte[] f = frame(hello);
        assertEquals(Wire.BINARY_FRAME, f[4]);
        assertEquals(hello, read(f, FRAMES));

        Wire.Envelope odd = new Wire.Envelope("n1", "n2", 43, new Odd("x"));
        byte[] g = frame(odd);
        assertEquals('{', g[4]);
        assertEquals(odd, read(g, FRAMES));

        Wire.Envelope greeting = new Wire.Envelope("n1", "n2", 0, null);
        byte[] h = frame(greeting);
        assertEquals('{', h[4], "a hello frame is JSON");
        assertTrue(read(h, FRAMES).hello());
    }

    @Test
    void aDamagedBinaryFrameIsOneLineNamingWhatWasWrong() throws IOException {
        byte[] good = frame(new Wire.Envelope("n1", "n2", 42, new Hello(7, "hi")));
        byte[] body = java.util.Arrays.copyOfRange(good, 4, good.length);

        byte[] cut = java.util.Arrays.copyOf(body, body.length - 1);
        IOException truncated = assertThrows(IOException.class, () -> read(framed(cut), FRAMES));
        assertEquals("bad binary frame of " + cut.length + " bytes: length 2 with 1 bytes left at byte " + (cut.length - 1 - 5),
                truncated.getMessage());

        byte[] tag = body.clone();
        tag[1 + 6 + 6 + 8] = 9; // the codec's tag byte
        assertEquals("bad binary frame of " + tag.length + " bytes: unknown beep tag 9",
                assertThrows(IOException.class, () -> read(framed(tag), FRAMES)).getMessage());

        byte[] longer = java.util.Arrays.copyOf(body, body.length + 2);
        assertEquals("bad binary frame of " + longer.length + " bytes: 2 unexpected bytes after the value at byte " + (body.length - 1),
                assertThrows(IOException.class, () -> read(framed(longer), FRAMES)).getMessage());

        Wire.Frames<Beep> jsonOnly = Wire.Frames.of(Beep.class, null);
        assertEquals("a binary frame, but this protocol has no binary codec",
                assertThrows(IOException.class, () -> read(good, jsonOnly)).getMessage());

        for (String s : new String[] {"bad frame length -1", "bad frame length 16777217"}) {
            int len = Integer.parseInt(s.substring(s.lastIndexOf(' ') + 1));
            byte[] f = new BinaryWriter().writeInt(len).toByteArray();
            assertEquals(s, assertThrows(IOException.class, () -> read(f, FRAMES)).getMessage());
        }
        assertNull(read(new byte[0], FRAMES), "a clean end of stream");
    }

    static long received(TcpRuntime<Beep> rt, NodeId at, String key) {
        Object s = rt.state(at);
        return s == null ? 0 : ((Counts) s).received().getOrDefault(key, 0L);
    }

    @Test
    @Timeout(60)
    void overTcpBothKindsArriveTheTraceIsJsonAndABadFrameClosesOnlyItsConnection() throws Exception {
        NodeId n1 = NodeId.server(1);
        NodeId n2 = NodeId.server(2);
        ClusterSpec cluster = ClusterSpec.local(2, 1, "127.0.0.1", LocalPorts.freeBase(3));
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream before = System.err;
        try (TcpRuntime<Beep> rt = new TcpRuntime<>(new BeepProtocol(), cluster, Params.EMPTY, 1, null)) {
            rt.addListener(events::add);
            rt.start(n1);
            rt.start(n2);
            assertTrue(rt.await(() -> received(rt, n1, "n2:Hello") >= 6 && received(rt, n1, "n2:Odd") >= 2
                    && received(rt, n2, "n1:Hello") >= 6 && received(rt, n2, "n1:Odd") >= 2, 20_000), "both kinds arrive both ways");

            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            // a foreign connection that says it is c1, then sends a damaged binary frame
            try (Socket s = new Socket("127.0.0.1", cluster.endpoint(n1).port())) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                Wire.write(out, new Wire.Envelope("c1", "n1", 0, null));
                out.write(framed(new byte[] {Wire.BINARY_FRAME, 0, 0, 0, 2, 'c', '1', 0, 0, 0, 2, 'n', '1', 0, 0, 0, 0, 0, 0, 0, 1, 7}));
                out.flush();
                assertEquals(-1, s.getInputStream().read(), "n1 closed the connection");
            }
            long after = received(rt, n1, "n2:Hello");
            assertTrue(rt.await(() -> received(rt, n1, "n2:Hello") >= after + 3, 20_000), "n1 still hears n2");
            assertTrue(rt.isRunning(n1));
            assertEquals(List.of(), rt.errors());
        } finally {
            System.setErr(before);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of("lab: n1 closed a connection from c1: bad binary frame of 22 bytes: unknown beep tag 7"), lines);
        TraceEvent delivered = events.stream().filter(e -> e.type() == EventType.DELIVER && e.msg() instanceof Hello).findFirst().orElseThrow();
        String json = Json.string(delivered);
        assertTrue(json.contains("\"msg\":{\"type\":\"Hello\",\"n\":"), json);
    }
}
