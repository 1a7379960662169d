package consensuslab.twopc;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Params;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long each participant stays in doubt (READY or PRECOMMIT), holding its locks, per
 * transaction: from the state event that enters doubt to the one that leaves it, through crashes
 * (a crashed participant still holds its prepared locks in its log). Intervals still open at the
 * end are closed there and marked open. It reports; with the param {@code maxBlocking=MS} it also
 * flags every interval longer than that.
 */
public final class BlockingTime implements Checker {

    /** One in-doubt period of one participant for one transaction. */
    public record Interval(String node, String txn, long from, long to, boolean open) {
        public long millis() {
            return to - from;
        }
    }

    private final long bound;
    private final Map<String, Long> since = new TreeMap<>();
    private final List<Interval> intervals = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();

    public BlockingTime(Params params) {
        this(params.getLong("maxBlocking", -1));
    }

    private BlockingTime(long bound) {
        this.bound = bound;
    }

    public BlockingTime() {
        this(Params.EMPTY);
    }

    @Override
    public String name() {
        return "blocking-time";
    }

    @Override
    public void onEvent(TraceEvent e) {
        Map<String, String> txns = Views.participantTxns(e);
        if (txns == null) {
            return;
        }
        for (Map.Entry<String, String> x : txns.entrySet()) {
            String key = e.node() + " " + x.getKey();
            boolean doubt = x.getValue().equals("READY") || x.getValue().equals("PRECOMMIT");
            Long start = since.get(key);
            if (doubt && start == null) {
                since.put(key, e.time());
            } else if (!doubt && start != null && !x.getValue().equals("INIT")) {
                since.remove(key);
                close(new Interval(e.node(), x.getKey(), start, e.time(), false), e.seq());
            }
        }
    }

    private void close(Interval i, long seq) {
        intervals.add(i);
        if (bound >= 0 && i.millis() > bound) {
            violations.add(new Violation(name(), i.node() + " in doubt on " + i.txn() + " for " + i.millis() + "ms"
                    + (i.open() ? " (still at the end)" : "") + ", over maxBlocking=" + bound, seq));
        }
    }

    @Override
    public void finish(long endTime) {
        for (Map.Entry<String, Long> e : since.entrySet()) {
            String[] nt = e.getKey().split(" ", 2);
            close(new Interval(nt[0], nt[1], e.getValue(), endTime, true), -1);
        }
        since.clear();
    }

    /** Every in-doubt period so far (open ones only after {@link #finish}). */
    public List<Interval> intervals() {
        return List.copyOf(intervals);
    }

    /** The longest in-doubt period of this participant (0 if none). */
    public long maxMillis(String node) {
        return intervals.stream().filter(i -> i.node().equals(node)).mapToLong(Interval::millis).max().orElse(0);
    }

    /** The longest in-doubt period of any participant (0 if none). */
    public long maxMillis() {
        return intervals.stream().mapToLong(Interval::millis).max().orElse(0);
    }

    /** One line: periods, longest (where), total. */
    public String summary() {
        Interval worst = intervals.stream().max(Comparator.comparingLong(Interval::millis)).orElse(null);
        long total = intervals.stream().mapToLong(Interval::millis).sum();
        return String.format(Locale.ROOT, "%d in-doubt periods, longest %dms%s, total %dms", intervals.size(),
                worst == null ? 0 : worst.millis(), worst == null ? "" : " (" + worst.node() + " on " + worst.txn() + ")", total);
    }

    @Override
    public BlockingTime copy() {
        BlockingTime c = new BlockingTime(bound);
        c.since.putAll(since);
        c.intervals.addAll(intervals);
        c.violations.addAll(violations);
        return c;
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
