package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Params;
import consensuslab.trace.TraceEvent;
import consensuslab.zab.check.ZabCheckers;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Copied ZAB checkers (as the exhaustive search copies a state's checkers, all together) judge
 * exactly as fresh checkers fed the whole trace: for random faulty runs, with and without planted
 * bugs, checkers fed a prefix of the trace and then copied judge the rest like checkers fed
 * everything, and the originals are not disturbed by what their copies see; and checkers fed only
 * the events that not all of them say they ignore ({@code Checker.ignores}) judge alike too. Replay a run with
 * {@code bin/lab sim --protocol zab --nodes 3 --clients 2 --seed S --param P --faults F --until 5s}.
 */
class CheckerCopyTest {

    private static List<String> verdicts(List<Checker> checkers) {
        List<String> out = new ArrayList<>();
        for (Checker c : checkers) {
            for (Violation v : c.violations()) {
                out.add(v.checker() + "@" + v.seq() + ": " + v.message());
            }
        }
        return out;
    }

    private static List<Checker> fed(Params p, List<TraceEvent> events) {
        List<Checker> cs = ZabCheckers.all(p, 3);
        feed(cs, events);
        return cs;
    }

    private static void feed(List<Checker> cs, List<TraceEvent> events) {
        for (TraceEvent e : events) {
            for (Checker c : cs) {
                c.onEvent(e);
            }
        }
    }

    private static List<Checker> copyAll(List<Checker> cs) {
        Map<Object, Object> shared = new IdentityHashMap<>();
        List<Checker> out = new ArrayList<>();
        for (Checker c : cs) {
            Checker copy = c.copy(shared);
            assertNotNull(copy, c.name() + " cannot be copied");
            out.add(copy);
        }
        return out;
    }

    /** Verdicts during the run and after {@code finish} (primary integrity judges only there). */
    private static List<String> judged(List<Checker> cs) {
        List<String> out = new ArrayList<>(verdicts(cs));
        for (Checker c : cs) {
            c.finish(5000);
        }
        out.add("-- finish");
        out.addAll(verdicts(cs));
        return out;
    }

    @Test
    void copiesJudgeTheRestOfARunLikeFreshCheckers() {
        int violating = 0;
        long ignored = 0;
        for (String params : List.of("ops=8,bug=lowzxid", "ops=8,bug=skiptrunc", "ops=8")) {
            for (long seed = 1; seed <= 40; seed++) {
                String faults = PlantedBugsScenario.schedule(seed, 3, 2000);
                String replay = "seed " + seed + " params " + params + " faults \"" + faults + "\"";
                ZabKit k = new ZabKit(new Zab(), 3, 2, seed, params, faults);
                k.sim.runUntil(5000);
                List<TraceEvent> events = List.copyOf(k.events);
                Params p = Params.parse(params);
                List<String> whole = judged(fed(p, events));
                if (whole.size() > 1) {
                    violating++;
                } else if (seed > 4) {
                    continue; // a few passing runs suffice; the violating ones are the point
                }
                // events every checker says it ignores may be left out (the search then keeps a state's checkers)
                List<Checker> skipping = ZabCheckers.all(p, 3);
                for (TraceEvent e : events) {
                    if (skipping.stream().allMatch(c -> c.ignores(e))) {
                        ignored++;
                    } else {
                        feed(skipping, List.of(e));
                    }
                }
                assertEquals(whole, judged(skipping), "fed only the events not ignored; " + replay);
                for (int split = 0; split <= 6; split++) {
                    int at = events.size() * split / 6;
                    List<Checker> base = fed(p, events.subList(0, at));
                    List<String> baseBefore = verdicts(base);
                    List<Checker> first = copyAll(base);
                    List<Checker> second = copyAll(base); // a second successor of the same state
                    feed(first, events.subList(at, events.size()));
                    assertEquals(baseBefore, verdicts(base), "feeding a copy changed the original; " + replay);
                    feed(second, events.subList(at, events.size()));
                    assertEquals(whole, judged(first), "copied after " + at + " of " + events.size() + " events; " + replay);
                    assertEquals(whole, judged(second), "copied twice after " + at + " events; " + replay);
                    // a checker copied alone has a history of its own and judges like the set
                    List<Checker> alone = new ArrayList<>();
                    for (Checker c : base) {
                        alone.add(c.copy());
                    }
                    feed(alone, events.subList(at, events.size()));
                    assertEquals(whole, judged(alone), "copied one by one after " + at + " events; " + replay);
                }
            }
        }
        assertTrue(violating >= 2, "no run violated anything: the comparison would be vacuous");
        assertTrue(ignored > 0, "no event was ignored");
        System.out.println("checker copies: " + violating + " of 120 runs had violations, judged alike by copies; " + ignored + " events ignored by every checker");
    }
}
