package consensuslab.labs.grade;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import consensuslab.zab.Zab;
import consensuslab.zab.ZabMessage;
import consensuslab.zab.ZabRules;
import consensuslab.zab.ZabState;
import java.util.ArrayList;
import java.util.List;

/**
 * Graded runs of the ZAB engine with a student's rule plugged in: named scenarios first, then
 * seeded fault schedules, each judged by Zab's checkers and by what the servers publish at the end.
 * A run is a {@link Run}: its name, the command that replays it, and what went wrong (nothing: it
 * passed).
 */
public final class ZabExerciseRuns {

    private ZabExerciseRuns() {
    }

    /** One graded run: an empty {@code failures} list means it passed. */
    public record Run(String name, String replay, List<String> failures) {
        public Run {
            failures = List.copyOf(failures);
        }

        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** The book's example: five empty servers started one by one; 3 leads, 1, 2, 4, 5 follow. */
    public static final String BOOK_START = "start n2@300ms; start n3@600ms; start n4@900ms; start n5@1200ms";

    /** Fault schedules the graded runs repeat over seeds: crashes with history, a partition, a full restart. */
    public static final List<String> SCHEDULES = List.of(
            "crash n1@400ms; restart n1@900ms; crash n2@1300ms; restart n2@1800ms",
            "partition@500ms n1|n2,n3; heal@1200ms; crash n3@1500ms; restart n3@1900ms",
            "crash n1@600ms; crash n2@650ms; crash n3@700ms; restart n2@900ms; restart n3@950ms; restart n1@1000ms",
            "crash n3@300ms; restart n3@1400ms; partition@700ms n1|n2,n3; heal@1100ms");

    public static final long[] SEEDS = {1, 2, 3};

    /** Lab 5's exercise (grade fle-vote): the book's example, then the schedules. */
    public static List<Run> voteOrder(ZabRules rules) {
        List<Run> out = new ArrayList<>();
        out.add(bookExample(rules));
        out.addAll(schedules(rules, "ops=40"));
        return out;
    }

    /** Lab 6's exercise (grade zab-sync): the schedules, with a small committed log so that every mode happens. */
    public static List<Run> syncRule(ZabRules rules) {
        return schedules(rules, "ops=40,snapCount=10,commitLogCount=6");
    }

    static Run bookExample(ZabRules rules) {
        String params = "ops=5";
        String replay = "bin/lab sim --protocol zab --nodes 5 --seed 1 --param " + params + " --faults \"" + BOOK_START + "\"";
        Simulator<ZabMessage> sim = build(rules, 5, 1, params, BOOK_START);
        List<Checker> checkers = checkers(sim, params, 5);
        sim.runUntil(2_000);
        List<String> failures = violations(checkers, sim.now());
        for (int i = 1; i <= 5; i++) {
            ZabState s = (ZabState) sim.state(NodeId.server(i));
            String want = i == 3 ? "LEADING" : "FOLLOWING";
            if (s == null || !want.equals(s.role()) || !"n3".equals(s.leader())) {
                failures.add("n" + i + " should be " + want + " with leader n3, but is " + (s == null ? "silent" : s.role() + " (leader " + s.leader() + ")"));
            }
        }
        return new Run("book example: start 1..5 one by one, n3 leads", replay, failures);
    }

    static List<Run> schedules(ZabRules rules, String params) {
        List<Run> out = new ArrayList<>();
        for (String faults : SCHEDULES) {
            for (long seed : SEEDS) {
                String replay = "bin/lab sim --protocol zab --nodes 3 --seed " + seed + " --until 4s --param " + params
                        + " --faults \"" + faults + "\"";
                Simulator<ZabMessage> sim = build(rules, 3, seed, params, faults);
                List<Checker> checkers = checkers(sim, params, 3);
                sim.runUntil(4_000);
                List<String> failures = violations(checkers, sim.now());
                failures.addAll(converged(sim, 3));
                out.add(new Run("seed " + seed + ": " + faults, replay, failures));
            }
        }
        return out;
    }

    private static Simulator<ZabMessage> build(ZabRules rules, int servers, long seed, String params, String faults) {
        Zab zab = new Zab().using(rules);
        return SimRun.build(zab, new SimRun.Options(servers, 2, seed, 4_000, FaultSchedule.parse(faults), Params.parse(params), false, true));
    }

    private static List<Checker> checkers(Simulator<ZabMessage> sim, String params, int servers) {
        List<Checker> cs = new Zab().checkers(Params.parse(params), servers, 2);
        for (Checker c : cs) {
            sim.addListener(c);
        }
        return cs;
    }

    private static List<String> violations(List<Checker> checkers, long now) {
        List<String> out = new ArrayList<>();
        for (Checker c : checkers) {
            c.finish(now);
            for (Violation v : c.violations()) {
                out.add(v.toString());
            }
        }
        return out;
    }

    /** At the end one leader serves, and every server has committed what it has. */
    private static List<String> converged(Simulator<ZabMessage> sim, int servers) {
        List<String> out = new ArrayList<>();
        ZabState leader = null;
        for (int i = 1; i <= servers; i++) {
            ZabState s = (ZabState) sim.state(NodeId.server(i));
            if (s != null && s.established()) {
                leader = s;
            }
        }
        if (leader == null) {
            out.add("no established leader at the end of the run");
            return out;
        }
        for (int i = 1; i <= servers; i++) {
            ZabState s = (ZabState) sim.state(NodeId.server(i));
            if (s == null || !s.serving()) {
                out.add("n" + i + " is not serving at the end of the run");
            } else if (s.lastCommittedZxid() != leader.lastCommittedZxid() || !String.valueOf(s.data()).equals(String.valueOf(leader.data()))) {
                out.add("n" + i + " differs from the leader at the end: committed " + Long.toHexString(s.lastCommittedZxid())
                        + " vs " + Long.toHexString(leader.lastCommittedZxid()));
            }
        }
        return out;
    }
}
