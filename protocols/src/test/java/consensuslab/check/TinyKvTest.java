package consensuslab.check;

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
import consensuslab.sim.SimRun;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceReader;
import consensuslab.trace.TraceWriter;
import consensuslab.faults.FaultSchedule;
import consensuslab.prop.FaultBounds;
import consensuslab.prop.PropertyRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The linearizability checker on real simulated runs: a one-server key-value store is
 * linearizable under message loss, duplication and reordering (clients that time out leave their
 * operation indeterminate); two planted bugs are caught by the property runner and shrunk.
 */
class TinyKvTest {

    sealed interface KvMessage extends Message permits KvMessage.Request, KvMessage.Reply {
        record Request(long opId, KvOp op) implements KvMessage {
        }

        record Reply(long opId, KvResult result) implements KvMessage {
        }
    }

    record GiveUp(long opId) implements Timer {
    }

    /**
     * Params: ops (per client, default 8); bug=replicas (each client talks to a random server, and
     * servers do not replicate); bug=nodedup (the server executes a duplicated request twice).
     */
    static final class TinyKv implements Protocol<KvMessage> {
        @Override
        public String name() {
            return "tinykv";
        }

        @Override
        public String summary() {
            return "test: a one-server key-value store";
        }

        @Override
        public Class<KvMessage> messageType() {
            return KvMessage.class;
        }

        @Override
        public LinkKind linkKind() {
            return LinkKind.DATAGRAM;
        }

        @Override
        public NodeFactory<KvMessage> factory(Params params) {
            return ctx -> ctx.id().isClient() ? new Client(ctx) : new Server(ctx);
        }

        @Override
        public List<Checker> checkers(Params params, int servers, int clients) {
            return List.of(new LinearizabilityChecker());
        }
    }

    static final class Server implements Node<KvMessage> {
        private final Context<KvMessage> ctx;
        private final Map<String, String> data = new HashMap<>();
        private final Map<String, KvResult> done = new HashMap<>();
        private final boolean dedup;

        Server(Context<KvMessage> ctx) {
            this.ctx = ctx;
            this.dedup = !"nodedup".equals(ctx.params().get("bug", ""));
        }

        @Override
        public void onStart() {
        }

        @Override
        public void onMessage(NodeId from, KvMessage m) {
            if (!(m instanceof KvMessage.Request req)) {
                return;
            }
            String id = from + "/" + req.opId();
            KvResult r = dedup ? done.get(id) : null;
            if (r == null) {
                r = apply(req.op());
                done.put(id, r);
            }
            ctx.send(from, new KvMessage.Reply(req.opId(), r));
        }

        private KvResult apply(KvOp op) {
            String cur = data.get(op.key());
            switch (op.f()) {
                case "get":
                    return new KvResult(true, cur);
                case "put":
                    data.put(op.key(), op.value());
                    return new KvResult(true, null);
                case "append":
                    data.put(op.key(), (cur == null ? "" : cur) + op.value());
                    return new KvResult(true, null);
                default:
                    boolean swap = Objects.equals(cur, op.expected());
                    if (swap) {
                        data.put(op.key(), op.value());
                    }
                    return new KvResult(swap, null);
            }
        }

        @Override
        public void onTimer(Timer t) {
        }
    }

    static final class Client implements Node<KvMessage> {
        private final Context<KvMessage> ctx;
        private final int ops;
        private final boolean anyServer;
        private long opId;
        private KvOp current;
        private NodeId server;
        private long timer;
        private String lastRead;

        Client(Context<KvMessage> ctx) {
            this.ctx = ctx;
            this.ops = ctx.params().getInt("ops", 8);
            this.anyServer = "replicas".equals(ctx.params().get("bug", ""));
        }

        @Override
        public void onStart() {
            next();
        }

        private void next() {
            if (opId >= ops) {
                current = null;
                return;
            }
            opId++;
            String key = "k" + (1 + ctx.random().nextInt(2));
            String value = ctx.id() + "." + opId;
            int p = ctx.random().nextInt(10);
            current = p < 4 ? KvOp.get(key) : p < 6 ? KvOp.put(key, value) : p < 8 ? KvOp.append(key, "+" + opId)
                    : KvOp.cas(key, lastRead, value);
            server = anyServer ? ctx.servers().get(ctx.random().nextInt(ctx.servers().size())) : ctx.servers().get(0);
            ctx.invoke(opId, current);
            ctx.send(server, new KvMessage.Request(opId, current));
            timer = ctx.setTimer(new GiveUp(opId), 40);
        }

