package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Registry;
import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.faults.FaultSchedule;
import consensuslab.labs.Lab;
import consensuslab.visualizer.model.Preset;
import consensuslab.visualizer.model.Presets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PresetsTest {

    @Test
    void everyPresetIsAValidScheduleForItsCluster() {
        Set<String> names = new HashSet<>();
        for (Preset p : Presets.ALL) {
            assertTrue(names.add(p.name()), "unique name " + p.name());
            assertTrue(p.nodes() >= 3 && p.nodes() <= 9, p.name() + ": 3 to 9 nodes");
            FaultSchedule.parse(p.faults()).validate(p.nodes(), Math.max(p.clients(), 9));
            Params.parse(p.params());
        }
        for (String needed : new String[] {"split vote", "DIFF", "TRUNC", "SNAP", "coordinator crash", "splitting partition", "dueling"}) {
            assertTrue(Presets.ALL.stream().anyMatch(p -> p.name().contains(needed)), "a preset for " + needed);
        }
    }

    /** The ZAB presets show the sync mode they are named after (the leader notes "sync nX: MODE"); run when zab is registered. */
    @Test
    void zabPresetsShowTheirSyncMode() {
        Registry lab = Lab.registry();
        org.junit.jupiter.api.Assumptions.assumeTrue(lab.all().stream().anyMatch(p -> p.name().equals("zab")), "zab is not registered yet");
        java.util.Map<String, String> expected = java.util.Map.of("DIFF", "sync n1: DIFF", "TRUNC", "sync n3: TRUNC", "SNAP", "sync n5: SNAP");
        for (Preset p : Presets.ALL) {
            for (java.util.Map.Entry<String, String> en : expected.entrySet()) {
                if (p.protocol().equals("zab") && p.name().contains("(" + en.getKey() + ")")) {
                    java.util.List<String> notes = new java.util.ArrayList<>();
                    var spec = Presets.spec(p, lab.get("zab"));
                    consensuslab.sim.SimRun.run(lab.get("zab"), spec.options(), java.util.List.of(e -> {
                        if (e.type() == consensuslab.trace.EventType.NOTE && e.text() != null) {
                            notes.add(e.text());
                        }
                    }));
                    System.out.println(p.name() + ": " + spec.command());
                    assertTrue(notes.stream().anyMatch(t -> t.startsWith(en.getValue())), p.name() + " should show " + en.getValue());
                }
            }
        }
    }

    /** Who led, in order, and when, in a preset's run (from the roles the servers publish). */
    private static java.util.List<String> leaders(Preset p) {
        Registry lab = Lab.registry();
        var spec = Presets.spec(p, lab.get(p.protocol()));
        System.out.println(p.name() + ": " + spec.command());
        java.util.List<String> out = new java.util.ArrayList<>();
        consensuslab.sim.SimRun.run(lab.get(p.protocol()), spec.options(), java.util.List.of(e -> {
            if (e.type() == consensuslab.trace.EventType.STATE && e.node().startsWith("n")) {
                String role = consensuslab.trace.TraceEvent.json(e.state()).path("role").asText();
                String who = e.node() + "@" + e.time();
                if ((role.equals("LEADING") || role.equals("leader")) && (out.isEmpty() || !out.get(out.size() - 1).startsWith(e.node() + "@"))) {
                    out.add(who);
                }
            }
        }));
        return out;
    }

    private static Preset named(String prefix) {
        return Presets.ALL.stream().filter(p -> p.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void leaderPresetsShowWhatTheirLessonsSay() {
        // the book: nobody leads before the third server starts at 600 ms; then n3 leads
        java.util.List<String> book = leaders(named("ZAB: five servers start one by one"));
        assertFalse(book.isEmpty());
        assertTrue(book.get(0).startsWith("n3@"), book.toString());
        assertTrue(Long.parseLong(book.get(0).substring(3)) >= 600, book.toString());
        // leader crash and leader change: a second, different leader takes over after the crash
        for (String name : new String[] {"ZAB: leader crash", "Multi-Paxos: leader change"}) {
            java.util.List<String> l = leaders(named(name));
            assertTrue(l.size() >= 2, name + ": " + l);
            assertNotEquals(l.get(0).split("@")[0], l.get(1).split("@")[0], name + ": " + l);
        }
    }

    @Test
    void presetsOfUnregisteredProtocolsAreUnavailable() {
        Registry onlyEcho = new Registry().add(new Echo());
        for (Preset p : Presets.ALL) {
            assertEquals(p.protocol().equals("echo"), Presets.available(p, onlyEcho), p.name());
        }
        Registry lab = Lab.registry();
        long available = Presets.ALL.stream().filter(p -> Presets.available(p, lab)).count();
        assertTrue(available >= 2, "at least the echo presets are available");
        assertFalse(Presets.ALL.stream().filter(p -> Presets.available(p, lab)).anyMatch(p -> lab.all().stream()
                .noneMatch(x -> x.name().equals(p.protocol()))));
    }
}
