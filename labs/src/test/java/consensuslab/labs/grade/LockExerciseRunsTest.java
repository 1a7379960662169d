package consensuslab.labs.grade;

import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.grade.ZabExerciseRuns.Run;

import consensuslab.zk.exercise.MyLockRecipe;
import consensuslab.zk.solution.HerdLockRecipe;
import consensuslab.zk.solution.ReferenceLockRecipe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lab 8's graded lock runs: the reference passes all, the skeleton breaks exclusion, the herd lock is caught. */
class LockExerciseRunsTest {

    @Test
    void referencePassesSkeletonAndHerdFail() {
        List<Run> ref = LockExerciseRuns.lock(new ReferenceLockRecipe());
        assertTrue(ref.stream().allMatch(Run::passed), ref.stream().filter(r -> !r.passed()).toList().toString());
        List<Run> skeleton = LockExerciseRuns.lock(new MyLockRecipe());
        assertTrue(skeleton.stream().anyMatch(r -> r.failures().stream().anyMatch(f -> f.contains("own the lock at once"))),
                skeleton.toString());
        List<Run> herd = LockExerciseRuns.lock(new HerdLockRecipe());
        assertTrue(herd.stream().anyMatch(r -> r.failures().stream().anyMatch(f -> f.startsWith("herd effect"))), herd.toString());
    }
}
