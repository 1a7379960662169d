package consensuslab.visualizer;

import consensuslab.core.Protocol;
import consensuslab.labs.Lab;
import consensuslab.visualizer.model.RunSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Frames per second while animating a 9-node cluster under load, and the event rate the view keeps
 * up with. After a discarded warm-up phase, runs the real window (headless under Monocle when there is no display): every frame
 * advances the simulator by wall time × speed, folds the new events, redraws both views, and the
 * toolkit renders the scene. Prints medians over one-second samples.
 *
 * <pre>
 * VizBench [--protocol echo] [--nodes 9] [--params tokens=30,ops=40] [--faults ""] [--seconds 5]
 *          [--speeds 5,20,50,100,200,500,1000]
 * </pre>
 */
public final class VizBench {

    private VizBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("protocol", "echo");
        o.put("nodes", "9");
        o.put("params", "tokens=30,ops=40");
        o.put("faults", "");
        o.put("seconds", "5");
        o.put("speeds", "5,20,50,100,200,500,1000");
        o.put("seed", "7");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !o.containsKey(args[i].substring(2))) {
                System.err.println("VizBench: unknown option " + args[i] + " (known: " + o.keySet() + ")");
                System.exit(2);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        if (System.getProperty("glass.platform") == null && System.getenv("DISPLAY") == null) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("headless.geometry", "1600x1000-32");
        }
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Platform.setImplicitExit(false);
        String report = run(Lab.registry(), o.get("protocol"), Integer.parseInt(o.get("nodes")), o.get("params"), o.get("faults"),
                Long.parseLong(o.get("seed")), Double.parseDouble(o.get("seconds")),
                Arrays.stream(o.get("speeds").split(",")).mapToDouble(Double::parseDouble).toArray());
        System.out.println(report);
        Platform.exit();
    }

    /** One measured phase. */
    public record Phase(double speed, double fps, double pulses, double frameMs, double frameP95Ms, double eventsPerSec, double inFlight,
                        double keepUp, double fxCpuMs, double renderCpuMs, double load) {
        /** The frame rate the CPU work allows when the machine is not shared: 1000 / the busier thread's ms per frame. */
        double cpuBoundFps() {
            return 1000 / Math.max(0.001, Math.max(fxCpuMs, renderCpuMs));
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU nanoseconds used so far by the toolkit's render thread(s). */
    private static long renderCpu() {
        long sum = 0;
        for (java.lang.management.ThreadInfo ti : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (ti != null && ti.getThreadName().startsWith("QuantumRenderer")) {
                long c = THREADS.getThreadCpuTime(ti.getThreadId());
                if (c > 0) {
                    sum += c;
                }
            }
        }
        return sum;
    }

    /**
     * Runs the benchmark on an already started toolkit and returns the report. Each phase starts
     * the same run afresh, warms up for half a second, and measures for {@code seconds}.
     */
    public static String run(consensuslab.core.Registry registry, String protocolName, int nodes, String params, String faults,
                             long seed, double seconds, double[] speeds) throws InterruptedException {
        Protocol<?> p = registry.get(protocolName);
        RunSpec spec = new RunSpec(p.name(), nodes, p.defaultClients(), seed, faults, params, 100_000_000L);
        List<Phase> phases = new ArrayList<>();
        phase(registry, spec, speeds[0], Math.min(2, seconds)); // warm-up (JIT), not reported
        for (double speed : speeds) {
            phases.add(phase(registry, spec, speed, seconds));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "VizBench: %s, %d nodes, params %s, seed %d, %s, %.0fs per phase, window 1440x900, prism %s%n",
                p.name(), nodes, params.isEmpty() ? "-" : params, seed, faults.isEmpty() ? "no faults" : faults, seconds,
                System.getProperty("glass.platform", "default") + "/" + System.getProperty("prism.order", "default"),
                System.getProperty("prism.order", "default")));
        sb.append(String.format(Locale.ROOT, "%10s %7s %7s %9s %8s %11s %9s %8s %9s %9s %8s %6s%n", "speed", "fps", "pulses", "frame ms", "p95 ms",
                "events/s", "in flight", "keep-up", "fx cpu", "render", "cpu fps", "load"));
        double best = 0;
        double kept = 0;
        for (Phase ph : phases) {
            sb.append(String.format(Locale.ROOT, "%5.0f ms/s %7.1f %7.1f %9.2f %8.2f %11.0f %9.0f %7.0f%% %9.2f %9.2f %8.0f %6.1f%n", ph.speed(),
                    ph.fps(), ph.pulses(), ph.frameMs(), ph.frameP95Ms(), ph.eventsPerSec(), ph.inFlight(), 100 * ph.keepUp(), ph.fxCpuMs(),
                    ph.renderCpuMs(), ph.cpuBoundFps(), ph.load()));
            if (ph.keepUp() >= 0.95 && ph.fps() >= 55) {
                best = Math.max(best, ph.eventsPerSec());
            }
            if (ph.keepUp() >= 0.95) {
                kept = Math.max(kept, ph.eventsPerSec());
            }
        }
        sb.append(String.format(Locale.ROOT, "medians over 1-second samples; fps = frames the toolkit rendered to the window (counted when each%n"
                + "render job completes); pulses = animation frames run (a pulse with nothing to redraw is not a frame);%n"
                + "frame ms = wall time of one frame's work on the FX thread;%n"
                + "fx cpu / render = CPU ms per frame of the FX thread and of the render thread; cpu fps = 1000 / the larger;%n"
                + "keep-up = virtual time advanced / (wall time x speed); load = system load average (2 cores shared)%n"));
        sb.append(String.format(Locale.ROOT, "highest event rate with keep-up >= 95%%: %.0f trace events/s%n", kept));
        sb.append(String.format(Locale.ROOT, "highest event rate with keep-up >= 95%% and >= 55 fps: %.0f trace events/s%n", best));
        return sb.toString();
    }

    private static Phase phase(consensuslab.core.Registry registry, RunSpec spec, double speed, double seconds)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Phase[] out = new Phase[1];
        Platform.runLater(() -> {
            Stage stage = new Stage();
            MainView view = new MainView(new Viz(registry));
            stage.setScene(view.scene(1440, 900));
            // frames are counted when the toolkit reports the window's scene rendered, not per animation pulse
            com.sun.javafx.perf.PerformanceTracker tracker = com.sun.javafx.perf.PerformanceTracker.getSceneTracker(stage.getScene());
            long[] rendered = {0};
            tracker.setOnRenderedFrameTask(() -> rendered[0]++);
            stage.show();
            view.start(spec);
            view.viz().setSpeed(speed);
            view.viz().selectNode("n1");
            List<Double> fpsSamples = new ArrayList<>();
            List<Double> pulseSamples = new ArrayList<>();
            List<Double> frameMs = new ArrayList<>();
            List<Double> rateSamples = new ArrayList<>();
            List<Double> inflight = new ArrayList<>();
            List<Double> keep = new ArrayList<>();
            new AnimationTimer() {
                long start;
                long last;
                long sampleStart;
                int frames;
                long rendered0;
                long events0;
                long virt0;
                long fxCpu0;
                long renderCpu0;
                final List<Double> fxCpu = new ArrayList<>();
                final List<Double> renderCpuMs = new ArrayList<>();
                final List<Double> loads = new ArrayList<>();

                @Override
                public void handle(long now) {
                    if (start == 0) {
                        start = now;
                        last = now;
                        return;
                    }
                    double dt = Math.min(0.1, (now - last) / 1e9);
                    last = now;
                    long t0 = System.nanoTime();
                    view.frame(dt);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    double elapsed = (now - start) / 1e9;
                    if (elapsed < 0.5) {
                        return; // warm-up
                    }
                    if (sampleStart == 0) {
                        sampleStart = now;
                        events0 = view.viz().session().timeline().size();
                        virt0 = view.viz().viewTime();
                        fxCpu0 = THREADS.getCurrentThreadCpuTime();
                        renderCpu0 = renderCpu();
                        rendered0 = rendered[0];
                        frames = 0;
                        return;
                    }
                    frames++;
                    frameMs.add(ms);
                    double s = (now - sampleStart) / 1e9;
                    if (s >= 1.0) {
                        long events = view.viz().session().timeline().size();
                        long drawn = Math.max(1, rendered[0] - rendered0);
                        fpsSamples.add((rendered[0] - rendered0) / s);
                        pulseSamples.add(frames / s);
                        rateSamples.add((events - events0) / s);
                        inflight.add((double) view.viz().state().inflightCount());
                        keep.add((view.viz().viewTime() - virt0) / (s * speed));
                        long fx = THREADS.getCurrentThreadCpuTime();
                        long rc = renderCpu();
                        fxCpu.add((fx - fxCpu0) / 1e6 / drawn);
                        renderCpuMs.add((rc - renderCpu0) / 1e6 / drawn);
                        loads.add(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                        fxCpu0 = fx;
                        renderCpu0 = rc;
                        sampleStart = now;
                        events0 = events;
                        virt0 = view.viz().viewTime();
                        rendered0 = rendered[0];
                        frames = 0;
                    }
                    if (elapsed >= 0.5 + seconds) {
                        stop();
                        tracker.setOnRenderedFrameTask(null);
                        com.sun.javafx.perf.PerformanceTracker.releaseSceneTracker(stage.getScene());
                        stage.close();
                        out[0] = new Phase(speed, median(fpsSamples), median(pulseSamples), median(frameMs), pct(frameMs, 0.95), median(rateSamples),
                                median(inflight), median(keep), median(fxCpu), median(renderCpuMs), median(loads));
                        done.countDown();
                    }
                }
            }.start();
        });
        if (!done.await((long) (seconds * 10 + 60), TimeUnit.SECONDS)) {
            throw new IllegalStateException("benchmark phase at speed " + speed + " did not finish");
        }
        return out[0];
    }

    static double median(List<Double> xs) {
        return pct(xs, 0.5);
    }

    static double pct(List<Double> xs, double q) {
        if (xs.isEmpty()) {
            return 0;
        }
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.floor(q * (s.size() - 1) + 0.5)));
    }
}
