package consensuslab.visualizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Protocol;
import consensuslab.labs.Lab;
import consensuslab.visualizer.model.Preset;
import consensuslab.visualizer.model.Presets;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.visualizer.model.LiveRun;
import consensuslab.visualizer.model.RunSpec;
import consensuslab.visualizer.model.UserAction;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates docs/screenshots/*.png (skipped unless -Dscreenshots=true):
 * {@code mvn -q -B -o -pl visualizer test -Dtest=ScreenshotsTest -Dscreenshots=true}
 */
@EnabledIfSystemProperty(named = "screenshots", matches = "true")
class ScreenshotsTest {

    private static final Path OUT = Path.of(System.getProperty("screenshots.dir", "../docs/screenshots"));

    @Test
    void regenerate() throws Exception {
        Files.createDirectories(OUT);
        for (Protocol<?> p : Lab.registry().all()) {
            MainView v = open();
            RunSpec spec = RunSpec.defaults(p, 1).withNodes(Math.max(5, p.defaultNodes()));
            Fx.run(() -> v.start(spec));
            midRun(v, busyTime(p, spec));
            Fx.run(() -> v.viz().selectNode("n1"));
            shot(v, v, p.name() + ".png");
        }
        // the load preset: many messages in flight, 9 nodes
        MainView load = open();
        Preset storm = Presets.ALL.stream().filter(x -> x.name().contains("token storm")).findFirst().orElseThrow();
        Fx.run(() -> load.startPreset(storm));
        midRun(load, 60);
        shot(load, load, "echo-9-nodes-load.png");
        // the invariant panel turning red
        MainView bug = open();
        Preset nosync = Presets.ALL.stream().filter(x -> x.name().contains("nosync")).findFirst().orElseThrow();
        Fx.run(() -> bug.startPreset(nosync));
        midRun(bug, 40);
        shot(bug, bug, "invariant-violated.png");
        // the space-time diagram and the inspector, on the richest protocol available
        Protocol<?> rich = Lab.registry().all().stream().filter(p -> p.name().equals("zab")).findFirst()
                .orElse(Lab.registry().all().get(Lab.registry().all().size() - 1));
        MainView v = open();
        Fx.run(() -> v.start(RunSpec.defaults(rich, 3).withNodes(5)));
        midRun(v, busyTime(rich, RunSpec.defaults(rich, 3).withNodes(5)));
        Fx.run(() -> v.viz().selectNode("n2"));
        String suffix = rich.name().equals("zab") ? "" : "-" + rich.name(); // the docs show ZAB's
        shot(v, v.diagramView(), "spacetime" + suffix + ".png");
        // the inspector in a tall window of its own, so that more of the state (logs, trees) shows
        consensuslab.visualizer.view.InspectorView tall = Fx.call(() -> {
            consensuslab.visualizer.view.InspectorView iv = new consensuslab.visualizer.view.InspectorView(v.viz());
            Stage st = new Stage();
            st.setScene(new Scene(iv, 460, 980));
            st.show();
            iv.refresh();
            return iv;
        });
        shot(v, tall, "inspector" + suffix + ".png");
        // crash whoever leads, and watch what follows
        String leader = Fx.call(() -> {
            for (var en : v.viz().state().nodes().entrySet()) {
                String r = en.getValue().role().toLowerCase(java.util.Locale.ROOT);
                if (r.equals("leading") || r.equals("leader") || r.equals("coordinator")) {
                    return en.getKey();
                }
            }
            return null;
        });
        if (leader != null) {
            Fx.run(() -> {
                v.viz().crashOrRestart(leader);
                v.viz().setPlaying(true);
                v.viz().setSpeed(200);
                for (int i = 0; i < 60; i++) {
                    v.frame(0.016);
                }
                v.viz().setPlaying(false);
                v.refresh();
            });
            shot(v, v, rich.name() + "-leader-crash.png");
        }
    }

    /** The median time of the run's state changes: the middle of the action. */
    private static long busyTime(Protocol<?> p, RunSpec spec) {
        LiveRun probe = new LiveRun(p, spec);
        probe.apply(new UserAction.Advance(spec.until(), Integer.MAX_VALUE));
        java.util.List<Long> times = new java.util.ArrayList<>();
        for (TraceEvent e : probe.timeline().events()) {
            if (e.type() == EventType.STATE) {
                times.add(e.time());
            }
        }
        return times.isEmpty() ? 1 : Math.max(1, times.get(times.size() / 2));
    }

    private static MainView open() {
        return Fx.call(() -> {
            MainView v = new MainView(new Viz(Lab.registry()));
            Stage st = new Stage();
            Scene sc = v.scene(1440, 900);
            st.setScene(sc);
            st.show();
            return v;
        });
    }

    private static void midRun(MainView v, long virtualMs) {
        Fx.run(() -> {
            v.viz().setPlaying(true);
            v.viz().setSpeed(200);
            double wall = Math.max(0.02, virtualMs / 200.0);
            for (double t = 0; t < wall; t += 0.016) {
                v.frame(0.016);
            }
            // stop where something is happening: with messages in flight
            v.viz().setSpeed(50);
            for (int i = 0; i < 2000 && v.viz().state().inflightCount() == 0 && v.viz().playing(); i++) {
                v.frame(0.016);
            }
            v.viz().setSpeed(20);
            v.viz().setPlaying(false);
            v.refresh();
        });
    }

    private static void shot(MainView v, javafx.scene.Node what, String name) {
        Path f = OUT.resolve(name);
        assertTrue(Fx.call(() -> v.exportPng(what, f)), "wrote " + f);
        System.out.println("screenshot " + f.toAbsolutePath().normalize());
    }
}
