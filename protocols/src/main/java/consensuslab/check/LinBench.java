package consensuslab.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The linearizability checker's benchmark ({@code bin/lab bench lin}): generates a valid history
 * from a seeded reference simulation of a linearizable key-value map, with overlapping operations
 * and some that never return, and times the check.
 *
 * <pre>
 * lab bench lin [--ops 10000] [--clients 8] [--keys 10] [--seed 1] [--indeterminate 0.01] [--repeat 5]
 * </pre>
 */
public final class LinBench {

    private LinBench() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("lab bench lin: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Runs the benchmark; returns its report (several lines). Bad arguments: IllegalArgumentException, one line. */
    public static String run(String[] args) {
        int ops = 10_000;
        int clients = 8;
        int keys = 10;
        long seed = 1;
        double indeterminate = 0.01;
        int repeat = 5;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--ops" -> ops = positive(a, v);
                case "--clients" -> clients = positive(a, v);
                case "--keys" -> keys = positive(a, v);
                case "--repeat" -> repeat = positive(a, v);
                case "--seed" -> seed = whole(a, v);
                case "--indeterminate" -> {
                    try {
                        indeterminate = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(a + " '" + v + "' is not a probability");
                    }
                    if (!(indeterminate >= 0 && indeterminate < 1)) {
                        throw new IllegalArgumentException(a + " " + v + " is outside [0, 1)");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + a
                        + "' (expected --ops, --clients, --keys, --seed, --indeterminate, --repeat)");
            }
        }
        long g0 = System.nanoTime();
        History h = generate(seed, ops, clients, keys, indeterminate);
        long genMs = (System.nanoTime() - g0) / 1_000_000;
        int pending = 0;
        for (History.Op o : h.ops()) {
            if (o.indeterminate()) {
                pending++;
            }
        }
        long[] ms = new long[repeat];
        boolean ok = true;
        String verdict = "linearizable";
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            Linearizability.Result res = Linearizability.check(h);
            ms[r] = (System.nanoTime() - t0) / 1_000_000;
            if (!res.ok()) {
                ok = false;
                verdict = !res.failures().isEmpty() ? "NOT LINEARIZABLE (the generator is broken)"
                        : "UNDECIDED on keys " + res.undecided() + " (the search gave up)";
            }
        }
        // The same history with one late read corrupted: the check fails, and finds its window.
        int victim = -1;
        for (History.Op o : h.ops()) {
            if ("get".equals(o.op().f()) && !o.indeterminate() && o.index() >= h.size() * 9 / 10) {
                victim = o.index();
                break;
            }
        }
        String badLine = "lin bench: no completed read to corrupt";
        if (victim >= 0) {
            History bad = h.withResult(victim, new KvResult(true, "never-written"));
            long t0 = System.nanoTime();
            Linearizability.Result res = Linearizability.check(bad);
            long badMs = (System.nanoTime() - t0) / 1_000_000;
            badLine = res.ok() ? "lin bench: CORRUPTED HISTORY PASSED (the checker is broken)"
                    : res.failures().isEmpty() ? "lin bench: with op " + victim + "'s read corrupted: undecided on keys " + res.undecided()
                    + " after " + badMs + " ms"
                    : String.format(Locale.ROOT, "lin bench: with op %d's read corrupted: not linearizable, key %s, window of %d ops, found in %d ms",
                    victim, res.failures().get(0).key(), res.failures().get(0).window().size(), badMs);
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        long median = sorted[repeat / 2];
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "lin bench: %d ops, %d clients, %d keys, %d indeterminate, seed %d (generated in %d ms)%n",
                h.size(), clients, keys, pending, seed, genMs));
        sb.append(String.format(Locale.ROOT, "lin bench: %s; check times %s ms; median %d ms, min %d ms, max %d ms",
                verdict, Arrays.toString(ms), median, sorted[0],
                sorted[repeat - 1]));
        sb.append(System.lineSeparator()).append(badLine);
        return sb.toString();
    }

    private static int positive(String name, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + v + "' is not a whole number");
        }
    }

    private static long whole(String name, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + v + "' is not a whole number");
        }
    }

    // ---- the reference simulation -----------------------------------------------------------------

    private static final int INVOKE = 0;
    private static final int TAKE_EFFECT = 1;
    private static final int RETURN = 2;

    private record Ev(long time, long seq, int kind, int client, long opId, KvOp op) {
    }

    /**
     * A linearizable history of {@code ops} operations: {@code clients} clients each run one
     * operation at a time on {@code keys} keys of a reference map; each operation takes effect at a
     * random moment between its invocation and its return, so operations of different clients
     * overlap. With probability {@code indeterminate} an operation never returns (the client gives
     * up after a while and moves on); such an operation takes effect or not, at random.
     */
    public static History generate(long seed, int ops, int clients, int keys, double indeterminate) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, String> model = new HashMap<>();
        History h = new History();
        PriorityQueue<Ev> q = new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
        long[] seq = {0};
        long[] nextId = new long[clients];
        Map<Long, KvResult> results = new HashMap<>();
        String[] lastSeen = new String[clients];
        int invoked = 0;
        for (int c = 0; c < clients; c++) {
            q.add(new Ev(r.nextLong(5), seq[0]++, INVOKE, c, 0, null));
        }
        long traceSeq = 0;
        while (!q.isEmpty()) {
            Ev e = q.poll();
            String client = "c" + (e.client + 1);
            switch (e.kind) {
                case INVOKE -> {
                    if (invoked >= ops) {
                        continue;
                    }
                    invoked++;
                    long id = ++nextId[e.client];
                    KvOp op = randomOp(r, keys, client, id, lastSeen[e.client]);
                    h.invoke(client, id, op, e.time, traceSeq++);
                    boolean lost = r.nextDouble() < indeterminate;
                    long effect = e.time + r.nextLong(20);
                    long done = effect + r.nextLong(20);
                    if (!lost || r.nextBoolean()) {
                        q.add(new Ev(effect, seq[0]++, TAKE_EFFECT, e.client, id, op));
                    }
                    if (lost) {
                        // The client times out and moves on; the operation never returns.
                        q.add(new Ev(done + 50, seq[0]++, INVOKE, e.client, 0, null));
                    } else {
                        q.add(new Ev(done, seq[0]++, RETURN, e.client, id, op));
                    }
                }
                case TAKE_EFFECT -> {
                    KvOp op = e.op;
                    String cur = model.get(op.key());
                    KvResult res;
                    switch (op.f()) {
                        case "get" -> res = new KvResult(true, cur);
                        case "put" -> {
                            model.put(op.key(), op.value());
                            res = new KvResult(true, null);
                        }
                        case "append" -> {
                            model.put(op.key(), (cur == null ? "" : cur) + op.value());
                            res = new KvResult(true, null);
                        }
                        default -> {
                            boolean swap = java.util.Objects.equals(cur, op.expected());
                            if (swap) {
                                model.put(op.key(), op.value());
                            }
                            res = new KvResult(swap, null);
                        }
                    }
                    results.put(((long) e.client << 40) | e.opId, res);
                }
                default -> {
                    KvResult res = results.remove(((long) e.client << 40) | e.opId);
                    h.complete(client, e.opId, res, e.time, traceSeq++);
                    if ("get".equals(e.op.f())) {
                        lastSeen[e.client] = res.value();
                    }
                    q.add(new Ev(e.time + r.nextLong(3), seq[0]++, INVOKE, e.client, 0, null));
                }
            }
        }
        return h;
    }

    private static KvOp randomOp(SplittableRandom r, int keys, String client, long id, String lastSeen) {
        String key = "k" + (1 + r.nextInt(keys));
        String value = client + "." + id;
        int p = r.nextInt(100);
        if (p < 40) {
            return KvOp.get(key);
        }
        if (p < 65) {
            return KvOp.put(key, value);
        }
        if (p < 80) {
            return KvOp.append(key, "+" + id);
        }
        // Expect what this client last read (often stale or another key's: both outcomes happen).
        return KvOp.cas(key, r.nextInt(4) == 0 ? null : lastSeen, value);
    }

    /** A list of the operations' lines, for debugging a generated history. */
    public static List<String> lines(History h) {
        List<String> out = new ArrayList<>();
        for (History.Op o : h.ops()) {
            out.add(o.describe());
        }
        return out;
    }
}
