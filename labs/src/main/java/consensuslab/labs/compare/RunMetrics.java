package consensuslab.labs.compare;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.core.NodeId;
import consensuslab.faults.Fault;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import consensuslab.twopc.Views;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything {@code bin/lab compare} reports about one run, computed from its trace events alone
 * (live, or read back from a file): operations, messages and bytes, the causal critical path of
 * each operation, forced writes, latency, availability per 100 ms, time participants spent blocked
 * holding locks, and recovery after each fault. docs/COMPARISON.md defines each figure.
 */
public final class RunMetrics implements TraceListener {

    /** Width of an availability bucket, ms. */
    public static final long BUCKET = 100;
    /** An in-doubt period still open at the end of a run counts as blocked only if it is older than this. */
    static final long OPEN_AT_END = 1_000;

    private static final byte BY_MESSAGE = 1;
    private static final byte BY_TIMER = 2;
    private static final byte OTHER = 3;

    /** One client operation. */
    private static final class Op {
        final long invoked;
        final int handler;
        long returned = -1;
        /** When the client stopped waiting for it: its return, or its next invoke (it gave up). */
        long until = Long.MAX_VALUE;
        boolean aborted;

        Op(long invoked, int handler) {
            this.invoked = invoked;
            this.handler = handler;
        }
    }

    /**
     * A fault as the trace shows it (the {@code nth} of its kind in the run), and the time to the
     * first operation committed after it.
     */
    public record FaultMark(String kind, int nth, long at, long recoveryMs) {
        /** "crash #1": the same label in every seed, even when a fault's moment depends on the run. */
        public String label() {
            return kind + " #" + nth;
        }
    }

    // handler executions: when, how they were caused, by which earlier handler
    private long[] hTime = new long[1024];
    private byte[] hKind = new byte[1024];
    private int[] hCause = new int[1024];
    private int handlers;
    private int current = -1;
    private int[] msgSender = new int[1024];
    private int[] timerSetter = new int[1024];

    private final Map<String, Op> ops = new HashMap<>();
    private final Map<String, Op> lastByClient = new HashMap<>();
    private final List<Op> allOps = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<Long> returnTimes = new ArrayList<>();
    private long delaySum;
    private long committed;
    private long aborted;
    private long messages;
    private long bytes;
    private long forcedWrites;

    private final Map<String, Object> states = new HashMap<>();
    private final Map<String, Long> doubtSince = new TreeMap<>();
    private final List<long[]> doubt = new ArrayList<>();
    private final List<Long> repairs = new ArrayList<>();
    private final List<String> crashedLeaders = new ArrayList<>();
    private final List<String[]> faultEvents = new ArrayList<>();
    private final List<Long> faultTimes = new ArrayList<>();

    private long end;
    private boolean finished;

    @Override
    public void onEvent(TraceEvent e) {
        switch (e.type()) {
            case DELIVER -> handler(e.time(), BY_MESSAGE, at(msgSender, e.id()));
            case TIMER_FIRE -> handler(e.time(), BY_TIMER, at(timerSetter, e.id()));
            case START, RESTART, LINK_DOWN -> handler(e.time(), OTHER, -1);
            default -> {
            }
        }
        switch (e.type()) {
            case SEND -> {
                msgSender = put(msgSender, e.id(), current);
                messages++;
                bytes += Json.bytes(e.msg()).length;
            }
            case TIMER_SET -> timerSetter = put(timerSetter, e.id(), current);
            case SYNC -> {
                if (NodeId.of(e.node()).isServer()) {
                    forcedWrites++;
                }
            }
            case INVOKE -> {
                Op op = new Op(e.time(), current);
                ops.put(e.node() + "/" + e.id(), op);
                Op before = lastByClient.put(e.node(), op);
                if (before != null && before.until > e.time()) {
                    before.until = e.time();
                }
                allOps.add(op);
            }
            case RETURN -> onReturn(e);
            case STATE -> onState(e);
            default -> {
            }
        }
        switch (e.type()) {
            case CRASH -> {
                fault("crash", e);
                String role = role(e.node());
                if (role != null && Fault.Role.LEADER.heldBy(role)) {
                    crashedLeaders.add(e.node());
                }
            }
            case RESTART -> {
                fault("restart", e);
                if (crashedLeaders.remove(e.node())) {
                    repairs.add(e.time());
                }
            }
            case START -> {
                if (e.time() > 0) {
                    fault("start", e);
                }
            }
            case PAUSE -> fault("pause", e);
            case RESUME -> fault("resume", e);
            case PARTITION -> fault("partition", e);
            case HEAL -> {
                fault("heal", e);
                repairs.add(e.time());
            }
            default -> {
            }
        }
    }

