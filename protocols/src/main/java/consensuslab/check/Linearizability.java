package consensuslab.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Linearizability of a key-value history, for a model in which every key is an independent
 * register (get, put, append, cas).
 *
 * <p>Since the keys are independent, a history is linearizable exactly when each key's
 * sub-history is (linearizability is compositional, and the map is a product of registers), so each
 * key is checked alone. Each key is searched in the style of Wing and Gong as improved by Lowe: the
 * operations' call and return events form a list in real-time order; the search repeatedly picks
 * a call whose operation can take effect now (the model allows its recorded result), "lifts" that
 * operation out of the list and continues from the list's head; meeting a return whose operation
 * was not yet taken means the order chosen so far is wrong, so it backtracks. Every configuration
 * reached, (set of operations linearized, register value), is remembered, so no configuration is
 * explored twice.
 *
 * <p>An operation that never returned (indeterminate) has its return at the end of time: it may
 * take effect at any point after its call, or never. The search succeeds as soon as every
 * operation that did return has been linearized. Indeterminate gets constrain nothing and are
 * left out; a get, put or append that returned ok=false is taken as never having happened.
 * Indeterminate operations are what make refutations expensive, so: a configuration is pruned when
 * one with the same value, the same completed operations and a subset of its indeterminate ones
 * was met (it can do nothing more); an indeterminate operation is no longer tried or counted once
 * every operation that could observe its effect has been linearized; the depth-first search (fast
 * when a linearization exists) hands over, past a budget, to a best-first search that meets each
 * configuration with its fewest indeterminate operations first. Past {@link #MAX_CONFIGS} the key
 * is reported undecided rather than exhausting memory.
 */
public final class Linearizability {

    private Linearizability() {
    }

    /**
     * A key whose history is not linearizable.
     *
     * @param key    the key
     * @param ops    how many of its operations were checked
     * @param window    the smallest window of its operations (see {@link Linearizability#window})
     *                  that is not linearizable by itself: proof that the key's history is not
     * @param fromStart whether the window starts at the key's first operation (so from the absent
     *                  value); otherwise it is checked from an unknown value
     * @param cut       the window's start (seq): operations invoked before it are optional
     */
    public record KeyFailure(String key, int ops, List<History.Op> window, boolean fromStart, long cut) {

        /** Whether the window, taken by itself as the failure's proof, is linearizable (never, unless this is wrong). */
        public boolean windowLinearizable() {
            return linearizable(window, !fromStart, cut);
        }

        /** The window, one operation per line. */
        public String windowText() {
            StringBuilder sb = new StringBuilder();
            for (History.Op o : window) {
                sb.append("  ").append(o.describe()).append('\n');
            }
            return sb.toString();
        }

        /** The last event of the window (a return, or an invoke for an op that never returned). */
        public long lastSeq() {
            long s = -1;
            for (History.Op o : window) {
                s = Math.max(s, Math.max(o.invokeSeq(), o.returnSeq()));
            }
            return s;
        }
    }

    /**
     * The verdict on a history: the keys that failed, in key order, and the keys on which the
     * search gave up (both empty: linearizable).
     */
    public record Result(int keys, int ops, List<KeyFailure> failures, List<String> undecided) {
        public boolean ok() {
            return failures.isEmpty() && undecided.isEmpty();
        }
    }

    /** Checks every key; for each failing key, finds its minimal failing window. */
    public static Result check(History h) {
        Map<String, List<History.Op>> byKey = h.byKey();
        List<KeyFailure> failures = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        for (Map.Entry<String, List<History.Op>> e : byKey.entrySet()) {
            Boolean v = verdict(e.getValue(), false, Long.MIN_VALUE);
            if (v == null) {
                undecided.add(e.getKey());
            } else if (!v) {
                failures.add(window(e.getKey(), e.getValue()));
            }
        }
        return new Result(byKey.size(), h.size(), failures, undecided);
    }

    /** Checks every key, without looking for windows: the verdict only. */
    /** Whether every key is linearizable (false also when the search gave up on a key). */
    public static boolean linearizable(History h) {
        for (List<History.Op> ops : h.byKey().values()) {
            if (!linearizable(ops, false)) {
                return false;
            }
        }
        return true;
    }

    // ---- the minimal failing window -------------------------------------------------------------

    /**
     * The smallest window of a failing key's operations that fails by itself.
     *
     * <p>A window is grown from a contiguous slice [i..j] of the key's operations (invocation
     * order) by closing it over time: with a the slice's first invocation and b the latest return
     * of the completed operations taken so far, it holds every operation invoked by b that had not
     * returned before a (indeterminate ones included), growing b until nothing changes. A window
     * that does not start at the first operation is checked from an unknown starting value, and
     * its operations invoked before a (which may have taken effect before a) are optional: they may
     * take effect in the window (with their recorded results) or be counted as already done.
     * Every operation that could take effect during [a, b] is in the window, so a failing window
     * proves the whole history fails.
     *
     * <p>Shrinking: the shortest failing slice from the first operation gives j; then the latest i
     * that still fails with it; then the earliest j that still fails with that i. Failing is
     * monotone in i and j (a wider window holds every operation a narrower one needs), so each is a
     * binary search.
     */
    static KeyFailure window(String key, List<History.Op> ops) {
        // Failing is monotone in each bound: a window's closure holds every operation that could
        // take effect within its span, so widening a failing window keeps it failing. Hence
        // binary searches.
        int n = ops.size();
        int end0 = firstTrue(0, n - 1, j -> windowFails(ops, 0, j));
        int start = lastTrue(0, end0, i -> i == 0 || windowFails(ops, i, end0));
        int end = firstTrue(start, end0, j -> windowFails(ops, start, j));
        long cut = start == 0 ? Long.MIN_VALUE : ops.get(start).invokeSeq();
        return new KeyFailure(key, ops.size(), closure(ops, start, end), start == 0, cut);
    }

    /** The least x in [lo, hi] with p(x), for p false then true; hi if none. */
    private static int firstTrue(int lo, int hi, java.util.function.IntPredicate p) {
        int l = lo;
        int h = hi;
        while (l < h) {
            int m = (l + h) >>> 1;
            if (p.test(m)) {
                h = m;
            } else {
                l = m + 1;
            }
        }
        return l;
    }

    /** The greatest x in [lo, hi] with p(x), for p true then false (p(lo) true); lo if none. */
    private static int lastTrue(int lo, int hi, java.util.function.IntPredicate p) {
        int l = lo;
        int h = hi;
        while (l < h) {
            int m = (l + h + 1) >>> 1;
            if (p.test(m)) {
                l = m;
            } else {
                h = m - 1;
            }
        }
        return l;
    }

    /** Whether the window is proven to fail (a search that gives up proves nothing). */
    private static boolean windowFails(List<History.Op> ops, int i, int j) {
        if (i == 0) {
            return Boolean.FALSE.equals(verdict(closure(ops, 0, j), false, Long.MIN_VALUE));
        }
        return Boolean.FALSE.equals(verdict(closure(ops, i, j), true, ops.get(i).invokeSeq()));
    }

    /** The slice ops[i..j] closed over time (see {@link #window}), in invocation order. */
    static List<History.Op> closure(List<History.Op> ops, int i, int j) {
        long a = ops.get(i).invokeSeq();
        long b = a;
        for (int k = i; k <= j; k++) {
            History.Op o = ops.get(k);
            b = Math.max(b, o.indeterminate() ? o.invokeSeq() : o.returnSeq());
        }
        while (true) {
            List<History.Op> w = new ArrayList<>();
            long nb = b;
            for (History.Op o : ops) {
                if (o.invokeSeq() <= b && (o.indeterminate() || o.returnSeq() >= a)) {
                    w.add(o);
                    if (!o.indeterminate()) {
                        nb = Math.max(nb, o.returnSeq());
                    }
                }
            }
            if (nb == b) {
                return w;
            }
            b = nb;
        }
    }

    // ---- the register model ---------------------------------------------------------------------

    /**
     * A register's value. {@code unknown}: the value before the checked slice is not known, and
     * {@code value} is what is known to end it (appends since); otherwise {@code value} is the
     * value, null for absent.
     */
    record Reg(boolean unknown, String value) {
        static final Reg ABSENT = new Reg(false, null);
        static final Reg ANY = new Reg(true, "");

        /** Whether the register may hold {@code v}. */
        boolean mayBe(String v) {
            if (!unknown) {
                return Objects.equals(value, v);
            }
            return v == null ? value.isEmpty() : v.endsWith(value);
        }
    }

    /** The register after {@code o} takes effect in {@code s}, or null if its result forbids it. */
    static Reg step(Reg s, KvOp op, KvResult r) {
        switch (op.f()) {
            case "get":
                if (r == null) {
                    return s;
                }
                return s.mayBe(r.value()) ? new Reg(false, r.value()) : null;
            case "put":
                return new Reg(false, op.value());
            case "append": {
                String add = op.value() == null ? "" : op.value();
                if (s.unknown()) {
                    return new Reg(true, s.value() + add);
                }
                return new Reg(false, (s.value() == null ? "" : s.value()) + add);
            }
            case "cas":
                if (r == null || r.ok()) {
                    if (s.mayBe(op.expected())) {
                        return new Reg(false, op.value());
                    }
                    // An indeterminate cas that could not swap changes nothing (as if never taken).
                    return r == null ? s : null;
                }
                // A cas that did not swap: the register held something else (unknown stays unknown).
                return s.unknown() || !Objects.equals(s.value(), op.expected()) ? s : null;
            default:
                throw new IllegalArgumentException("unknown operation '" + op.f() + "'");
        }
    }

    // ---- the search -----------------------------------------------------------------------------

    /** Whether one key's operations are linearizable, from the absent value or (unknownStart) any value. */
    static boolean linearizable(List<History.Op> all, boolean unknownStart) {
        return linearizable(all, unknownStart, Long.MIN_VALUE);
    }

    /**
     * As above; operations invoked before {@code cut} are optional (they may take effect, with
     * their recorded result, or be taken as done before the start), as are indeterminate ones.
     */
    static boolean linearizable(List<History.Op> all, boolean unknownStart, long cut) {
        return Boolean.TRUE.equals(verdict(all, unknownStart, cut));
    }

    /** True, false, or null when the search gave up. */
    static Boolean verdict(List<History.Op> all, boolean unknownStart, long cut) {
        return search(all, unknownStart, cut).run();
    }

    /**
     * How many configurations the best-first search may hold before it gives up on a key (the
     * verdict is then "undecided"). Ordinary histories need a tiny fraction of this; it bounds
     * memory on refutations of huge histories with many indeterminate operations.
     */
    static final long MAX_CONFIGS = 3_000_000;

    /** One strategy alone, for tests: 0 depth-first, 1 best-first. */
    static boolean linearizable(List<History.Op> all, int strategy) {
        Search s = search(all, false, Long.MIN_VALUE);
        if (s.required == 0) {
            return true;
        }
        return strategy == 0 ? s.depthFirst(Long.MAX_VALUE) : s.bestFirst(Long.MAX_VALUE);
    }

    private static Search search(List<History.Op> all, boolean unknownStart, long cut) {
        List<History.Op> ops = new ArrayList<>();
        for (History.Op o : all) {
            KvResult r = o.result();
            String f = o.op().f();
            if (r == null && "get".equals(f)) {
                continue; // an indeterminate read constrains nothing
            }
            if (r != null && !r.ok() && !"cas".equals(f)) {
                continue; // known not to have happened
            }
            ops.add(o);
        }
        return new Search(ops, unknownStart ? Reg.ANY : Reg.ABSENT, cut);
    }

    /**
     * One key's search. Entries 0..n-1 are calls, n..2n-1 returns, 2n the list's head; the list
     * holds the operations not yet linearized, in real-time order. An optional operation (it never
     * returned, or it was invoked before the cut) has its return at the end of time.
     *
     * <p>Besides remembering configurations, it prunes by dominance: a configuration that has the
     * same value and the same required operations linearized as one seen before, and a superset of
     * its optional operations, can do nothing the earlier one could not (the earlier one may still
     * take those optional operations, or never), so it is not explored. Required operations are
     * tried before optional ones, so the configurations met first tend to have taken few optional
     * operations and dominate the rest; an optional operation that would not change the value is
     * never taken.
     */
    private static final class Search {
        final List<History.Op> ops;
        final int n;
        final boolean[] optional;
        final int[] next;
        final int[] prev;
        final int head;
        /** All entries in real-time order (the list as it was before any search). */
        final int[] sorted;
        final int required;
        final int[][] observers;
        final Reg start;
        final Map<Config, List<long[]>> seen = new HashMap<>();

        Search(List<History.Op> ops, Reg start, long cut) {
            this.ops = ops;
            this.n = ops.size();
            this.start = start;
            this.optional = new boolean[n];
            Integer[] order = new Integer[2 * n];
            long[] at = new long[2 * n];
            int req = 0;
            for (int i = 0; i < n; i++) {
                History.Op o = ops.get(i);
                optional[i] = o.indeterminate() || o.invokeSeq() < cut;
                if (!optional[i]) {
                    req++;
                }
                at[i] = o.invokeSeq();
                at[n + i] = optional[i] ? Long.MAX_VALUE : o.returnSeq();
                order[i] = i;
                order[n + i] = n + i;
            }
            this.required = req;
            Arrays.sort(order, Comparator.<Integer>comparingLong(e -> at[e]).thenComparingInt(e -> e));
            this.head = 2 * n;
            this.next = new int[2 * n + 1];
            this.prev = new int[2 * n + 1];
            int last = head;
            for (Integer e : order) {
                next[last] = e;
                prev[e] = last;
                last = e;
            }
            next[last] = -1;
            this.sorted = new int[2 * n];
            for (int k = 0; k < 2 * n; k++) {
                sorted[k] = order[k];
            }
            this.observers = observers();
        }

        /**
         * For each optional operation, the required operations that might observe its effect: a get
         * whose result contains the value it writes (or appends), a cas that swapped from a value
         * containing it, any cas that did not swap (its value must differ from what it expected),
         * and, through an optional cas that might swap from a value containing it, that cas's
         * observers; only those that could come after it (returning after its invocation). Once all
         * of them are linearized the operation can no longer matter: it is neither tried nor
         * counted in a configuration.
         */
        private int[][] observers() {
            int[][] obs = new int[n][];
            List<List<Integer>> direct = new ArrayList<>();
            for (int x = 0; x < n; x++) {
                List<Integer> l = new ArrayList<>();
                direct.add(l);
                if (!optional[x]) {
                    continue;
                }
                String c = ops.get(x).op().value();
                long inv = ops.get(x).invokeSeq();
                for (int r = 0; r < n; r++) {
                    History.Op o = ops.get(r);
                    if (r == x || (!optional[r] && o.returnSeq() < inv)) {
                        continue;
                    }
                    String f = o.op().f();
                    boolean sees;
                    if (optional[r]) {
                        // an optional cas that may swap from a value holding x's effect passes it on
                        sees = "cas".equals(f) && (o.result() == null || o.result().ok()) && holds(o.op().expected(), c);
                    } else if ("get".equals(f)) {
                        sees = holds(o.result().value(), c);
                    } else if ("cas".equals(f)) {
                        sees = !o.result().ok() || holds(o.op().expected(), c);
                    } else {
                        sees = false;
                    }
                    if (sees) {
                        l.add(r);
                    }
                }
            }
            // Close over optional cas: x's observers include those of an optional cas that sees x.
            for (int x = 0; x < n; x++) {
                if (!optional[x]) {
                    continue;
                }
                java.util.Set<Integer> all = new java.util.TreeSet<>();
                java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(direct.get(x));
                java.util.Set<Integer> visited = new java.util.HashSet<>();
                while (!todo.isEmpty()) {
                    int r = todo.poll();
                    if (!visited.add(r)) {
                        continue;
                    }
                    if (optional[r]) {
                        todo.addAll(direct.get(r));
                    } else {
                        all.add(r);
                    }
                }
                obs[x] = all.stream().mapToInt(Integer::intValue).toArray();
            }
            return obs;
        }

        /** Whether a state {@code v} may carry the effect of writing or appending {@code c}. */
        private static boolean holds(String v, String c) {
            return c == null ? v == null : v != null && v.contains(c);
        }

        /** Whether optional operation x can still matter, given the required operations linearized. */
        private boolean matters(int x, long[] req) {
            for (int r : observers[x]) {
                if ((req[r >>> 6] & (1L << r)) == 0) {
                    return true;
                }
            }
            return false;
        }

        /** The optional set with the operations that can no longer matter left out. */
        private long[] live(long[] opt, long[] req) {
            long[] m = opt.clone();
            for (int w = 0; w < m.length; w++) {
                long bits = m[w];
                while (bits != 0) {
                    int b = Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    int x = (w << 6) + b;
                    if (!matters(x, req)) {
                        m[w] &= ~(1L << b);
                    }
                }
            }
            return m;
        }

        /** The calls that may be linearized next (those before the first pending return): required first. */
        int[] candidates(long[] req) {
            int count = 0;
            for (int e = next[head]; e != -1 && e < n; e = next[e]) {
                count++;
            }
            int[] c = new int[count];
            int k = 0;
            for (int e = next[head]; e != -1 && e < n; e = next[e]) {
                if (!optional[e]) {
                    c[k++] = e;
                }
            }
            for (int e = next[head]; e != -1 && e < n; e = next[e]) {
                if (optional[e] && matters(e, req)) {
                    c[k++] = e;
                }
            }
            return k == count ? c : Arrays.copyOf(c, k);
        }

        void lift(int op) {
            remove(op);
            remove(n + op);
        }

        void unlift(int op) {
            reinsert(n + op);
            reinsert(op);
        }

        private void remove(int e) {
            next[prev[e]] = next[e];
            if (next[e] != -1) {
                prev[next[e]] = prev[e];
            }
        }

        private void reinsert(int e) {
            next[prev[e]] = e;
            if (next[e] != -1) {
                prev[next[e]] = e;
            }
        }

        /** True, false, or null if both searches gave up (see {@link #MAX_CONFIGS}). */
        Boolean run() {
            if (required == 0) {
                return Boolean.TRUE;
            }
            // Depth-first finds a linearization fast when there is one; but refuting a history with
            // many open optional operations can make it revisit a configuration once for each
            // smaller set of optional operations that reaches it. Past a budget, the best-first
            // search takes over: it meets every configuration with its fewest optional operations
            // first, so dominance prunes all the rest.
            Boolean quick = depthFirst(20_000L + 200L * n);
            if (quick != null) {
                return quick;
            }
            seen.clear();
            return bestFirst(MAX_CONFIGS);
        }

        /** Depth-first: true or false, or null once {@code budget} moves were tried without a verdict. */
        Boolean depthFirst(long budget) {
            long moves = 0;
            int words = (n + 63) / 64;
            long[] req = new long[words];
            long[] opt = new long[words];
            int[][] cands = new int[n + 1][];
            int[] pos = new int[n + 1];
            int[] chosen = new int[n];
            Reg[] before = new Reg[n];
            int depth = 0;
            int done = 0;
            Reg state = start;
            cands[0] = candidates(req);
            while (true) {
                if (done == required) {
                    return Boolean.TRUE;
                }
                if (pos[depth] >= cands[depth].length) {
                    if (depth == 0) {
                        return Boolean.FALSE;
                    }
                    depth--;
                    int op = chosen[depth];
                    state = before[depth];
                    unlift(op);
                    if (optional[op]) {
                        opt[op >>> 6] &= ~(1L << op);
                    } else {
                        req[op >>> 6] &= ~(1L << op);
                        done--;
                    }
                    continue;
                }
                if (++moves > budget) {
                    return null;
                }
                int op = cands[depth][pos[depth]++];
                History.Op o = ops.get(op);
                Reg after = step(state, o.op(), o.result());
                if (after == null || (optional[op] && after.equals(state))) {
                    continue;
                }
                long[] bits = optional[op] ? opt : req;
                bits[op >>> 6] |= 1L << op;
                if (!remember(req, opt, after)) {
                    bits[op >>> 6] &= ~(1L << op);
                    continue;
                }
                chosen[depth] = op;
                before[depth] = state;
                state = after;
                lift(op);
                if (!optional[op]) {
                    done++;
                }
                depth++;
                cands[depth] = candidates(req);
                pos[depth] = 0;
            }
        }

        /** A configuration for the best-first search. */
        private static final class Node {
            final long[] req;
            final long[] opt;
            long[] liveOpt;
            final Reg reg;
            final int done;
            final int optCount;
            final int low;
            final long order;
            boolean dead;

            Node(long[] req, long[] opt, Reg reg, int done, int optCount, int low, long order) {
                this.req = req;
                this.opt = opt;
                this.reg = reg;
                this.done = done;
                this.optCount = optCount;
                this.low = low;
                this.order = order;
            }
        }

        /**
         * Best-first: configurations in order of how many optional operations they took (fewest
         * first), then of how many required ones (most first), then newest first. Every
         * configuration reachable with k optional operations is reached through ones with at most
         * k, so when the first with k is taken, all with fewer have been expanded: a configuration
         * is pruned when one with the same required set and value and a subset of its optional
         * operations was met before.
         */
        Boolean bestFirst(long maxConfigs) {
            int words = (n + 63) / 64;
            Map<Config, List<Node>> met = new HashMap<>();
            java.util.PriorityQueue<Node> queue = new java.util.PriorityQueue<>((a, b) -> a.optCount != b.optCount
                    ? Integer.compare(a.optCount, b.optCount)
                    : a.done != b.done ? Integer.compare(b.done, a.done) : Long.compare(b.order, a.order));
            long counter = 0;
            Node first = new Node(new long[words], new long[words], start, 0, 0, 0, counter++);
            first.liveOpt = first.opt;
            queue.add(first);
            met.computeIfAbsent(new Config(first.req, first.reg), x -> new ArrayList<>()).add(first);
            while (!queue.isEmpty()) {
                Node c = queue.poll();
                if (c.dead) {
                    continue;
                }
                if (c.done == required) {
                    return Boolean.TRUE;
                }
                // Skip the linearized prefix, then take the calls before the first pending return.
                int low = c.low;
                while (low < sorted.length && linearized(c, op(sorted[low]))) {
                    low++;
                }
                for (int k = low; k < sorted.length; k++) {
                    int e = sorted[k];
                    int op = op(e);
                    if (linearized(c, op)) {
                        continue;
                    }
                    if (e >= n) {
                        break; // a pending return: nothing after it may go first
                    }
                    if (optional[op] && !matters(op, c.req)) {
                        continue;
                    }
                    History.Op o = ops.get(op);
                    Reg after = step(c.reg, o.op(), o.result());
                    if (after == null || (optional[op] && after.equals(c.reg))) {
                        continue;
                    }
                    long[] req = c.req;
                    long[] opt = c.opt;
                    if (optional[op]) {
                        opt = opt.clone();
                        opt[op >>> 6] |= 1L << op;
                    } else {
                        req = req.clone();
                        req[op >>> 6] |= 1L << op;
                    }
                    Node child = new Node(req, opt, after, c.done + (optional[op] ? 0 : 1), c.optCount + (optional[op] ? 1 : 0), low,
                            counter++);
                    long[] liveOpt = live(opt, req);
                    child.liveOpt = liveOpt;
                    List<Node> same = met.computeIfAbsent(new Config(req, after), x -> new ArrayList<>(1));
                    boolean dominated = false;
                    for (Node m : same) {
                        if (!m.dead && subset(m.liveOpt, liveOpt)) {
                            dominated = true;
                            break;
                        }
                    }
                    if (dominated) {
                        continue;
                    }
                    for (Node m : same) {
                        if (subset(liveOpt, m.liveOpt)) {
                            m.dead = true;
                        }
                    }
                    same.removeIf(m -> m.dead);
                    same.add(child);
                    queue.add(child);
                    if (counter > maxConfigs) {
                        return null;
                    }
                }
            }
            return Boolean.FALSE;
        }

        private int op(int entry) {
            return entry < n ? entry : entry - n;
        }

        private boolean linearized(Node c, int op) {
            long[] bits = optional[op] ? c.opt : c.req;
            return (bits[op >>> 6] & (1L << op)) != 0;
        }

        /** Records a configuration; false if it, or one that dominates it, was seen before. */
        private boolean remember(long[] req, long[] optAll, Reg reg) {
            long[] opt = live(optAll, req);
            Config key = new Config(req.clone(), reg);
            List<long[]> sets = seen.get(key);
            if (sets == null) {
                sets = new ArrayList<>(1);
                seen.put(key, sets);
            } else {
                for (long[] earlier : sets) {
                    if (subset(earlier, opt)) {
                        return false;
                    }
                }
                sets.removeIf(earlier -> subset(opt, earlier));
            }
            sets.add(opt);
            return true;
        }

        private static boolean subset(long[] a, long[] b) {
            for (int i = 0; i < a.length; i++) {
                if ((a[i] & ~b[i]) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A configuration of the search: which required operations are linearized, and the register's value. */
    private static final class Config {
        final long[] bits;
        final Reg reg;
        final int hash;

        Config(long[] bits, Reg reg) {
            this.bits = bits;
            this.reg = reg;
            this.hash = 31 * Arrays.hashCode(bits) + reg.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && c.hash == hash && Arrays.equals(c.bits, bits) && c.reg.equals(reg);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The failures as {key: window text}, for reports. */
    public static Map<String, String> windows(Result r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeyFailure f : r.failures()) {
            m.put(f.key(), f.windowText());
        }
        return m;
    }
}
