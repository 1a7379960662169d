package consensuslab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known-good histories pass, known-bad ones fail with a small window, indeterminate ops included. */
class LinearizabilityCheckerTest {

    /** Shorthand: a history written as a script of invokes and returns in real-time order. */
    private static final class Script {
        final History h = new History();
        long t;

        Script inv(String c, long id, KvOp op) {
            h.invoke(c, id, op, t++);
            return this;
        }

        Script ret(String c, long id, KvResult r) {
            h.complete(c, id, r, t++);
            return this;
        }

        /** A whole operation, not overlapping anything. */
        Script op(String c, long id, KvOp op, KvResult r) {
            return inv(c, id, op).ret(c, id, r);
        }

        boolean ok() {
            return Linearizability.check(h).ok();
        }

        Linearizability.Result result() {
            return Linearizability.check(h);
        }
    }

    private static final KvResult OK = KvResult.done();

    private static KvResult read(String v) {
        return KvResult.read(v);
    }

    // ---- accepted ---------------------------------------------------------------------------------

    @Test
    void sequentialHistoryOfEveryOperationIsAccepted() {
        Script s = new Script()
                .op("c1", 1, KvOp.get("x"), read(null))
                .op("c1", 2, KvOp.put("x", "1"), OK)
                .op("c2", 1, KvOp.get("x"), read("1"))
                .op("c2", 2, KvOp.append("x", "2"), OK)
                .op("c1", 3, KvOp.get("x"), read("12"))
                .op("c1", 4, KvOp.cas("x", "12", "3"), KvResult.swapped(true))
                .op("c2", 3, KvOp.cas("x", "12", "4"), KvResult.swapped(false))
                .op("c2", 4, KvOp.get("x"), read("3"))
                .op("c1", 5, KvOp.cas("y", null, "new"), KvResult.swapped(true))
                .op("c1", 6, KvOp.get("y"), read("new"));
        assertTrue(s.ok());
    }

    @Test
    void concurrentReadMaySeeEitherValue() {
        for (String seen : new String[] {"0", "1"}) {
            Script s = new Script()
                    .op("c1", 1, KvOp.put("x", "0"), OK)
                    .inv("c1", 2, KvOp.put("x", "1"))
                    .inv("c2", 1, KvOp.get("x"))
                    .ret("c2", 1, read(seen))
                    .ret("c1", 2, OK);
            assertTrue(s.ok(), "read of " + seen);
        }
    }

    @Test
    void readsMustBeOrderedLikeTheirWritesButOverlappingOnesMayReorder() {
        // c2's write starts before c1's and ends after; c3 reads 2 then 1: fine (1 after 2).
        Script s = new Script()
                .inv("c2", 1, KvOp.put("x", "2"))
                .inv("c1", 1, KvOp.put("x", "1"))
                .op("c3", 1, KvOp.get("x"), read("2"))
                .op("c3", 2, KvOp.get("x"), read("1"))
                .ret("c1", 1, OK)
                .ret("c2", 1, OK);
        assertTrue(s.ok());
    }

    @Test
    void indeterminateWriteExplainsALaterRead() {
        Script s = new Script()
                .op("c1", 1, KvOp.put("x", "0"), OK)
                .inv("c1", 2, KvOp.put("x", "1")) // never returns: the client crashed
                .op("c2", 1, KvOp.get("x"), read("0"))
                .op("c2", 2, KvOp.get("x"), read("1"))
                .op("c2", 3, KvOp.get("x"), read("1"));
        assertTrue(s.ok());
        // ...and also one that never took effect.
        Script never = new Script()
                .op("c1", 1, KvOp.put("x", "0"), OK)
                .inv("c1", 2, KvOp.append("x", "1"))
                .op("c2", 1, KvOp.get("x"), read("0"))
                .op("c2", 2, KvOp.get("x"), read("0"));
        assertTrue(never.ok());
        // An indeterminate cas that swapped, seen by a later read.
        Script cas = new Script()
                .op("c1", 1, KvOp.put("x", "a"), OK)
                .inv("c1", 2, KvOp.cas("x", "a", "b"))
                .op("c2", 1, KvOp.get("x"), read("b"));
        assertTrue(cas.ok());
    }

    @Test
    void independentKeysAreCheckedApart() {
        Script s = new Script()
                .inv("c1", 1, KvOp.put("x", "1"))
                .inv("c2", 1, KvOp.put("y", "1"))
                .op("c3", 1, KvOp.get("x"), read("1"))
                .op("c3", 2, KvOp.get("y"), read(null))
                .ret("c1", 1, OK)
                .ret("c2", 1, OK);
        Linearizability.Result r = s.result();
        assertTrue(r.ok());
        assertEquals(2, r.keys());
    }

