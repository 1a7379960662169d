package consensuslab.twopc;

import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import consensuslab.trace.TraceReader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts, per transaction, from a trace (live or read back from a file): the messages sent about
 * it (by type), the message delays, and the forced log writes.
 *
 * <p><b>Message delays</b> are causal depth: a message sent by a handler that was run by the
 * delivery of a message of depth d has depth d+1; a message sent from a timer or at start has
 * depth 1 (the client's Submit). A transaction's "delays to decision" is the largest depth of the
 * message whose delivery made a participant decide (COMMITTED/ABORTED); "delays to client" is the
 * depth of the message whose delivery made the client return.
 *
 * <p><b>Forced writes</b> are syncs announced by a {@code "force KIND txn"} note just before them
 * (see {@link TxnLog#force}).
 */
public final class TxnCounter implements TraceListener {

    /** The counts for one transaction. */
    public record Count(String txn, String outcome, int messages, Map<String, Integer> byType, int delaysToDecision,
                        int delaysToClient, int forcedWrites) {
        public int of(String type) {
            return byType.getOrDefault(type, 0);
        }
    }

    private static final class Acc {
        String outcome;
        int messages;
        final Map<String, Integer> byType = new TreeMap<>();
        int toDecision;
        int toClient;
        int forced;
    }

    private final Map<String, Acc> txns = new LinkedHashMap<>();
    private final Map<Long, Integer> depth = new HashMap<>();
    private final Map<String, Integer> trigger = new HashMap<>();
    private final Map<String, String> forcing = new HashMap<>();
    private final Map<String, Map<String, String>> lastStates = new HashMap<>();
    private final Map<String, String> opTxn = new HashMap<>();

    /** Counts a whole trace file. */
    public static Map<String, Count> of(Path trace) {
        return of(TraceReader.read(trace));
    }

    public static Map<String, Count> of(List<TraceEvent> events) {
        TxnCounter c = new TxnCounter();
        events.forEach(c::onEvent);
        return c.counts();
    }

    /** A table, one line per transaction, and the mean per outcome. */
    public static String report(Map<String, Count> counts) {
        StringBuilder sb = new StringBuilder("txn        outcome    msgs  delays(decide/client)  forced  by type\n");
        Map<String, int[]> sums = new TreeMap<>();
        for (Count c : counts.values()) {
            sb.append(String.format(java.util.Locale.ROOT, "%-10s %-10s %4d  %6d / %-6d         %6d  %s%n", c.txn(),
                    c.outcome() == null ? "-" : c.outcome(), c.messages(), c.delaysToDecision(), c.delaysToClient(),
                    c.forcedWrites(), c.byType()));
            int[] s = sums.computeIfAbsent(c.outcome() == null ? "-" : c.outcome(), k -> new int[5]);
            s[0]++;
            s[1] += c.messages();
            s[2] += c.delaysToDecision();
            s[3] += c.forcedWrites();
        }
        sums.forEach((o, s) -> sb.append(String.format(java.util.Locale.ROOT,
                "%s: %d txns, mean %.2f messages, %.2f delays to decision, %.2f forced writes%n",
                o, s[0], s[1] / (double) s[0], s[2] / (double) s[0], s[3] / (double) s[0])));
        return sb.toString();
    }

    /** {@code TxnCounter TRACE.jsonl}: prints the per-transaction counts of a 2pc/3pc trace file. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: TxnCounter TRACE.jsonl   (a trace written by bin/lab sim --protocol 2pc|3pc --trace)");
            System.exit(2);
        }
        try {
            System.out.print(report(of(Path.of(args[0]))));
        } catch (RuntimeException e) {
            System.err.println("TxnCounter: " + consensuslab.core.Json.firstLine(e));
            System.exit(2);
        }
    }

    @Override
    public void onEvent(TraceEvent e) {
        switch (e.type()) {
            case DELIVER -> trigger.put(e.to(), depth.getOrDefault(e.id(), 1));
            case TIMER_FIRE, START, RESTART -> trigger.put(e.node(), 0);
            case SEND -> {
                int d = trigger.getOrDefault(e.from(), 0) + 1;
                depth.put(e.id(), d);
                String t = Views.msgTxn(e);
                if (t != null) {
                    Acc a = acc(t);
                    a.messages++;
                    // A trace read back from a file may lack the message type name: counted as "?".
                    a.byType.merge(e.msgType() == null ? "?" : e.msgType(), 1, Integer::sum);
                }
            }
            case NOTE -> {
                if (e.node() != null && e.text() != null && e.text().startsWith("force ")) {
                    String[] w = e.text().split(" ");
                    if (w.length >= 3) {
                        forcing.put(e.node(), w[2]);
                    }
                }
            }
            case SYNC -> {
                String t = forcing.remove(e.node());
                if (t != null) {
                    acc(t).forced++;
                }
            }
            case STATE -> {
                Map<String, String> now = Views.participantTxns(e);
                if (now == null) {
                    return;
                }
                Map<String, String> before = lastStates.getOrDefault(e.node(), Map.of());
                for (Map.Entry<String, String> x : now.entrySet()) {
                    String s = x.getValue();
                    if ((s.equals("COMMITTED") || s.equals("ABORTED")) && !s.equals(before.get(x.getKey()))) {
                        Acc a = acc(x.getKey());
                        a.toDecision = Math.max(a.toDecision, trigger.getOrDefault(e.node(), 0));
                    }
                }
                lastStates.put(e.node(), now);
            }
            case INVOKE -> {
                String t = Views.invokedTxn(e);
                if (t != null) {
                    opTxn.put(e.node() + "/" + e.id(), t);
                }
            }
            case RETURN -> {
                String t = opTxn.get(e.node() + "/" + e.id());
                if (t != null) {
                    Acc a = acc(t);
                    a.outcome = Views.outcome(e);
                    a.toClient = trigger.getOrDefault(e.node(), 0);
                }
            }
            default -> { }
        }
    }

    private Acc acc(String txn) {
        return txns.computeIfAbsent(txn, k -> new Acc());
    }

    /** Per transaction, in order of first appearance. */
    public Map<String, Count> counts() {
        Map<String, Count> out = new LinkedHashMap<>();
        txns.forEach((t, a) -> out.put(t, new Count(t, a.outcome, a.messages, Collections.unmodifiableMap(new TreeMap<>(a.byType)),
                a.toDecision, a.toClient, a.forced)));
        return out;
    }
}