    private void fault(String kind, TraceEvent e) {
        faultEvents.add(new String[] {kind, e.node()});
        faultTimes.add(e.time());
    }

    private void handler(long time, byte kind, int cause) {
        if (handlers == hTime.length) {
            hTime = Arrays.copyOf(hTime, handlers * 2);
            hKind = Arrays.copyOf(hKind, handlers * 2);
            hCause = Arrays.copyOf(hCause, handlers * 2);
        }
        hTime[handlers] = time;
        hKind[handlers] = kind;
        hCause[handlers] = cause;
        current = handlers++;
    }

    private static int at(int[] a, Long id) {
        return id == null || id >= a.length ? -1 : a[(int) (long) id] - 1;
    }

    private static int[] put(int[] a, Long id, int handler) {
        if (id == null) {
            return a;
        }
        int i = (int) (long) id;
        int[] b = a;
        if (i >= b.length) {
            b = Arrays.copyOf(b, Math.max(i + 1, b.length * 2));
        }
        b[i] = handler + 1; // 0: unknown
        return b;
    }

    private void onReturn(TraceEvent e) {
        Op op = ops.remove(e.node() + "/" + e.id());
        if (op == null) {
            return;
        }
        op.returned = e.time();
        op.until = Math.min(op.until, e.time());
        JsonNode r = TraceEvent.json(e.result());
        op.aborted = r != null && "ABORTED".equals(r.path("outcome").asText());
        if (op.aborted) {
            aborted++;
            return;
        }
        committed++;
        latencies.add(e.time() - op.invoked);
        returnTimes.add(e.time());
        delaySum += criticalPath(current, op);
    }

    /**
     * Message delays on the causal chain that led to this return: walk back from the handler that
     * returned, through the message that triggered each handler (one delay) or the handler that set
     * the timer that triggered it (no delay), to the handler that invoked the operation, or to the
     * first handler that ran before the operation began.
     */
    private int criticalPath(int h, Op op) {
        int hops = 0;
        while (h >= 0 && h != op.handler && hTime[h] >= op.invoked) {
            if (hKind[h] == BY_MESSAGE) {
                hops++;
            } else if (hKind[h] != BY_TIMER) {
                break;
            }
            h = hCause[h];
        }
        return hops;
    }

    private void onState(TraceEvent e) {
        if (e.node() == null || e.state() == null) {
            return;
        }
        states.put(e.node(), e.state()); // its role is read only when it matters (a crash)
        Map<String, String> txns = Views.participantTxns(e);
        if (txns == null) {
            return;
        }
        for (Map.Entry<String, String> t : txns.entrySet()) {
            String key = e.node() + " " + t.getKey();
            String st = t.getValue();
            boolean inDoubt = st.equals("READY") || st.equals("PRECOMMIT");
            Long since = doubtSince.get(key);
            if (inDoubt && since == null) {
                doubtSince.put(key, e.time());
            } else if (!inDoubt && since != null && !st.equals("INIT")) {
                doubtSince.remove(key);
                doubt.add(new long[] {since, e.time(), 0});
            }
        }
    }

    private String role(String node) {
        Object s = states.get(node);
        if (s == null) {
            return null;
        }
        JsonNode r = Json.tree(s).get("role");
        return r == null ? null : r.asText();
    }

    /** Ends the run at {@code endTime}: closes what is still open. */
    public void finish(long endTime) {
        end = endTime;
        for (long since : doubtSince.values()) {
            doubt.add(new long[] {since, endTime, 1});
        }
        doubtSince.clear();
        finished = true;
    }

