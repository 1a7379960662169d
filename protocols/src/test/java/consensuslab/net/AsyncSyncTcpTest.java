package consensuslab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Context;
import consensuslab.core.LinkKind;
import consensuslab.core.Message;
import consensuslab.core.Node;
import consensuslab.core.NodeFactory;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.core.Synced;
import consensuslab.core.Timer;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Context.requestSync over TCP: the files are forced off the event loop and the node hears Synced on it, in order. */
class AsyncSyncTcpTest {

    sealed interface None extends Message permits Nothing {
    }

    record Nothing() implements None {
    }

    record Progress(String role, List<Long> synced, boolean sameThread) {
    }

    /** Appends a line and asks for a sync, five times, each after the previous answer; one more line unasked at the end. */
    static final class Syncer implements Node<None> {
        private final Context<None> ctx;
        private final List<Long> synced = new ArrayList<>();
        private Thread loop;
        private boolean sameThread = true;

        Syncer(Context<None> ctx) {
            this.ctx = ctx;
        }

        @Override
        public void onStart() {
            loop = Thread.currentThread();
            ctx.storage().append("log", "line 1\n".getBytes(StandardCharsets.UTF_8));
            ctx.requestSync(1);
        }

        @Override
        public void onMessage(NodeId from, None m) {
        }

        @Override
        public void onTimer(Timer t) {
            if (t instanceof Synced s) {
                sameThread &= Thread.currentThread() == loop;
                synced.add(s.token());
                if (s.token() < 5) {
                    ctx.storage().append("log", ("line " + (s.token() + 1) + "\n").getBytes(StandardCharsets.UTF_8));
                    ctx.requestSync(s.token() + 1);
                }
                ctx.publish(new Progress("syncer", List.copyOf(synced), sameThread));
            }
        }
    }

    static final class SyncProtocol implements Protocol<None> {
        @Override
        public String name() {
            return "sync-probe";
        }

        @Override
        public String summary() {
            return "test: requestSync over TCP";
        }

        @Override
        public Class<None> messageType() {
            return None.class;
        }

        @Override
        public LinkKind linkKind() {
            return LinkKind.CONNECTION;
        }

        @Override
        public NodeFactory<None> factory(Params params) {
            return Syncer::new;
        }
    }

    @Test
    @Timeout(60)
    void everyRequestIsAnsweredOnTheLoopInOrderWithTheFileWritten(@TempDir Path dir) throws Exception {
        NodeId n1 = NodeId.server(1);
        ClusterSpec cluster = ClusterSpec.local(1, 0, "127.0.0.1", LocalPorts.freeBase(1));
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TcpRuntime<None> rt = new TcpRuntime<>(new SyncProtocol(), cluster, Params.EMPTY, 1, dir)) {
            rt.addListener(events::add);
            rt.start(n1);
            assertTrue(rt.await(() -> rt.state(n1) instanceof Progress p && p.synced().size() == 5, 20_000), "answers: " + rt.state(n1));
            Progress p = (Progress) rt.state(n1);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), p.synced());
            assertTrue(p.sameThread(), "every Synced ran on the node's event loop");
            assertEquals(List.of(), rt.errors());
        }
        assertEquals("line 1\nline 2\nline 3\nline 4\nline 5\n", Files.readString(dir.resolve("n1").resolve("log")));
        List<TraceEvent> synced = events.stream().filter(e -> e.timer() instanceof Synced).toList();
        assertEquals(10, synced.size(), "a timer_set and a timer_fire per request: " + synced);
        for (int i = 0; i < 10; i += 2) {
            assertEquals(EventType.TIMER_SET, synced.get(i).type());
            assertEquals(EventType.TIMER_FIRE, synced.get(i + 1).type());
            assertEquals(synced.get(i).id(), synced.get(i + 1).id());
        }
    }
}