        @Override
        public void onMessage(NodeId from, KvMessage m) {
            if (m instanceof KvMessage.Reply r && current != null && r.opId() == opId) {
                ctx.cancelTimer(timer);
                if ("get".equals(current.f())) {
                    lastRead = r.result().value();
                }
                ctx.complete(opId, r.result());
                next();
            }
        }

        @Override
        public void onTimer(Timer t) {
            if (t instanceof GiveUp g && current != null && g.opId() == opId) {
                next(); // the outcome is unknown: the operation stays open (indeterminate)
            }
        }
    }

    private static PrintStream sink() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void oneServerStoreIsLinearizableUnderNetworkFaults() {
        PropertyRunner.of(new TinyKv()).nodes(1).clients(4).until(2_000)
                .params("ops=12")
                .faults(FaultBounds.none().drops(0.3).dups(0.3).reorders(0.3).horizon(1_000))
                .seeds(300)
                .out(sink())
                .check();
    }

    @Test
    void executingDuplicatesTwiceIsCaughtAndShrunk() {
        PropertyRunner.Failure f = PropertyRunner.of(new TinyKv()).nodes(1).clients(3).until(2_000)
                .params("ops=12,bug=nodedup").shrinkParam("ops")
                .faults(FaultBounds.none().drops(0.2).dups(0.3).reorders(0.2).horizon(1_000))
                .seeds(300)
                .search().orElseThrow(() -> new AssertionError("duplicate execution not caught in 300 seeds"));
        System.out.println("planted bug found as expected, seed " + f.seed() + ", minimal schedule \"" + f.minimal()
                + "\"; replay: " + f.command());
        assertEquals("linearizability", f.violations().get(0).checker());
        assertTrue(f.violations().get(0).message().startsWith("key k"), f.violations().get(0).message());
        // Only duplication can cause it: the minimal schedule is one dup window.
        assertEquals(1, f.minimal().faults().size(), f.report());
        assertTrue(f.minimal().faults().get(0).render().startsWith("dup="), f.report());
    }

    @Test
    void theSameVerdictLiveAndOverTheTraceReadBack() {
        TinyKv kv = new TinyKv();
        for (String bug : new String[] {"", "replicas"}) {
            for (long seed = 1; seed <= 10; seed++) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                TraceWriter w = new TraceWriter(bytes);
                LinearizabilityChecker live = new LinearizabilityChecker();
                SimRun.Options o = new SimRun.Options(2, 3, seed, 2_000, FaultSchedule.parse("drop=0.2@0s-1s; dup=0.2@0s-1s"),
                        Params.parse("ops=10" + (bug.isEmpty() ? "" : ",bug=" + bug)), false, false);
                SimRun.Result r = SimRun.run(kv, o, List.of(w, live));
                w.close();
                live.finish(r.stats().virtualTime());
                LinearizabilityChecker replay = new LinearizabilityChecker();
                for (TraceEvent e : TraceReader.read(bytes.toString(StandardCharsets.UTF_8), "trace")) {
                    replay.onEvent(e);
                }
                replay.finish(r.stats().virtualTime());
                String what = "bug=" + bug + " seed " + seed;
                assertEquals(live.history().size(), replay.history().size(), what);
                assertTrue(live.history().size() >= 30, what);
                assertEquals(live.violations(), replay.violations(), what);
                assertEquals(live.window(), replay.window(), what);
                if (bug.isEmpty()) {
                    assertEquals(List.of(), live.violations(), what);
                }
            }
        }
    }

    @Test
    void unreplicatedServersAreCaughtWithoutAnyFault() {
        PropertyRunner.Failure f = PropertyRunner.of(new TinyKv()).nodes(2).clients(3).until(2_000)
                .params("ops=12,bug=replicas").shrinkParam("ops")
                .faults(FaultBounds.none().drops(0.1).horizon(1_000))
                .seeds(50)
                .search().orElseThrow(() -> new AssertionError("unreplicated servers not caught in 50 seeds"));
        assertEquals(List.of(), f.minimal().faults(), f.report());
        assertTrue(f.command().contains("--protocol tinykv"), f.command());
    }
}