    @Test
    void failedPutsAndGetsDidNotHappen() {
        Script s = new Script()
                .op("c1", 1, KvOp.put("x", "1"), new KvResult(false, null))
                .op("c2", 1, KvOp.get("x"), new KvResult(false, "junk"))
                .op("c2", 2, KvOp.get("x"), read(null));
        assertTrue(s.ok());
    }

    // ---- rejected ---------------------------------------------------------------------------------

    @Test
    void staleReadIsRejectedWithATwoOperationWindow() {
        Script s = new Script();
        for (int i = 1; i <= 30; i++) {
            s.op("c1", i, KvOp.put("x", "v" + i), OK).op("c2", i, KvOp.get("x"), read("v" + i));
        }
        s.op("c1", 31, KvOp.put("x", "new"), OK).op("c2", 31, KvOp.get("x"), read("v30"));
        Linearizability.Result r = s.result();
        assertFalse(r.ok());
        Linearizability.KeyFailure f = r.failures().get(0);
        assertEquals("x", f.key());
        assertEquals(2, f.window().size(), f.windowText());
        assertEquals("put", f.window().get(0).op().f());
        assertEquals("new", f.window().get(0).op().value());
        assertEquals("v30", f.window().get(1).result().value());
    }

    @Test
    void lostWriteIsRejected() {
        Script s = new Script()
                .op("c1", 1, KvOp.append("x", "a"), OK)
                .op("c2", 1, KvOp.append("x", "b"), OK)
                .op("c3", 1, KvOp.get("x"), read("b"));
        assertFalse(s.ok());
        Script put = new Script()
                .op("c1", 1, KvOp.put("x", "1"), OK)
                .op("c2", 1, KvOp.get("x"), read(null));
        assertFalse(put.ok());
    }

    @Test
    void casAnomaliesAreRejected() {
        // Two cas from the same value both claim to have swapped.
        Script both = new Script()
                .op("c1", 1, KvOp.put("x", "0"), OK)
                .inv("c1", 2, KvOp.cas("x", "0", "1"))
                .inv("c2", 1, KvOp.cas("x", "0", "2"))
                .ret("c1", 2, KvResult.swapped(true))
                .ret("c2", 1, KvResult.swapped(true));
        assertFalse(both.ok());
        // A cas that did not swap although the value was what it expected.
        Script refused = new Script()
                .op("c1", 1, KvOp.put("x", "0"), OK)
                .op("c2", 1, KvOp.cas("x", "0", "1"), KvResult.swapped(false));
        assertFalse(refused.ok());
        // A cas that swapped from a value the key never held.
        Script phantom = new Script()
                .op("c1", 1, KvOp.put("x", "0"), OK)
                .op("c2", 1, KvOp.cas("x", "9", "1"), KvResult.swapped(true));
        assertFalse(phantom.ok());
    }

    @Test
    void readOfAValueNeverWrittenIsRejected() {
        Script s = new Script()
                .op("c1", 1, KvOp.put("x", "1"), OK)
                .inv("c1", 2, KvOp.put("x", "2"))
                .op("c2", 1, KvOp.get("x"), read("3"));
        assertFalse(s.ok());
    }

    @Test
    void indeterminateWriteCannotExplainAReadBeforeItWasInvoked() {
        Script s = new Script()
                .op("c2", 1, KvOp.get("x"), read("1"))
                .inv("c1", 1, KvOp.put("x", "1")); // invoked after the read returned, never returns
        assertFalse(s.ok());
    }

    @Test
    void indeterminateWriteTakesEffectAtMostOnce() {
        Script s = new Script()
                .op("c1", 1, KvOp.put("x", "0"), OK)
                .inv("c1", 2, KvOp.put("x", "1"))
                .op("c2", 1, KvOp.get("x"), read("1"))
                .op("c2", 2, KvOp.get("x"), read("0"))
                .op("c2", 3, KvOp.get("x"), read("1"));
        assertFalse(s.ok());
        // An indeterminate append cannot have happened twice either.
        Script twice = new Script()
                .inv("c1", 1, KvOp.append("x", "a"))
                .op("c2", 1, KvOp.get("x"), read("aa"));
        assertFalse(twice.ok());
    }

    @Test
    void onlyTheFailingKeyIsReported() {
        Script s = new Script()
                .op("c1", 1, KvOp.put("good", "1"), OK)
                .op("c2", 1, KvOp.get("good"), read("1"))
                .op("c1", 2, KvOp.put("bad", "1"), OK)
                .op("c2", 2, KvOp.get("bad"), read("2"));
        Linearizability.Result r = s.result();
        assertEquals(1, r.failures().size());
        assertEquals("bad", r.failures().get(0).key());
    }

