package consensuslab.twopc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Json;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.twopc.three.ThreePhaseCommit;
import consensuslab.twopc.two.TwoPhaseCommit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the trace shows: legal state transitions, every state, published views; determinism; bad input. */
class TraceTest {

    static final Set<String> LEGAL = Set.of("INIT>READY", "INIT>ABORTED", "READY>PRECOMMIT", "READY>COMMITTED",
            "READY>ABORTED", "PRECOMMIT>COMMITTED");

    /** Every participant-state change in failure-free runs is a legal transition; returns the states seen. */
    private static Set<String> transitions(Protocol<?> p, long seed) {
        var d = Runs.drive(p, Runs.options(p, seed, 4, 2, 5_000, "txns=6,keys=4", ""));
        d.sim.runUntil(5_000);
        Map<String, String> last = new HashMap<>();
        Set<String> seen = new TreeSet<>();
        for (TraceEvent e : d.trace) {
            Map<String, String> txns = Views.participantTxns(e);
            if (txns == null) {
                continue;
            }
            ParticipantView v = (ParticipantView) e.state();
            assertEquals("participant", v.role());
            for (Map.Entry<String, String> t : txns.entrySet()) {
                seen.add(t.getValue());
                String before = last.put(e.node() + " " + t.getKey(), t.getValue());
                if (before == null) {
                    assertTrue(Set.of("INIT", "ABORTED").contains(t.getValue()), e.node() + " " + t.getKey() + " starts " + t.getValue());
                } else if (!before.equals(t.getValue())) {
                    assertTrue(LEGAL.contains(before + ">" + t.getValue()),
                            p.name() + " " + e.node() + " " + t.getKey() + ": " + before + " -> " + t.getValue());
                }
            }
        }
        return seen;
    }

    @Test
    void everyTransitionIsLegalAndEveryStateAppears() {
        Set<String> two = new TreeSet<>();
        Set<String> three = new TreeSet<>();
        for (long seed = 1; seed <= 5; seed++) {
            two.addAll(transitions(new TwoPhaseCommit(), seed));
            three.addAll(transitions(new ThreePhaseCommit(), seed));
        }
        assertEquals(Set.of("INIT", "READY", "COMMITTED", "ABORTED"), two);
        assertEquals(Set.of("INIT", "READY", "PRECOMMIT", "COMMITTED", "ABORTED"), three);
    }

    @Test
    void theParticipantViewShowsLocksAndTheLog() {
        TwoPhaseCommit p = new TwoPhaseCommit();
        var d = Runs.drive(p, Runs.options(p, 4, 4, 1, 2_000, "txns=1,noVoteRate=0,think=0", ""));
        boolean sawLockedReady = false;
        while (d.sim.step() && d.sim.now() < 2_000) {
            Object s = d.sim.state(consensuslab.core.NodeId.server(2));
            if (s instanceof ParticipantView v && "READY".equals(v.txns().get("c1.1"))) {
                assertTrue(v.locks().containsValue("c1.1"));
                assertTrue(v.log().contains("PREPARED c1.1"));
                sawLockedReady = true;
            }
        }
        assertTrue(sawLockedReady);
        CoordinatorView c = (CoordinatorView) d.sim.state(consensuslab.core.NodeId.server(1));
        assertEquals("coordinator", c.role());
        assertEquals("ENDED", c.txns().get("c1.1"));
        assertTrue(c.log().contains("COMMIT c1.1"));
    }

    @Test
    void sameSeedSameTraceByteForByte() {
        for (Protocol<?> p : new Protocol<?>[] {new TwoPhaseCommit(), new ThreePhaseCommit()}) {
            String f = "crash n1@300ms; restart n1@900ms; crash n3@after-sync2; restart n3@1500ms";
            StringBuilder a = new StringBuilder();
            StringBuilder b = new StringBuilder();
            for (StringBuilder sb : new StringBuilder[] {a, b}) {
                var d = Runs.drive(p, Runs.options(p, 42, 4, 2, 4_000, "txns=4", f));
                d.sim.runUntil(4_000);
                for (TraceEvent e : d.trace) {
                    sb.append(Json.string(e)).append('\n');
                }
            }
            assertTrue(a.length() > 1000);
            assertEquals(a.toString(), b.toString(), p.name());
            assertTrue(a.toString().contains("\"type\":\"" + EventType.CRASH.json() + "\""));
        }
    }

    /** The checkers judge a trace file read back (JSON states) exactly as they judged the live run. */
    @Test
    void checkersGiveTheSameVerdictOverATraceFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ThreePhaseCommit p = new ThreePhaseCommit();
        java.nio.file.Path file = dir.resolve("split.jsonl");
        consensuslab.trace.TraceWriter w = consensuslab.trace.TraceWriter.toFile(file);
        var o = Runs.options(p, 1, 4, 1, 5_000, "txns=1,noVoteRate=0,think=0,maxBlocking=100",
                "partition@18ms n1,n2|n3,n4; heal@3s");
        var live = consensuslab.sim.SimRun.run(p, o, java.util.List.of(w));
        w.close();
        var events = consensuslab.trace.TraceReader.read(file);
        java.util.List<String> fromFile = new java.util.ArrayList<>();
        for (consensuslab.check.Checker c : p.checkers(o.params(), 4, 1)) {
            events.forEach(c::onEvent);
            c.finish(5_000);
            c.violations().forEach(v -> fromFile.add(v.toString()));
        }
        java.util.List<String> fromLive = live.violations().stream().map(Object::toString).toList();
        assertTrue(fromLive.stream().anyMatch(v -> v.startsWith("atomicity: c1.1 committed at n2")), fromLive.toString());
        assertTrue(fromLive.stream().anyMatch(v -> v.startsWith("blocking-time")), fromLive.toString());
        assertEquals(fromLive, fromFile);
    }

    @Test
    void badParametersAreOneClearLine() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new TwoPhaseCommit().factory(Params.parse("noVoteRate=lots")));
        assertEquals("parameter noVoteRate=lots is not a probability between 0 and 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ThreePhaseCommit().factory(Params.parse("timeout=0")));
        assertTrue(e.getMessage().startsWith("parameter timeout=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ThreePhaseCommit().factory(Params.parse("txns=x")));
        assertTrue(e.getMessage().contains("txns=x"), e.getMessage());
    }
}
