package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