    // ---- the figures ----------------------------------------------------------------------

    public long committed() {
        return committed;
    }

    public long aborted() {
        return aborted;
    }

    private long decided() {
        return committed + aborted;
    }

    /** Per decided operation (committed or aborted); NaN when none was. */
    public double msgsPerOp() {
        return per(messages);
    }

    public double bytesPerOp() {
        return per(bytes);
    }

    public double forcedWritesPerOp() {
        return per(forcedWrites);
    }

    /** Mean message delays on the critical path of a committed operation. */
    public double delaysPerOp() {
        return committed == 0 ? Double.NaN : (double) delaySum / committed;
    }

    private double per(long x) {
        return decided() == 0 ? Double.NaN : (double) x / decided();
    }

    public List<Long> latencies() {
        return latencies;
    }

    /** The q-quantile (nearest rank) of committed operations' latency, NaN if none. */
    public double latency(double q) {
        if (latencies.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Committed operations per bucket of {@link #BUCKET} ms, up to the end of the run. */
    public int[] commitsPerBucket() {
        int[] b = new int[(int) (end / BUCKET)];
        for (long t : returnTimes) {
            int i = (int) (t / BUCKET);
            if (i < b.length) {
                b[i]++;
            }
        }
        return b;
    }

    /**
     * Per bucket: true when unavailable, i.e. no operation committed in it while some client had one
     * outstanding at its end (invoked, not returned, not given up for a newer one).
     */
    public boolean[] unavailableBuckets() {
        int[] commits = commitsPerBucket();
        boolean[] out = new boolean[commits.length];
        int[] waiting = new int[commits.length + 1];
        for (Op op : allOps) {
            // pending at the end of bucket i: invoked < (i+1)·B <= until
            long first = op.invoked / BUCKET; // first bucket whose end is after the invoke
            long last = op.until == Long.MAX_VALUE ? commits.length - 1 : (op.until - 1) / BUCKET - 1;
            if (first <= last && first < commits.length) {
                waiting[(int) first]++;
                waiting[(int) Math.min(commits.length, last + 1)]--;
            }
        }
        int w = 0;
        for (int i = 0; i < commits.length; i++) {
            w += waiting[i];
            out[i] = commits[i] == 0 && w > 0;
        }
        return out;
    }

    public long unavailableMs() {
        long n = 0;
        for (boolean b : unavailableBuckets()) {
            if (b) {
                n++;
            }
        }
        return n * BUCKET;
    }

    /**
     * Time participants spent in doubt holding locks in periods that had to wait for a repair: a
     * failed coordinator's restart or a partition's heal came while they were in doubt (or they were
     * still in doubt, for over a second, at the end of the run). A period the protocol ends on its own
     * (3PC's termination protocol, 2PC's cooperative termination) does not count.
     */
    public long blockedMs() {
        long sum = 0;
        for (long[] d : doubt) {
            boolean blocked = d[2] == 1 ? d[1] - d[0] > OPEN_AT_END : false;
            for (long r : repairs) {
                if (r > d[0] && r <= d[1]) {
                    blocked = true;
                    break;
                }
            }
            if (blocked) {
                sum += d[1] - d[0];
            }
        }
        return sum;
    }

    /** Every fault in the trace, with the time from it to the next committed operation (-1: none). */
    public List<FaultMark> faults() {
        List<Long> sorted = new ArrayList<>(returnTimes);
        sorted.sort(null);
        List<FaultMark> out = new ArrayList<>();
        Map<String, Integer> nth = new TreeMap<>();
        for (int i = 0; i < faultEvents.size(); i++) {
            long at = faultTimes.get(i);
            long next = -1;
            for (long t : sorted) {
                if (t > at) {
                    next = t - at;
                    break;
                }
            }
            String kind = faultEvents.get(i)[0];
            out.add(new FaultMark(kind, nth.merge(kind, 1, Integer::sum), at, next));
        }
        return out;
    }

    public long messages() {
        return messages;
    }

    public long forcedWrites() {
        return forcedWrites;
    }

    public boolean finished() {
        return finished;
    }
}
