package consensuslab.zk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.check.Violation;
import consensuslab.core.Json;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceWriter;
import consensuslab.zab.ZabKit;
import consensuslab.zab.ZabStateMachine;
import consensuslab.zk.sim.ZnodeSimStateMachine.TreeView;
import consensuslab.zk.sim.ZnodeSimStateMachine.ZnodeLine;
import consensuslab.zk.sim.ZnodeTreeChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The znode workload in the simulator ({@code --param workload=znode}): clients are nodes that open
 * a session, create (persistent, ephemeral, sequential), setData and delete with versions, read,
 * and close the session; every server publishes its tree.
 */
class ZnodeWorkloadScenario {

    private static final String FAULTS = "crash n1@300ms; restart n1@900ms; partition@1200ms n2|n1,n3; heal@1700ms; "
            + "crash n3@2000ms; restart n3@2400ms";

    private static ZabKit kit(long seed, String params, String faults) {
        System.out.println("ZnodeWorkloadScenario seed " + seed + "; replay: bin/lab sim --protocol zab --nodes 3 --clients 2 --seed " + seed
                + " --param " + params + (faults.isEmpty() ? "" : " --faults \"" + faults + "\""));
        return new ZabKit(ZnodeWorkload.protocol(), 3, 2, seed, params, faults);
    }

    private static TreeView tree(ZabKit k, int i) {
        return (TreeView) k.state(i).data();
    }

    private static boolean clientsFinished(ZabKit k) {
        for (int c = 1; c <= 2; c++) {
            Object client = k.sim.node(NodeId.client(c));
            if (!(client instanceof ZnodeSimClient z) || !z.finished()) {
                return false;
            }
        }
        return true;
    }

    /** Runs until both clients are done and every server is up and at the same last zxid. */
    private static void runToQuiet(ZabKit k) {
        boolean quiet = k.runUntil(s -> {
            if (!clientsFinished(k) || !k.allServing()) {
                return false;
            }
            String z = tree(k, 1).lastZxid();
            return z.equals(tree(k, 2).lastZxid()) && z.equals(tree(k, 3).lastZxid());
        }, 9_000);
        assertTrue(quiet, "clients finish and the replicas catch up; notes: " + k.allNotes());
    }

