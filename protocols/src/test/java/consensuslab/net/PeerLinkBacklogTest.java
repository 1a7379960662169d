package consensuslab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Context;
import consensuslab.core.LinkKind;
import consensuslab.core.Message;
import consensuslab.core.Node;
import consensuslab.core.NodeFactory;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.core.Timer;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop writes frames itself and leaves what the socket does not take to the link's thread: a
 * peer that does not read while far more than the socket buffers hold is sent still gets every
 * frame, whole and in order, after the hello, once it reads.
 */
class PeerLinkBacklogTest {

    sealed interface BacklogMessage extends Message permits BacklogChunk {
    }

    record BacklogChunk(int n, String pad) implements BacklogMessage {
    }

    static final int CHUNKS = 3000;
    static final String PAD = "x".repeat(10_000); // 3000 × 10 KB: far beyond loopback's socket buffers

    /** n1 sends every chunk to n2 from one handler, then a few more one by one from later handlers. */
    static final class Sender implements Node<BacklogMessage> {
        private final Context<BacklogMessage> ctx;
        private int next;

        Sender(Context<BacklogMessage> ctx) {
            this.ctx = ctx;
        }

        @Override
        public void onStart() {
            if (ctx.id().equals(NodeId.server(1))) {
                while (next < CHUNKS - 10) {
                    ctx.send(NodeId.server(2), new BacklogChunk(next++, PAD));
                }
                ctx.setTimer(new BacklogTick(), 1);
            }
        }

        @Override
        public void onMessage(NodeId from, BacklogMessage m) {
        }

        @Override
        public void onTimer(Timer t) {
            ctx.send(NodeId.server(2), new BacklogChunk(next++, PAD));
            if (next < CHUNKS) {
                ctx.setTimer(new BacklogTick(), 1);
            }
        }
    }

    record BacklogTick() implements Timer {
    }

    static final class BacklogProtocol implements Protocol<BacklogMessage> {
        @Override
        public String name() {
            return "backlog";
        }

        @Override
        public String summary() {
            return "test: a burst to a peer that does not read";
        }

        @Override
        public Class<BacklogMessage> messageType() {
            return BacklogMessage.class;
        }

        @Override
        public LinkKind linkKind() {
            return LinkKind.CONNECTION;
        }

        @Override
        public NodeFactory<BacklogMessage> factory(Params params) {
            return Sender::new;
        }
    }

    @Test
    @Timeout(120)
    void aPeerThatReadsLateGetsEveryFrameWholeAndInOrder() throws Exception {
        ClusterSpec cluster = ClusterSpec.local(2, 0, "127.0.0.1", LocalPorts.freeBase(2));
        ClusterSpec.Endpoint n2 = cluster.endpoint(NodeId.server(2));
        try (ServerSocket peer = new ServerSocket();
             TcpRuntime<BacklogMessage> rt = new TcpRuntime<>(new BacklogProtocol(), cluster, Params.EMPTY, 1, null)) {
            peer.setReuseAddress(true);
            peer.bind(new InetSocketAddress(n2.host(), n2.port()));
            rt.start(NodeId.server(1));
            try (Socket s = peer.accept()) {
                // not reading until n1 has sent everything: most of it waits in n1's link as a backlog
                assertTrue(rt.await(() -> rt.stats().sent() >= CHUNKS, 60_000), "n1 did not send every chunk");
                Wire.Frames<BacklogMessage> reader = Wire.Frames.of(BacklogMessage.class, null);
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
                Wire.Envelope hello = Wire.read(in, reader);
                assertTrue(hello.hello(), "the first frame is the hello");
                assertEquals("n1", hello.from());
                for (int i = 0; i < CHUNKS; i++) {
                    Wire.Envelope e = Wire.read(in, reader);
                    BacklogChunk c = (BacklogChunk) e.msg();
                    assertEquals(i, c.n(), "frames out of order");
                    assertEquals(PAD.length(), c.pad().length(), "a frame cut short");
                }
                assertEquals(0, rt.stats().dropped(), "frames dropped");
                assertEquals(java.util.List.of(), rt.errors());
                s.setSoTimeout(200);
                assertNull(readOrTimeout(in, reader), "a frame more than was sent");
            }
        }
    }

    private static Wire.Envelope readOrTimeout(DataInputStream in, Wire.Frames<?> reader) throws java.io.IOException {
        try {
            return Wire.read(in, reader);
        } catch (java.net.SocketTimeoutException quiet) {
            return null;
        }
    }
}
