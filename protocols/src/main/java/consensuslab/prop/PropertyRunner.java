package consensuslab.prop;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.faults.Fault;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.ProtocolException;
import consensuslab.sim.SimRun;
import consensuslab.sim.SimStats;
import consensuslab.trace.TraceListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Property-based testing of a protocol on the simulator, without a property-testing library.
 *
 * <pre>
 * PropertyRunner.of(new Echo())
 *     .nodes(3).clients(2)
 *     .until(5_000)
 *     .params(Params.parse("ops=20"))
 *     .faults(FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.1).horizon(2_000))
 *     .check();
 * </pre>
 *
 * <p>For each seed it generates a fault schedule within the bounds ({@link FaultBounds#generate}),
 * runs {@link SimRun#run} with the protocol's checkers (plus {@link #extraCheckers}), and counts a
 * violation, or a {@link ProtocolException} thrown by node code, as a failure. The first failing
 * seed is shrunk: delta debugging (ddmin) over the schedule's faults, then smaller values of the
 * {@link #shrinkParam workload parameter}, then the faults again, each candidate re-run with the
 * same seed, until no single fault can be removed and no smaller workload fails. It then prints
 * the seed, the minimal schedule and a {@code bin/lab sim} command that replays it, and
 * {@link #check()} throws an {@link AssertionError} with that text.
 *
 * <p>Seeds: {@code 1..N} with N = {@code -Dprops.seeds} (1000 in the default build) unless
 * {@link #seeds(int)} is given; {@code -Dprops.firstSeed=F} moves the first seed (it wins over
 * {@link #firstSeed(long)}); {@code -Dprops.seed=S} runs only seed S.
 */
public final class PropertyRunner {

    /** What one run did. {@code violations} includes a "protocol-error" entry when node code threw. */
    public record RunResult(long seed, FaultSchedule faults, Params params, List<Violation> violations, SimStats stats,
                            long wallMs) {
        public RunResult {
            violations = List.copyOf(violations);
        }

        public boolean ok() {
            return violations.isEmpty();
        }
    }

    /**
     * A failure and its shrunk form.
     *
     * @param seed           the failing seed
     * @param original       the generated schedule that failed
     * @param originalParams the parameters it failed with
     * @param minimal        the shrunk schedule (1-minimal: removing any one fault makes it pass)
     * @param params         the shrunk parameters
     * @param violations     what the minimal run violated
     * @param shrinkRuns     how many runs shrinking took
     * @param command        the one-line {@code bin/lab sim} command that replays the minimal run
     * @param report         the full text printed and thrown
     */
    public record Failure(long seed, FaultSchedule original, Params originalParams, FaultSchedule minimal, Params params,
                          List<Violation> violations, int shrinkRuns, String command, String report) {
    }

    /** What a passing {@link #check()} covered. */
    public record Summary(String protocol, long firstSeed, int seeds, long wallMs) {
    }

    public static final String PROTOCOL_ERROR = "protocol-error";

    private final Protocol<?> protocol;
    private int nodes;
    private int clients;
    private long until;
    private Params params = Params.EMPTY;
    private FaultBounds bounds = FaultBounds.none();
    private Integer seeds;
    private Long firstSeed;
    private Supplier<List<Checker>> extraCheckers = List::of;
    private boolean torn;
    private boolean crashClients;
    private String shrinkParam;
    private PrintStream out = System.out;

    private PropertyRunner(Protocol<?> protocol) {
        this.protocol = Objects.requireNonNull(protocol);
        this.nodes = protocol.defaultNodes();
        this.clients = protocol.defaultClients();
        this.until = protocol.defaultUntil();
    }

    public static PropertyRunner of(Protocol<?> protocol) {
        return new PropertyRunner(protocol);
    }

    public PropertyRunner nodes(int n) {
        if (n < 1 || n > 99) {
            throw new IllegalArgumentException("nodes must be between 1 and 99, not " + n);
        }
        this.nodes = n;
        return this;
    }

    public PropertyRunner clients(int m) {
        if (m < 0 || m > 99) {
            throw new IllegalArgumentException("clients must be between 0 and 99, not " + m);
        }
        this.clients = m;
        return this;
    }

    /** Virtual ms per run. */
    public PropertyRunner until(long ms) {
        if (ms <= 0) {
            throw new IllegalArgumentException("until must be positive, not " + ms);
        }
        this.until = ms;
        return this;
    }

    public PropertyRunner params(Params p) {
        this.params = Objects.requireNonNull(p);
        return this;
    }

    /** Parameters as {@code k=v,k=v} (as for {@code --param}). */
    public PropertyRunner params(String spec) {
        return params(Params.parse(spec));
    }

    /** Lets the schedules crash and pause clients too (same as {@code FaultBounds.crashClients(true)}). */
    public PropertyRunner crashClients(boolean yes) {
        this.crashClients = yes;
        return this;
    }

    public PropertyRunner faults(FaultBounds b) {
        this.bounds = Objects.requireNonNull(b);
        return this;
    }

    /** How many seeds to run (overrides -Dprops.seeds). */
    public PropertyRunner seeds(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("seeds must be at least 1, not " + n);
        }
        this.seeds = n;
        return this;
    }

    public PropertyRunner firstSeed(long s) {
        this.firstSeed = s;
        return this;
    }

    /** Checkers to run besides the protocol's own; a fresh list per run. Not run by {@code bin/lab sim} replays. */
    public PropertyRunner extraCheckers(Supplier<List<Checker>> s) {
        this.extraCheckers = Objects.requireNonNull(s);
        return this;
    }

    /** Torn writes on crash (a random prefix of each file's unsynced tail survives). */
    public PropertyRunner torn(boolean t) {
        this.torn = t;
        return this;
    }

    /** A whole-number parameter (e.g. "ops", "txns") whose value shrinking may lower. */
    public PropertyRunner shrinkParam(String name) {
        this.shrinkParam = name;
        return this;
    }

    /** Where reports go (stdout by default). */
    public PropertyRunner out(PrintStream p) {
        this.out = Objects.requireNonNull(p);
        return this;
    }

    /** The bounds with defaults filled in for this cluster and run length. */
    public FaultBounds bounds() {
        FaultBounds b = crashClients ? bounds.crashClients(true) : bounds;
        return b.resolve(nodes, until);
    }

    /** The schedule seed {@code seed} gets. */
    public FaultSchedule schedule(long seed) {
        return bounds().generate(seed, nodes, clients);
    }

    /** Runs one seed with its generated schedule. */
    public RunResult runOne(long seed) {
        return run(seed, schedule(seed), params);
    }

    /** Runs one seed with a given schedule and parameters. */
    public RunResult run(long seed, FaultSchedule faults, Params p) {
        SimRun.Options o = new SimRun.Options(nodes, clients, seed, until, faults, p, torn, true);
        List<Checker> extra = extraCheckers.get();
        List<TraceListener> listeners = new ArrayList<>(extra);
        List<Violation> violations = new ArrayList<>();
        long t0 = System.nanoTime();
        SimStats stats = null;
        try {
            SimRun.Result r = SimRun.run(protocol, o, listeners);
            stats = r.stats();
            violations.addAll(r.violations());
            for (Checker c : extra) {
                c.finish(r.stats().virtualTime());
                violations.addAll(c.violations());
            }
        } catch (ProtocolException e) {
            violations.add(new Violation(PROTOCOL_ERROR, firstLine(e.getMessage()), -1));
        }
        return new RunResult(seed, faults, p, violations, stats, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The seeds {@link #check()} runs, in order. */
    public long[] seedList() {
        String one = System.getProperty("props.seed");
        if (one != null && !one.isBlank()) {
            return new long[] {parseLong("props.seed", one)};
        }
        String fs = System.getProperty("props.firstSeed");
        long first = fs != null && !fs.isBlank() ? parseLong("props.firstSeed", fs) : firstSeed != null ? firstSeed : 1;
        int n = seeds != null ? seeds : Integer.getInteger("props.seeds", 1000);
        long[] s = new long[Math.max(0, n)];
        for (int i = 0; i < s.length; i++) {
            s[i] = first + i;
        }
        return s;
    }

    /** Runs the seeds; on the first failure, shrinks it and returns it (printing nothing). */
    public Optional<Failure> search() {
        for (long seed : seedList()) {
            RunResult r = runOne(seed);
            if (!r.ok()) {
                return Optional.of(shrink(r));
            }
        }
        return Optional.empty();
    }

    /** Runs the seeds; passes quietly but for one line, or prints the shrunk failure and throws it. */
    public Summary check() {
        long t0 = System.nanoTime();
        long[] list = seedList();
        Optional<Failure> f = search();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (f.isPresent()) {
            out.println(f.get().report());
            out.flush();
            throw new AssertionError(f.get().report());
        }
        long first = list.length == 0 ? 0 : list[0];
        out.println("property ok: " + protocol.name() + ", " + list.length + " seed(s) from " + first + ", " + ms + " ms");
        return new Summary(protocol.name(), first, list.length, ms);
    }

    // ---- shrinking ------------------------------------------------------------------------------

    /** Shrinks a failing run to a 1-minimal schedule (and smaller workload) that still fails. */
    public Failure shrink(RunResult failing) {
        if (failing.ok()) {
            throw new IllegalArgumentException("seed " + failing.seed() + " did not fail: nothing to shrink");
        }
        Set<String> kinds = new TreeSet<>();
        for (Violation v : failing.violations()) {
            kinds.add(v.checker());
        }
        Shrink s = new Shrink(failing.seed(), kinds);
        List<Fault> faults = failing.faults().faults();
        Params p = failing.params();
        for (int round = 0; round < 8; round++) {
            List<Fault> f2 = s.ddmin(faults, p);
            Params p2 = s.smallerWorkload(f2, p);
            boolean changed = !f2.equals(faults) || !p2.equals(p);
            faults = f2;
            p = p2;
            if (!changed) {
                break;
            }
        }
        RunResult last = s.result(faults, p);
        String command = command(failing.seed(), new FaultSchedule(faults), p);
        String report = report(failing, new FaultSchedule(faults), p, last, s.runs, command);
        return new Failure(failing.seed(), failing.faults(), failing.params(), new FaultSchedule(faults), p, last.violations(),
                s.runs, command, report);
    }

    /** Re-runs candidates with the failing seed, remembering outcomes. */
    private final class Shrink {
        final long seed;
        final Set<String> kinds;
        final Map<String, RunResult> cache = new HashMap<>();
        int runs;

        Shrink(long seed, Set<String> kinds) {
            this.seed = seed;
            this.kinds = kinds;
        }

        RunResult result(List<Fault> faults, Params p) {
            String key = p + "\u0000" + new FaultSchedule(faults);
            RunResult r = cache.get(key);
            if (r == null) {
                r = run(seed, new FaultSchedule(faults), p);
                runs++;
                cache.put(key, r);
            }
            return r;
        }

        /** Still the same kind of failure (a violation of one of the checkers that failed at first). */
        boolean fails(List<Fault> faults, Params p) {
            for (Violation v : result(faults, p).violations()) {
                if (kinds.contains(v.checker())) {
                    return true;
                }
            }
            return false;
        }

        /** Zeller's ddmin: returns a 1-minimal failing sub-list (order kept). */
        List<Fault> ddmin(List<Fault> start, Params p) {
            List<Fault> cur = start;
            if (!cur.isEmpty() && fails(List.of(), p)) {
                return List.of();
            }
            int n = 2;
            while (cur.size() >= 2) {
                List<List<Fault>> chunks = split(cur, n);
                boolean reduced = false;
                for (List<Fault> c : chunks) {
                    if (c.size() < cur.size() && fails(c, p)) {
                        cur = c;
                        n = 2;
                        reduced = true;
                        break;
                    }
                }
                if (!reduced && n > 2) {
                    for (int i = 0; i < chunks.size(); i++) {
                        List<Fault> comp = new ArrayList<>();
                        for (int j = 0; j < chunks.size(); j++) {
                            if (j != i) {
                                comp.addAll(chunks.get(j));
                            }
                        }
                        if (fails(comp, p)) {
                            cur = comp;
                            n = Math.max(n - 1, 2);
                            reduced = true;
                            break;
                        }
                    }
                }
                if (!reduced) {
                    if (n >= cur.size()) {
                        break;
                    }
                    n = Math.min(cur.size(), 2 * n);
                }
            }
            return cur;
        }

        /** The smallest value of the workload parameter (tried upward from 1) that still fails. */
        Params smallerWorkload(List<Fault> faults, Params p) {
            if (shrinkParam == null || !p.values().containsKey(shrinkParam)) {
                return p;
            }
            long v;
            try {
                v = Long.parseLong(p.values().get(shrinkParam).trim());
            } catch (NumberFormatException e) {
                return p;
            }
            Set<Long> candidates = new LinkedHashSet<>();
            for (long c = 1; c < v && c <= 16; c++) {
                candidates.add(c);
            }
            for (long c = 32; c < v; c *= 2) {
                candidates.add(c);
            }
            for (long c : new long[] {v / 2, (3 * v) / 4, v - 1}) {
                if (c >= 1 && c < v) {
                    candidates.add(c);
                }
            }
            List<Long> sorted = new ArrayList<>(new TreeSet<>(candidates));
            for (long c : sorted) {
                Params q = p.with(shrinkParam, c);
                if (fails(faults, q)) {
                    return q;
                }
            }
            return p;
        }
    }

    private static List<List<Fault>> split(List<Fault> l, int n) {
        List<List<Fault>> out = new ArrayList<>();
        int size = l.size();
        for (int i = 0; i < n; i++) {
            int a = size * i / n;
            int b = size * (i + 1) / n;
            if (b > a) {
                out.add(List.copyOf(l.subList(a, b)));
            }
        }
        return out;
    }

    // ---- reporting ------------------------------------------------------------------------------

    /** The one-line {@code bin/lab sim} command that replays seed {@code seed} with this schedule and these parameters. */
    public String command(long seed, FaultSchedule faults, Params p) {
        StringBuilder sb = new StringBuilder("bin/lab sim --protocol ").append(protocol.name())
                .append(" --nodes ").append(nodes)
                .append(" --clients ").append(clients)
                .append(" --seed ").append(seed)
                .append(" --until ").append(until % 1000 == 0 ? (until / 1000) + "s" : until + "ms");
        if (!p.values().isEmpty()) {
            sb.append(" --param ").append(p);
        }
        sb.append(" --faults \"").append(faults).append('"');
        if (torn) {
            sb.append(" --torn");
        }
        return sb.toString();
    }

    private String report(RunResult failing, FaultSchedule minimal, Params p, RunResult last, int runs, String command) {
        StringBuilder sb = new StringBuilder();
        sb.append("PROPERTY FAILED: ").append(protocol.name()).append(" seed ").append(failing.seed())
                .append(" (nodes ").append(nodes).append(", clients ").append(clients).append(", until ").append(until).append("ms)\n");
        for (Violation v : failing.violations()) {
            sb.append("  violation: ").append(v).append('\n');
        }
        sb.append("  generated schedule (").append(plural(failing.faults().faults().size(), "fault")).append("): ")
                .append(failing.faults()).append('\n');
        if (!p.equals(failing.params())) {
            sb.append("  params: ").append(failing.params()).append(" shrunk to ").append(p).append('\n');
        }
        sb.append("  minimal schedule (").append(plural(minimal.faults().size(), "fault")).append(", ")
                .append(plural(runs, "run")).append(" to shrink): ").append(minimal).append('\n');
        for (Violation v : last.violations()) {
            sb.append("  minimal run violates: ").append(v).append('\n');
        }
        sb.append("  replay: ").append(command);
        return sb.toString();
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static long parseLong(String prop, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + prop + "=" + v + " is not a whole number");
        }
    }
}