    private static List<TraceEvent> returns(ZabKit k) {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : k.events) {
            if (e.type() == EventType.RETURN) {
                out.add(e);
            }
        }
        return out;
    }

    /** "c1:3" → the op invoked. */
    private static Map<String, JsonNode> invokes(ZabKit k) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (TraceEvent e : k.events) {
            if (e.type() == EventType.INVOKE) {
                out.put(e.node() + ":" + e.id(), TraceEvent.json(e.op()));
            }
        }
        return out;
    }

    @Test
    void replicasEndWithIdenticalTreesWithAndWithoutFaults() {
        for (long seed : new long[] {1, 2, 3, 7, 11}) {
            for (String faults : List.of("", FAULTS)) {
                ZabKit k = kit(seed, "workload=znode,ops=15", faults);
                runToQuiet(k);
                TreeView t1 = tree(k, 1);
                for (int i = 2; i <= 3; i++) {
                    assertEquals(t1, tree(k, i), "seed " + seed + " faults '" + faults + "': n" + i + "'s tree equals n1's");
                }
                assertEquals(Long.toHexString(((ZnodeSimStateMachine) stateMachineOf(k, 1)).tree().digest()), t1.digest());
                long okWrites = returns(k).stream().filter(e -> TraceEvent.json(e.result()).path("ok").asBoolean()
                        && TraceEvent.json(e.result()).path("zxid").asLong() > 0).count();
                assertTrue(okWrites >= 6, "seed " + seed + ": a real workload ran (" + okWrites + " successful writes)");
                assertTrue(t1.nodes().size() > 1, "seed " + seed + ": znodes were created: " + t1.nodes());
                assertEquals(List.of(), k.finish(), "seed " + seed + " faults '" + faults + "'");
            }
        }
    }

    private static ZabStateMachine stateMachineOf(ZabKit k, int i) {
        // the state machine behind the published view is the only ZnodeSimStateMachine of the peer
        return k.peer(i).db().stateMachine();
    }

    @Test
    void ephemeralsAreRemovedWhenTheSessionCloses() {
        int withEphemerals = 0;
        for (long seed = 1; seed <= 8; seed++) {
            ZabKit k = kit(seed, "workload=znode,ops=15", "");
            runToQuiet(k);
            boolean sawEphemeral = false;
            for (TraceEvent e : k.events) {
                if (e.type() == EventType.STATE && e.node().startsWith("n")) {
                    for (JsonNode n : TraceEvent.json(e.state()).path("data").path("nodes")) {
                        sawEphemeral |= n.path("ephemeralOwner").isTextual();
                    }
                }
            }
            withEphemerals += sawEphemeral ? 1 : 0;
            for (int i = 1; i <= 3; i++) {
                TreeView t = tree(k, i);
                assertEquals(List.of(), t.sessions(), "seed " + seed + ": both sessions closed on n" + i);
                for (ZnodeLine l : t.nodes()) {
                    assertEquals(null, l.ephemeralOwner(), "seed " + seed + ": ephemeral " + l.path() + " outlived its session on n" + i);
                }
            }
            assertEquals(List.of(), k.finish());
        }
        assertTrue(withEphemerals >= 4, "ephemerals existed before the close in most runs (" + withEphemerals + "/8)");

        // the contrast: sessions left open keep their ephemerals
        ZabKit open = kit(3, "workload=znode,ops=15,closeSession=false", "");
        runToQuiet(open);
        TreeView t = tree(open, 1);
        assertEquals(List.of("0xc0101", "0xc0201"), t.sessions());
        assertTrue(t.nodes().stream().anyMatch(l -> l.ephemeralOwner() != null), "open sessions keep ephemerals: " + t.nodes());
    }

    @Test
    void sequentialNodesGetTenDigitSuffixesFromTheParentsCounter() {
        int seen = 0;
        for (long seed = 1; seed <= 6; seed++) {
            ZabKit k = kit(seed, "workload=znode,ops=20", "");
            runToQuiet(k);
            Map<String, JsonNode> ops = invokes(k);
            List<Long> suffixes = new ArrayList<>();
            for (TraceEvent e : returns(k)) {
                JsonNode op = ops.get(e.node() + ":" + e.id());
                JsonNode r = TraceEvent.json(e.result());
                if ("create".equals(op.path("f").asText()) && op.path("mode").asText().endsWith("SEQUENTIAL") && r.path("ok").asBoolean()) {
                    String path = r.path("path").asText();
                    assertTrue(path.matches("/[sq]-\\d{10}"), "seed " + seed + ": sequential name " + path);
                    assertTrue(path.startsWith(op.path("path").asText()), path + " extends the requested " + op.path("path").asText());
                    suffixes.add(Long.parseLong(path.substring(3)));
                    seen++;
                }
            }
            for (int i = 1; i < suffixes.size(); i++) {
                assertNotEquals(suffixes.get(i - 1), suffixes.get(i), "seed " + seed + ": distinct suffixes " + suffixes);
            }
            assertEquals(List.of(), k.finish());
        }
        assertTrue(seen >= 5, "sequential creates happened (" + seen + ")");
    }

    @Test
    void conditionalWritesSeeBadVersionAndReadsAreServedLocally() {
        boolean badVersion = false;
        boolean read = false;
        for (long seed = 1; seed <= 10; seed++) {
            ZabKit k = kit(seed, "workload=znode,ops=20", "");
            runToQuiet(k);
            for (TraceEvent e : returns(k)) {
                JsonNode r = TraceEvent.json(e.result());
                badVersion |= "BADVERSION".equals(r.path("code").asText());
                read |= r.path("zxid").asLong() == 0 && r.path("ok").asBoolean();
            }
        }
        assertTrue(badVersion, "some conditional setData/delete met a newer version");
        assertTrue(read, "some getData/exists was answered without a transaction");
    }

    private static byte[] traceBytes(Path dir, long seed, String name) throws Exception {
        Path f = dir.resolve(name);
        TraceWriter w = TraceWriter.toFile(f);
        SimRun.run(ZnodeWorkload.protocol(), new SimRun.Options(3, 2, seed, 4_000, FaultSchedule.parse(FAULTS), Params.parse("workload=znode,ops=12"), false, true),
                List.of(w));
        w.close();
        return Files.readAllBytes(f);
    }

    @Test
    void sameSeedSameTraceBytes(@TempDir Path dir) throws Exception {
        byte[] a = traceBytes(dir, 5, "a.jsonl");
        byte[] b = traceBytes(dir, 5, "b.jsonl");
        byte[] c = traceBytes(dir, 6, "c.jsonl");
        assertTrue(a.length > 10_000, "a real trace (" + a.length + " bytes)");
        assertTrue(java.util.Arrays.equals(a, b), "seed 5 twice: identical trace bytes");
        assertFalse(java.util.Arrays.equals(a, c), "seed 6 differs from seed 5");
    }

    private static TraceEvent state(long seq, String node, TreeView v) {
        TraceEvent e = TraceEvent.of(seq, seq, EventType.STATE);
        return new TraceEvent(e.seq(), e.time(), e.type(), node, null, null, null, null, null, null,
                Json.MAPPER.createObjectNode().set("data", Json.tree(v)), null, null, null, null);
    }

    private static TreeView view(String zxid, String digest, List<String> sessions, String owner) {
        return new TreeView(zxid, digest, 2, sessions, List.of(new ZnodeLine("/", "", "0x0", "0x0", 0, 1, 1, null),
                new ZnodeLine("/e0", "x", zxid, zxid, 0, 0, 0, owner)));
    }

    @Test
    void theCheckerCatchesDivergentTreesAndLeftoverEphemerals() {
        ZnodeTreeChecker same = new ZnodeTreeChecker();
        same.onEvent(state(1, "n1", view("0x100000002", "aa", List.of("0xc0101"), "0xc0101")));
        same.onEvent(state(2, "n2", view("0x100000002", "aa", List.of("0xc0101"), "0xc0101")));
        assertEquals(List.of(), same.violations(), "equal digests at equal zxids are fine");

        ZnodeTreeChecker diverged = new ZnodeTreeChecker();
        diverged.onEvent(state(1, "n1", view("0x100000002", "aa", List.of("0xc0101"), "0xc0101")));
        diverged.onEvent(state(2, "n2", view("0x100000002", "bb", List.of("0xc0101"), "0xc0101")));
        List<Violation> v = diverged.violations();
        assertEquals(1, v.size());
        assertTrue(v.get(0).message().contains("n2 has tree digest bb at zxid 0x100000002 but n1 had aa"), v.get(0).message());

        ZnodeTreeChecker leftover = new ZnodeTreeChecker();
        leftover.onEvent(new TraceEvent(1, 1, EventType.INVOKE, "c1", null, null, 9L, null, null, null, null,
                new ZnodeSimClient.ZnodeClientOp("closeSession", null, null, -1, null, "0xc0101"), null, null, null));
        leftover.onEvent(new TraceEvent(2, 2, EventType.RETURN, "c1", null, null, 9L, null, null, null, null, null,
                new ZnodeSimClient.ZnodeClientResult(true, "OK", null, null, -1, 0x100000003L), null, null));
        leftover.onEvent(state(3, "n1", view("0x100000002", "aa", List.of("0xc0101"), "0xc0101")));
        assertEquals(List.of(), leftover.violations(), "before the close's zxid the ephemeral may exist");
        leftover.onEvent(state(4, "n1", view("0x100000004", "cc", List.of(), "0xc0101")));
        assertEquals(1, leftover.violations().size());
        assertTrue(leftover.violations().get(0).message().contains("still holds ephemeral /e0 of session 0xc0101"),
                leftover.violations().get(0).message());
    }

    @Test
    void anUnknownWorkloadIsOneClearLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZnodeWorkload.protocol().factory(Params.parse("workload=sql")));
        assertEquals("parameter workload=sql is unknown (workloads: kv, znode)", e.getMessage());
    }
}
