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
import consensuslab.core.Timer;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection links over real TCP: when a peer's process goes away the other end is told
 * (onLinkDown), messages to the missing peer are dropped, and the link comes back by itself when
 * the peer returns. Messages on one connection arrive in the order they were sent.
 */
class TcpLinkTest {

    /** A tiny connection-link protocol: every node says hello to every other node every 10 ms. */
    sealed interface ProbeMessage extends Message permits LinkProbeHello {
    }

    record LinkProbeHello(long epoch, long n) implements ProbeMessage {
    }

    record LinkProbeTick() implements Timer {
    }

    /** What a prober publishes: hellos received per peer, the last hello number per peer incarnation, and the link-downs it was told of. */
    record ProbeState(String role, Map<String, Long> received, Map<String, Long> lastN, List<String> downs) {
    }

    static final class Prober implements Node<ProbeMessage> {
        private final Context<ProbeMessage> ctx;
        private final Map<String, Long> received = new TreeMap<>();
        private final Map<String, Long> lastN = new TreeMap<>();
        private final List<String> downs = new ArrayList<>();
        private long n;
        private long epoch;

        Prober(Context<ProbeMessage> ctx) {
            this.ctx = ctx;
        }

        @Override
        public void onStart() {
            epoch = ctx.now() * 1000 + ctx.random().nextInt(1000); // tells this incarnation's hellos apart
            ctx.setTimer(new LinkProbeTick(), 10);
        }

        @Override
        public void onMessage(NodeId from, ProbeMessage m) {
            if (m instanceof LinkProbeHello h) {
                String key = from.name() + "@" + h.epoch();
                Long before = lastN.get(key);
                if (before != null && h.n() <= before) {
                    throw new IllegalStateException("out of order from " + from + ": " + h.n() + " after " + before);
                }
                lastN.put(key, h.n());
                received.merge(from.name(), 1L, Long::sum);
                publish();
            }
        }

        @Override
        public void onTimer(Timer t) {
            ctx.broadcast(new LinkProbeHello(epoch, ++n));
            ctx.setTimer(new LinkProbeTick(), 10);
        }

        @Override
        public void onLinkDown(NodeId peer) {
            downs.add(peer.name());
            publish();
        }

        private void publish() {
            ctx.publish(new ProbeState("prober", Map.copyOf(received), Map.copyOf(lastN), List.copyOf(downs)));
        }
    }

    static final class LinkProbe implements Protocol<ProbeMessage> {
        @Override
        public String name() {
            return "link-probe";
        }

        @Override
        public String summary() {
            return "test: hellos over connection links";
        }

        @Override
        public Class<ProbeMessage> messageType() {
            return ProbeMessage.class;
        }

        @Override
        public LinkKind linkKind() {
            return LinkKind.CONNECTION;
        }

        @Override
        public NodeFactory<ProbeMessage> factory(Params params) {
            return Prober::new;
        }
    }

    static long received(TcpRuntime<ProbeMessage> rt, NodeId at, String from) {
        Object s = rt.state(at);
        return s == null ? 0 : ((ProbeState) s).received().getOrDefault(from, 0L);
    }

    static List<String> downs(TcpRuntime<ProbeMessage> rt, NodeId at) {
        Object s = rt.state(at);
        return s == null ? List.of() : ((ProbeState) s).downs();
    }

    @Test
    @Timeout(60)
    void aStoppedPeerProcessIsSeenAndTheLinkComesBack() {
        NodeId n1 = NodeId.server(1);
        NodeId n2 = NodeId.server(2);
        ClusterSpec cluster = ClusterSpec.local(2, 0, "127.0.0.1", LocalPorts.freeBase(2));
        List<TraceEvent> seenByA = new java.util.concurrent.CopyOnWriteArrayList<>(); // streamed while the loop adds
        // Two runtimes in one JVM stand for two processes: they share nothing but the sockets.
        try (TcpRuntime<ProbeMessage> a = new TcpRuntime<>(new LinkProbe(), cluster, Params.EMPTY, 1, null)) {
            a.addListener(seenByA::add);
            a.start(n1);
            long before;
            try (TcpRuntime<ProbeMessage> b = new TcpRuntime<>(new LinkProbe(), cluster, Params.EMPTY, 1, null)) {
                b.start(n2);
                assertTrue(a.await(() -> received(a, n1, "n2") >= 5 && received(b, n2, "n1") >= 5, 20_000),
                        "the two nodes never heard each other");
                assertEquals(List.of(), downs(a, n1));
                before = received(a, n1, "n2");
            } // b's process ends: every socket of n2 closes
            assertTrue(a.await(() -> downs(a, n1).contains("n2"), 10_000), "n1 was never told that its link to n2 broke");
            assertTrue(seenByA.stream().anyMatch(e -> e.type() == EventType.LINK_DOWN && "n1".equals(e.node()) && "n2".equals(e.from())));
            // While n2 is away, n1's hellos to it are dropped, not queued for ever.
            assertTrue(a.await(() -> seenByA.stream().anyMatch(e -> e.type() == EventType.DROP && "n2".equals(e.to())), 10_000),
                    "no drop traced while n2 was down");
            try (TcpRuntime<ProbeMessage> b2 = new TcpRuntime<>(new LinkProbe(), cluster, Params.EMPTY, 1, null)) {
                b2.start(n2);
                long mark = before;
                assertTrue(a.await(() -> received(a, n1, "n2") > mark + 5 && received(b2, n2, "n1") >= 5, 20_000),
                        "the link did not come back after n2 returned");
            }
            assertEquals(List.of(), a.errors(), "out-of-order delivery or another protocol error");
        }
    }