    // ---- as a checker over trace events ----------------------------------------------------------

    private static TraceEvent event(long seq, EventType type, String node, long id, Object op, Object result) {
        return new TraceEvent(seq, seq * 10, type, node, null, null, id, null, null, null, null, op, result, null, null);
    }

    private static JsonNode asRead(Object record) {
        try {
            return Json.MAPPER.readTree(Json.string(record));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void checkerReadsLiveAndReadBackEventsAndReportsOneLinePerFailingKey() {
        for (boolean readBack : new boolean[] {false, true}) {
            List<TraceEvent> events = new ArrayList<>();
            long seq = 0;
            Object[][] script = {
                {"c1", 1L, KvOp.put("k", "a"), KvResult.done()},
                {"c2", 1L, KvOp.get("k"), KvResult.read("a")},
                {"c1", 2L, KvOp.put("k", "b"), KvResult.done()},
                {"c2", 2L, KvOp.get("k"), KvResult.read("a")}, // stale
            };
            for (Object[] row : script) {
                Object op = readBack ? asRead(row[2]) : row[2];
                Object res = readBack ? asRead(row[3]) : row[3];
                events.add(event(seq++, EventType.INVOKE, (String) row[0], (Long) row[1], op, null));
                events.add(event(seq++, EventType.RETURN, (String) row[0], (Long) row[1], null, res));
            }
            // Unrelated operations (another protocol's) and a note are ignored.
            events.add(event(seq++, EventType.INVOKE, "c3", 1, new Other("ping", 1), null));
            events.add(event(seq++, EventType.RETURN, "c3", 1, null, 5));
            LinearizabilityChecker c = new LinearizabilityChecker();
            events.forEach(c::onEvent);
            c.finish(1000);
            assertEquals(1, c.violations().size(), "readBack=" + readBack);
            Violation v = c.violations().get(0);
            assertEquals("linearizability", v.checker());
            assertFalse(v.message().contains("\n"));
            assertTrue(v.message().startsWith("key k is not linearizable"), v.message());
            assertEquals(7, v.seq(), "points at the stale read's return");
            assertEquals(2, c.window().lines().count(), c.window());
            assertTrue(c.window().contains("put k \"b\""), c.window());
            assertEquals(4, c.history().size());
        }
    }

    @Test
    void checkerPassesAGoodTraceWithAnIndeterminateOperation() {
        LinearizabilityChecker c = new LinearizabilityChecker();
        c.onEvent(event(0, EventType.INVOKE, "c1", 1, KvOp.put("k", "a"), null));
        c.onEvent(event(1, EventType.INVOKE, "c2", 1, KvOp.get("k"), null));
        c.onEvent(event(2, EventType.RETURN, "c2", 1, null, KvResult.read("a")));
        c.finish(100);
        assertEquals(List.of(), c.violations());
        assertTrue(c.result().ok());
        assertEquals("", c.window());
    }

    /** Some other protocol's operation record. */
    record Other(String f, long seq) {
    }

    // ---- generated histories ----------------------------------------------------------------------

    @Test
    void generatedLinearizableHistoriesPassAndACorruptedReadFails() {
        for (long seed = 1; seed <= 40; seed++) {
            String replay = "seed " + seed + " (replay: LinBench.generate(" + seed + ", 400, 5, 3, 0.05))";
            History h = LinBench.generate(seed, 400, 5, 3, 0.05);
            assertTrue(Linearizability.check(h).ok(), replay);
            // Corrupt one completed read: make it return a value nobody wrote.
            History bad = new History();
            boolean corrupted = false;
            List<History.Op> ops = h.ops();
            List<long[]> events = new ArrayList<>();
            for (History.Op o : ops) {
                events.add(new long[] {o.invokeSeq(), o.index(), 0});
                if (!o.indeterminate()) {
                    events.add(new long[] {o.returnSeq(), o.index(), 1});
                }
            }
            events.sort((a, b) -> Long.compare(a[0], b[0]));
            int victim = -1;
            for (History.Op o : ops) {
                if (o.index() > ops.size() / 2 && "get".equals(o.op().f()) && !o.indeterminate()) {
                    victim = o.index();
                    break;
                }
            }
            for (long[] e : events) {
                History.Op o = ops.get((int) e[1]);
                if (e[2] == 0) {
                    bad.invoke(o.client(), o.opId(), o.op(), o.invokeTime(), e[0]);
                } else {
                    KvResult r = o.result();
                    if (o.index() == victim) {
                        r = KvResult.read("never-written");
                        corrupted = true;
                    }
                    bad.complete(o.client(), o.opId(), r, o.returnTime(), e[0]);
                }
            }
            assertTrue(corrupted, replay);
            Linearizability.Result r = Linearizability.check(bad);
            assertFalse(r.ok(), replay);
            Linearizability.KeyFailure f = r.failures().get(0);
            final int v = victim;
            assertTrue(f.window().stream().anyMatch(o -> o.index() == v), replay + "\n" + f.windowText());
            assertTrue(f.window().size() < f.ops() / 4, replay + ": window of " + f.window().size() + " of " + f.ops());
            // The window fails by itself, and is a fair proof: the same operations with their
            // uncorrupted results, checked the same way, pass.
            assertFalse(f.windowLinearizable(), replay);
            List<History.Op> original = new ArrayList<>();
            for (History.Op o : f.window()) {
                original.add(h.ops().get(o.index()));
            }
            assertTrue(new Linearizability.KeyFailure(f.key(), f.ops(), original, f.fromStart(), f.cut()).windowLinearizable(),
                    replay + "\n" + f.windowText());
        }
    }

    // ---- against brute force ----------------------------------------------------------------------

    /** Tries every order (and every subset of the indeterminate operations) of a tiny history. */
    private static boolean bruteForce(List<History.Op> all) {
        List<History.Op> ops = new ArrayList<>();
        for (History.Op o : all) {
            if (o.indeterminate() && "get".equals(o.op().f())) {
                continue;
            }
            if (!o.indeterminate() && !o.result().ok() && !"cas".equals(o.op().f())) {
                continue;
            }
            ops.add(o);
        }
        return brute(ops, new boolean[ops.size()], Linearizability.Reg.ABSENT);
    }

    private static boolean brute(List<History.Op> ops, boolean[] done, Linearizability.Reg state) {
        boolean allDone = true;
        for (int i = 0; i < ops.size(); i++) {
            if (!done[i] && !ops.get(i).indeterminate()) {
                allDone = false;
            }
        }
        if (allDone) {
            return true;
        }
        for (int x = 0; x < ops.size(); x++) {
            if (done[x]) {
                continue;
            }
            History.Op o = ops.get(x);
            boolean ready = true;
            for (int y = 0; y < ops.size(); y++) {
                History.Op p = ops.get(y);
                if (!done[y] && y != x && !p.indeterminate() && p.returnSeq() < o.invokeSeq()) {
                    ready = false;
                }
            }
            if (!ready) {
                continue;
            }
            Linearizability.Reg after = Linearizability.step(state, o.op(), o.result());
            if (after == null) {
                continue;
            }
            done[x] = true;
            boolean ok = brute(ops, done, after);
            done[x] = false;
            if (ok) {
                return true;
            }
        }
        return false;
    }

    @Test
    void bothSearchesAgreeWithBruteForceOnTinyHistories() {
        String[] values = {null, "c1.1", "c2.1", "+1", "c1.1+2", "c2.1+1", "c3.1"};
        int linearizable = 0;
        int not = 0;
        for (long seed = 1; seed <= 1500; seed++) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            History h = LinBench.generate(seed, 4 + r.nextInt(4), 2 + r.nextInt(2), 1, 0.25);
            // Half the time, change one completed result at random.
            if (r.nextBoolean()) {
                List<Integer> done = new ArrayList<>();
                for (History.Op o : h.ops()) {
                    if (!o.indeterminate()) {
                        done.add(o.index());
                    }
                }
                if (!done.isEmpty()) {
                    History.Op o = h.ops().get(done.get(r.nextInt(done.size())));
                    KvResult res = "get".equals(o.op().f()) ? KvResult.read(values[r.nextInt(values.length)])
                            : new KvResult(!o.result().ok(), null);
                    h = h.withResult(o.index(), res);
                }
            }
            List<History.Op> ops = h.byKey().values().iterator().next();
            boolean expected = bruteForce(ops);
            String replay = "seed " + seed + ":\n" + String.join("\n", LinBench.lines(h));
            assertEquals(expected, Linearizability.linearizable(ops, 0), "depth-first, " + replay);
            assertEquals(expected, Linearizability.linearizable(ops, 1), "best-first, " + replay);
            assertEquals(expected, Linearizability.linearizable(h), "combined, " + replay);
            if (expected) {
                linearizable++;
            } else {
                not++;
                // The window is a proof: it fails by itself.
                Linearizability.KeyFailure f = Linearizability.check(h).failures().get(0);
                assertFalse(f.windowLinearizable(), replay);
            }
        }
        assertTrue(linearizable > 300 && not > 300, linearizable + " linearizable, " + not + " not");
    }
}
