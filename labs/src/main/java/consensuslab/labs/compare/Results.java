package consensuslab.labs.compare;

import com.fasterxml.jackson.databind.SerializationFeature;
import consensuslab.check.Violation;
import consensuslab.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * What {@code bin/lab compare} writes to results.json (schema in docs/COMPARISON.md): the plan,
 * then one entry per protocol with the median over seeds of every figure, its spread (min, max),
 * recovery after each fault, every safety violation with its seed and replay command, and one row
 * per run for the visualizer's compare view.
 */
public record Results(String scenario, String faults, int nodes, int clients, long thinkMs, long untilMs, String seeds,
                      long bucketMs, List<ProtocolResult> protocols) {

    /** One protocol's row. Figures are medians over the seeds (null: no run had any). */
    public record ProtocolResult(String protocol, int runs, Double committed, Double aborted, Double msgsPerOp, Double bytesPerOp,
                                 Double delaysPerOp, Double forcedWritesPerOp, Double latencyP50Ms, Double latencyP99Ms,
                                 Double unavailableMs, Double blockedMs, int violations, Map<String, List<Double>> spread,
                                 List<Recovery> recovery, List<Double> availability, List<Long> latencyHistogram,
                                 List<ViolationReport> violationReports, List<RunRow> perSeed) {
    }

    /** Time from a fault ("crash #1": the first crash of the run) to the next committed operation: median and max over the seeds that had it. */
    public record Recovery(String fault, int runs, Double medianMs, Double maxMs, int neverRecovered) {
    }

    /** A safety violation in one run, with the command that replays it. */
    public record ViolationReport(long seed, String checker, String message, String replay) {
    }

    /**
     * One run, for drilling down (the visualizer opens it at {@code firstFaultMs}): {@code simProtocol},
     * {@code faults} and {@code params} are what {@code bin/lab sim} takes to replay it.
     */
    public record RunRow(long seed, long committed, long aborted, long unavailableMs, long blockedMs, int violations,
                         long firstFaultMs, String simProtocol, String faults, String params, String replay) {
    }

    /** Latency histogram bucket width (ms) and count: bucket i holds [i·w, (i+1)·w); the last one everything above. */
    public static final int LATENCY_BUCKET_MS = 10;
    public static final int LATENCY_BUCKETS = 100;

    static Results of(Comparison.Plan plan, Map<String, List<Comparison.Run>> byProtocol) {
        List<ProtocolResult> rows = new ArrayList<>();
        for (Map.Entry<String, List<Comparison.Run>> e : byProtocol.entrySet()) {
            rows.add(row(plan, e.getKey(), e.getValue()));
        }
        return new Results(plan.scenario().name(), plan.scenario().schedule().toString(), plan.nodes(), plan.workload().clients(),
                plan.workload().think(), plan.workload().untilMs(), plan.firstSeed() + ".." + plan.lastSeed(), RunMetrics.BUCKET, rows);
    }

    private static ProtocolResult row(Comparison.Plan plan, String protocol, List<Comparison.Run> runs) {
        Map<String, List<Double>> spread = new LinkedHashMap<>();
        Map<String, Double> med = new LinkedHashMap<>();
        figure(runs, "committed", r -> r.committed(), med, spread);
        figure(runs, "aborted", r -> r.aborted(), med, spread);
        figure(runs, "msgsPerOp", RunMetrics::msgsPerOp, med, spread);
        figure(runs, "bytesPerOp", RunMetrics::bytesPerOp, med, spread);
        figure(runs, "delaysPerOp", RunMetrics::delaysPerOp, med, spread);
        figure(runs, "forcedWritesPerOp", RunMetrics::forcedWritesPerOp, med, spread);
        figure(runs, "latencyP50Ms", r -> r.latency(0.5), med, spread);
        figure(runs, "latencyP99Ms", r -> r.latency(0.99), med, spread);
        figure(runs, "unavailableMs", r -> r.unavailableMs(), med, spread);
        figure(runs, "blockedMs", r -> r.blockedMs(), med, spread);

        Map<String, List<Long>> rec = new TreeMap<>();
        Map<String, Long> recAt = new TreeMap<>();
        for (Comparison.Run r : runs) {
            for (RunMetrics.FaultMark f : r.metrics().faults()) {
                rec.computeIfAbsent(f.label(), k -> new ArrayList<>()).add(f.recoveryMs());
                recAt.merge(f.label(), f.at(), Math::min);
            }
        }
        List<String> labels = new ArrayList<>(rec.keySet());
        labels.sort((a, b) -> Long.compare(recAt.get(a), recAt.get(b)) != 0 ? Long.compare(recAt.get(a), recAt.get(b)) : a.compareTo(b));
        List<Recovery> recovery = new ArrayList<>();
        for (String l : labels) {
            List<Long> v = rec.get(l);
            double[] ok = v.stream().filter(x -> x >= 0).mapToDouble(Long::doubleValue).toArray();
            recovery.add(new Recovery(l, v.size(), Comparison.round(Comparison.median(ok)), Comparison.round(Comparison.max(ok)),
                    (int) v.stream().filter(x -> x < 0).count()));
        }

        int buckets = (int) (plan.workload().untilMs() / RunMetrics.BUCKET);
        double[] avail = new double[buckets];
        long[] hist = new long[LATENCY_BUCKETS];
        List<ViolationReport> reports = new ArrayList<>();
        List<RunRow> perSeed = new ArrayList<>();
        int violations = 0;
        for (Comparison.Run r : runs) {
            boolean[] un = r.metrics().unavailableBuckets();
            for (int i = 0; i < buckets && i < un.length; i++) {
                avail[i] += un[i] ? 0 : 1;
            }
            for (long l : r.metrics().latencies()) {
                hist[(int) Math.min(LATENCY_BUCKETS - 1, l / LATENCY_BUCKET_MS)]++;
            }
            String replay = plan.replay(protocol, r.seed());
            for (Violation v : r.violations()) {
                reports.add(new ViolationReport(r.seed(), v.checker(), v.message(), replay));
            }
            violations += r.violations().size();
            long firstFault = r.metrics().faults().stream().mapToLong(RunMetrics.FaultMark::at).min().orElse(-1);
            perSeed.add(new RunRow(r.seed(), r.metrics().committed(), r.metrics().aborted(), r.metrics().unavailableMs(),
                    r.metrics().blockedMs(), r.violations().size(), firstFault, Workload.registered(protocol),
                    plan.scenario().schedule(protocol).toString(), plan.workload().params(protocol).toString(), replay));
        }
        List<Double> availability = new ArrayList<>();
        for (double a : avail) {
            availability.add(Comparison.round(a / runs.size()));
        }
        List<Long> histogram = new ArrayList<>();
        for (long h : hist) {
            histogram.add(h);
        }
        return new ProtocolResult(protocol, runs.size(), med.get("committed"), med.get("aborted"), med.get("msgsPerOp"),
                med.get("bytesPerOp"), med.get("delaysPerOp"), med.get("forcedWritesPerOp"), med.get("latencyP50Ms"),
                med.get("latencyP99Ms"), med.get("unavailableMs"), med.get("blockedMs"), violations, spread, recovery,
                availability, histogram, reports, perSeed);
    }

    private static void figure(List<Comparison.Run> runs, String name, ToDoubleFunction<RunMetrics> f, Map<String, Double> med,
                               Map<String, List<Double>> spread) {
        double[] xs = runs.stream().mapToDouble(r -> f.applyAsDouble(r.metrics())).toArray();
        med.put(name, Comparison.round(Comparison.median(xs)));
        List<Double> mm = new ArrayList<>();
        mm.add(Comparison.round(Comparison.min(xs)));
        mm.add(Comparison.round(Comparison.max(xs)));
        spread.put(name, mm);
    }

    public ProtocolResult protocol(String name) {
        return protocols.stream().filter(p -> p.protocol().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no protocol " + name + " in these results"));
    }

    // ---- output ---------------------------------------------------------------------------

    /** Columns of the table and of results.csv, in order. */
    static final List<String> COLUMNS = List.of("committed", "aborted", "msgsPerOp", "bytesPerOp", "delaysPerOp",
            "forcedWritesPerOp", "latencyP50Ms", "latencyP99Ms", "unavailableMs", "blockedMs");

    private static List<Double> values(ProtocolResult p) {
        List<Double> v = new ArrayList<>();
        v.add(p.committed());
        v.add(p.aborted());
        v.add(p.msgsPerOp());
        v.add(p.bytesPerOp());
        v.add(p.delaysPerOp());
        v.add(p.forcedWritesPerOp());
        v.add(p.latencyP50Ms());
        v.add(p.latencyP99Ms());
        v.add(p.unavailableMs());
        v.add(p.blockedMs());
        return v;
    }

    /** The terminal table: one row per protocol, medians over the seeds. */
    public String table() {
        String[] head = {"protocol", "committed", "aborted", "msgs/op", "bytes/op", "delays/op", "fsyncs/op", "p50 ms", "p99 ms",
            "unavail ms", "blocked ms", "violations"};
        List<String[]> lines = new ArrayList<>();
        lines.add(head);
        for (ProtocolResult p : protocols) {
            List<String> cells = new ArrayList<>();
            cells.add(p.protocol());
            for (Double d : values(p)) {
                cells.add(Comparison.fmt(d));
            }
            cells.add(Integer.toString(p.violations()));
            lines.add(cells.toArray(String[]::new));
        }
        int[] w = new int[head.length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                w[i] = Math.max(w[i], l[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                sb.append(i == 0 ? String.format("%-" + w[i] + "s", l[i]) : String.format("  %" + w[i] + "s", l[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The same table as markdown (for docs/COMPARISON.md). */
    public String markdown() {
        StringBuilder sb = new StringBuilder("| protocol | committed | aborted | msgs/op | bytes/op | delays/op | fsyncs/op | p50 ms | p99 ms | unavailable ms | blocked ms | violations |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ProtocolResult p : protocols) {
            sb.append("| ").append(p.protocol());
            for (Double d : values(p)) {
                sb.append(" | ").append(Comparison.fmt(d));
            }
            sb.append(" | ").append(p.violations()).append(" |\n");
        }
        return sb.toString();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder("protocol,runs");
        for (String c : COLUMNS) {
            sb.append(',').append(c).append(',').append(c).append("Min,").append(c).append("Max");
        }
        sb.append(",violations\n");
        for (ProtocolResult p : protocols) {
            sb.append(p.protocol()).append(',').append(p.runs());
            List<Double> v = values(p);
            for (int i = 0; i < COLUMNS.size(); i++) {
                List<Double> mm = p.spread().get(COLUMNS.get(i));
                sb.append(',').append(csvNum(v.get(i))).append(',').append(csvNum(mm.get(0))).append(',').append(csvNum(mm.get(1)));
            }
            sb.append(',').append(p.violations()).append('\n');
        }
        return sb.toString();
    }

    private static String csvNum(Double d) {
        return d == null ? "" : Comparison.fmt(d);
    }

    public String json() {
        try {
            return Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Results read(Path file) {
        try {
            return Json.MAPPER.readValue(Files.readAllBytes(file), Results.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a compare results.json (" + Json.firstLine(e) + ")");
        }
    }

    /** Writes results.json and results.csv into {@code dir}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("results.json"), json(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("results.csv"), csv(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