    /** Runs one prober in a JVM of its own until it is killed (or for at most 60 s). */
    public static final class ChildProcess {
        public static void main(String[] args) throws Exception {
            ClusterSpec cluster = ClusterSpec.parse(args[0]);
            try (TcpRuntime<ProbeMessage> rt = new TcpRuntime<>(new LinkProbe(), cluster, Params.EMPTY, 1, null)) {
                rt.start(NodeId.of(args[1]));
                Thread.sleep(60_000);
            }
        }
    }

    static Process child(ClusterSpec cluster, String node) throws java.io.IOException {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), ChildProcess.class.getName(), cluster.render(), node)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    @Timeout(90)
    void aKilledPeerProcessIsSeenAndTheLinkComesBackWhenItReturns() throws Exception {
        NodeId n1 = NodeId.server(1);
        ClusterSpec cluster = ClusterSpec.local(2, 0, "127.0.0.1", LocalPorts.freeBase(2));
        Process p = null;
        try (TcpRuntime<ProbeMessage> a = new TcpRuntime<>(new LinkProbe(), cluster, Params.EMPTY, 1, null)) {
            a.start(n1);
            p = child(cluster, "n2");
            assertTrue(a.await(() -> received(a, n1, "n2") >= 5, 30_000), "n1 never heard from n2's process");
            long before = received(a, n1, "n2");
            p.destroyForcibly(); // SIGKILL: no shutdown hooks; the kernel closes its sockets
            assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(a.await(() -> downs(a, n1).contains("n2"), 10_000), "n1 was never told that n2's process died");
            p = child(cluster, "n2");
            assertTrue(a.await(() -> received(a, n1, "n2") > before + 5, 30_000), "no hellos from n2's new process");
            assertEquals(List.of(), a.errors());
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    @Timeout(60)
    void stopAndRestartInOneProcessIsTracedAsCrashAndRestart() {
        NodeId n1 = NodeId.server(1);
        NodeId n2 = NodeId.server(2);
        NodeId n3 = NodeId.server(3);
        ClusterSpec cluster = ClusterSpec.local(3, 0, "127.0.0.1", LocalPorts.freeBase(3));
        List<TraceEvent> trace = Collections.synchronizedList(new ArrayList<>());
        try (TcpRuntime<ProbeMessage> rt = new TcpRuntime<>(new LinkProbe(), cluster, Params.EMPTY, 1, null)) {
            rt.addListener(trace::add);
            rt.start(cluster.nodes());
            assertTrue(rt.await(() -> received(rt, n1, "n3") >= 3 && received(rt, n3, "n1") >= 3, 20_000));
            rt.stop(n3);
            assertTrue(rt.await(() -> downs(rt, n1).contains("n3") && downs(rt, n2).contains("n3"), 10_000),
                    "n1 and n2 must both see the link to n3 break");
            rt.restart(n3);
            assertTrue(rt.await(() -> received(rt, n3, "n1") >= 3 && received(rt, n3, "n2") >= 3, 20_000),
                    "restarted n3 never heard from n1 and n2");
            rt.stopAll();
            List<EventType> lifecycle = new ArrayList<>();
            synchronized (trace) {
                for (TraceEvent e : trace) {
                    if ("n3".equals(e.node()) && (e.type() == EventType.START || e.type() == EventType.CRASH
                            || e.type() == EventType.RESTART)) {
                        lifecycle.add(e.type());
                    }
                }
            }
            // stopAll() ends the run: it stops the nodes without tracing a crash
            assertEquals(List.of(EventType.START, EventType.CRASH, EventType.RESTART), lifecycle);
            assertEquals(List.of(), rt.errors());
        }
    }
}
