package consensuslab.labs.grade;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zab.ZabRules;
import consensuslab.zab.exercise.MySyncRule;
import consensuslab.zab.exercise.MyVoteOrder;

import consensuslab.labs.grade.ZabExerciseRuns.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graded runs of labs 5 and 6: the reference rules pass them all, the skeletons fail some. */
class ZabExerciseRunsTest {

    private static String failed(List<Run> runs) {
        StringBuilder b = new StringBuilder();
        for (Run r : runs) {
            if (!r.passed()) {
                b.append(r.name()).append(": ").append(r.failures()).append("\n  replay: ").append(r.replay()).append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void referenceRulesPassEveryRun() {
        List<Run> runs = ZabExerciseRuns.voteOrder(ZabRules.reference());
        runs.addAll(ZabExerciseRuns.syncRule(ZabRules.reference()));
        assertTrue(runs.stream().allMatch(Run::passed), failed(runs));
    }

    @Test
    void skeletonVoteOrderElectsNobody() {
        List<Run> runs = ZabExerciseRuns.voteOrder(ZabRules.reference().with(new MyVoteOrder()));
        assertFalse(runs.get(0).passed(), "the book's example must fail with the skeleton");
        assertTrue(runs.get(0).failures().stream().anyMatch(f -> f.startsWith("n3 should be LEADING")), failed(runs));
    }

    @Test
    void syncRuleThatAlwaysDiffsLeavesDivergentReplicas() {
        List<Run> runs = ZabExerciseRuns.syncRule(ZabRules.reference().with(new MySyncRule()));
        assertTrue(runs.stream().anyMatch(r -> !r.passed()), "an always-DIFF rule must fail some run");
    }
}
