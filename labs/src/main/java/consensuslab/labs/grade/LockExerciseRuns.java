package consensuslab.labs.grade;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.zab.Zab;
import consensuslab.zab.ZabMessage;
import consensuslab.labs.grade.ZabExerciseRuns.Run;
import consensuslab.zk.exercise.LockRecipe;
import consensuslab.zk.sim.RecipeClient;
import consensuslab.zk.sim.RecipeWorkload;
import java.util.ArrayList;
import java.util.List;

/**
 * Graded runs of lab 8's lock with a student's {@link LockRecipe}: five clients contend on three
 * servers, with and without a waiter crashing (its session expires). Judged by the exclusive-owner
 * checker, by every surviving client owning the lock exactly once, and by the herd count: a release
 * may wake one waiter, so at most one watch event per waiter.
 */
public final class LockExerciseRuns {

    private LockExerciseRuns() {
    }

    public static final List<String> SCHEDULES = List.of("", "crash c3@150ms", "crash n1@300ms; restart n1@700ms");

    public static final long[] SEEDS = {1, 2};

    public static List<Run> lock(LockRecipe recipe) {
        List<Run> out = new ArrayList<>();
        for (String faults : SCHEDULES) {
            for (long seed : SEEDS) {
                out.add(run(recipe, seed, faults));
            }
        }
        return out;
    }

    static Run run(LockRecipe recipe, long seed, String faults) {
        int clients = 5;
        String params = "workload=recipes,recipe=lock,hold=40";
        Zab zab = Zab.with(new RecipeWorkload(recipe));
        Params p = Params.parse(params);
        Simulator<ZabMessage> sim = SimRun.build(zab, new SimRun.Options(3, clients, seed, 4_000, FaultSchedule.parse(faults), p, false, true));
        List<Checker> checkers = zab.checkers(p, 3, clients);
        checkers.forEach(sim::addListener);
        List<TraceEvent> notes = new ArrayList<>();
        sim.addListener(e -> {
            if (e.type() == EventType.NOTE || e.type() == EventType.CRASH) {
                notes.add(e);
            }
        });
        sim.runUntil(2_500);
        List<String> failures = new ArrayList<>();
        for (Checker c : checkers) {
            c.finish(sim.now());
            for (Violation v : c.violations()) {
                failures.add(v.toString());
            }
        }
        int waiters = 0;
        int events = 0;
        for (int c = 1; c <= clients; c++) {
            NodeId id = NodeId.client(c);
            String name = id.name();
            boolean crashed = notes.stream().anyMatch(e -> e.type() == EventType.CRASH && name.equals(e.node()));
            long owned = notes.stream().filter(e -> e.type() == EventType.NOTE && name.equals(e.node()) && e.text().startsWith("owns the lock")).count();
            if (!crashed && owned != 1) {
                failures.add(name + " owned the lock " + owned + " times (expected once)");
            }
            RecipeClient.RecipeView v = (RecipeClient.RecipeView) sim.state(id);
            if (v != null && !crashed) {
                events += v.watchEvents();
                waiters++;
            }
        }
        if (events > waiters) {
            failures.add("herd effect: " + events + " watch events for " + waiters + " clients (at most one each)");
        }
        String replay = "bin/lab sim --protocol zab --clients 5 --seed " + seed + " --until 2500ms --param " + params
                + (faults.isEmpty() ? "" : " --faults \"" + faults + "\"");
        return new Run("seed " + seed + (faults.isEmpty() ? "" : ": " + faults), replay, failures);
    }
}
