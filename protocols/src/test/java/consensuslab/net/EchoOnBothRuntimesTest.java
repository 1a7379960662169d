package consensuslab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.echo.EchoMessage;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo protocol's test, written once and run on both runtimes: the seeded simulator and the
 * TCP runtime on 127.0.0.1. Every client operation completes, the protocol's checker passes, and
 * the run's counters agree with its trace.
 */
class EchoOnBothRuntimesTest {

    static final int SERVERS = 3;
    static final int CLIENTS = 2;
    static final int OPS = 10;
    static final long SEED = 7;

    /** What the test body needs from a runtime. */
    enum Runtime {
        SIM {
            @Override
            Outcome run(Params params, TraceListener collector, BooleanSupplier done) {
                Echo echo = new Echo();
                Simulator<EchoMessage> sim = SimRun.build(echo,
                        SimRun.Options.defaults(echo, SEED).withSize(SERVERS, CLIENTS).withParams(params));
                sim.addListener(collector);
                boolean finished = sim.runUntil(s -> done.getAsBoolean(), 60_000);
                return new Outcome(finished, sim.stats().sent(), sim.stats().delivered(), sim.stats().dropped(), List.of());
            }
        },
        TCP {
            @Override
            Outcome run(Params params, TraceListener collector, BooleanSupplier done) {
                ClusterSpec cluster = ClusterSpec.local(SERVERS, CLIENTS, "127.0.0.1", LocalPorts.freeBase(SERVERS + CLIENTS));
                try (TcpRuntime<EchoMessage> rt = new TcpRuntime<>(new Echo(), cluster, params, SEED, null)) {
                    rt.addListener(collector);
                    rt.start(cluster.nodes());
                    boolean finished = rt.await(done, 30_000);
                    rt.stopAll(); // every node stops before the counters are read
                    TcpStats s = rt.stats();
                    return new Outcome(finished, s.sent(), s.delivered(), s.dropped(), rt.errors());
                }
            }
        };

        abstract Outcome run(Params params, TraceListener collector, BooleanSupplier done);
    }

    record Outcome(boolean finished, long sent, long delivered, long dropped, List<String> errors) {
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Runtime.class)
    @Timeout(60)
    void everyClientOperationCompletesAndTheCountsAgree(Runtime runtime) {
        Echo echo = new Echo();
        Params params = Params.parse("ops=" + OPS + ",retry=100");
        List<Checker> checkers = echo.checkers(params, SERVERS, CLIENTS);
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger returns = new AtomicInteger();
        TraceListener collector = e -> {
            events.add(e);
            if (e.type() == EventType.RETURN) {
                returns.incrementAndGet();
            }
            for (Checker c : checkers) {
                c.onEvent(e);
            }
        };
        System.out.println("echo on " + runtime + ": seed " + SEED + ", " + SERVERS + " servers, " + CLIENTS + " clients, " + params);

        Outcome o = runtime.run(params, collector, () -> returns.get() >= CLIENTS * OPS);

        List<TraceEvent> trace;
        synchronized (events) {
            trace = List.copyOf(events);
        }
        assertTrue(o.finished(), runtime + ": only " + returns.get() + " of " + CLIENTS * OPS + " operations returned");
        assertEquals(List.of(), o.errors(), "protocol errors");

        // Every operation: one invoke, then exactly one return, per client.
        Map<String, Integer> invoked = new TreeMap<>();
        Map<String, Integer> returned = new TreeMap<>();
        for (TraceEvent e : trace) {
            if (e.type() == EventType.INVOKE) {
                String key = e.node() + "#" + e.id();
                assertEquals(null, invoked.put(key, (int) e.seq()), "invoked twice: " + key);
            } else if (e.type() == EventType.RETURN) {
                String key = e.node() + "#" + e.id();
                assertTrue(invoked.containsKey(key), "returned without an invoke: " + key);
                assertEquals(null, returned.put(key, (int) e.seq()), "returned twice: " + key);
            }
        }
        assertEquals(CLIENTS * OPS, returned.size());
        assertEquals(invoked.keySet(), returned.keySet());

        // The protocol's own checker.
        List<Violation> violations = new ArrayList<>();
        for (Checker c : checkers) {
            c.finish(trace.get(trace.size() - 1).time());
            violations.addAll(c.violations());
        }
        assertEquals(List.of(), violations);

        // Counters agree with the trace; every delivery matches an earlier send of the same message.
        Map<Long, TraceEvent> sends = new HashMap<>();
        long sendEvents = 0;
        long deliverEvents = 0;
        long dropEvents = 0;
        long seq = -1;
        long time = Long.MIN_VALUE;
        for (TraceEvent e : trace) {
            assertEquals(seq + 1, e.seq(), "trace seq has a gap or is out of order");
            seq = e.seq();
            assertTrue(e.time() >= time, "time went backwards at seq " + e.seq());
            time = e.time();
            if (e.type() == EventType.SEND) {
                sendEvents++;
                sends.put(e.id(), e);
            } else if (e.type() == EventType.DELIVER) {
                deliverEvents++;
                TraceEvent s = sends.get(e.id());
                assertNotNull(s, "delivery of message " + e.id() + " that was never sent");
                assertEquals(s.from(), e.from());
                assertEquals(s.to(), e.to());
                assertEquals(TraceEvent.json(s.msg()), TraceEvent.json(e.msg()));
            } else if (e.type() == EventType.DROP) {
                dropEvents++;
            }
        }
        assertEquals(o.sent(), sendEvents, "sent");
        assertEquals(o.delivered(), deliverEvents, "delivered");
        assertEquals(o.dropped(), dropEvents, "dropped");
        assertTrue(o.delivered() + o.dropped() <= o.sent(), "more delivered and dropped than sent (no duplication here)");

        // Each server's last published count is the number of pings delivered to it, and its
        // pongs carry strictly increasing counts.
        Map<String, Long> pingsDelivered = new TreeMap<>();
        Map<String, Long> lastCount = new TreeMap<>();
        Map<String, Long> lastPong = new TreeMap<>();
        for (TraceEvent e : trace) {
            if (e.type() == EventType.DELIVER && "Ping".equals(e.msgType())) {
                pingsDelivered.merge(e.to(), 1L, Long::sum);
            } else if (e.type() == EventType.STATE && e.node().startsWith("n")) {
                lastCount.put(e.node(), TraceEvent.json(e.state()).path("count").asLong());
            } else if (e.type() == EventType.SEND && "Pong".equals(e.msgType())) {
                JsonNode pong = TraceEvent.json(e.msg());
                long served = pong.path("served").asLong();
                Long before = lastPong.put(e.from(), served);
                assertTrue(before == null || served > before, e.from() + " sent pong count " + served + " after " + before);
            }
        }
        long totalPings = 0;
        for (Map.Entry<String, Long> p : pingsDelivered.entrySet()) {
            assertEquals(p.getValue(), lastCount.get(p.getKey()), p.getKey() + "'s published count");
            totalPings += p.getValue();
        }
        assertTrue(totalPings >= CLIENTS * OPS, "every completed op was served at least once");
    }
}
