package consensuslab.zk.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zk.exercise.grading.LockRecipeCases;
import consensuslab.zk.solution.HerdLockRecipe;
import consensuslab.zk.solution.ReferenceLockRecipe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lock recipe's case table: the reference passes, a lock that always owns and the herd lock do not. */
class LockRecipeCasesTest {

    @Test
    void lockRecipeReferencePassesAlwaysOwnAndHerdFail() {
        assertEquals(List.of(), LockRecipeCases.check(new ReferenceLockRecipe()));
        assertFalse(LockRecipeCases.check((lockNode, mine, children) -> new LockRecipe.Own()).isEmpty());
        List<String> herd = LockRecipeCases.check(new HerdLockRecipe());
        assertTrue(herd.stream().anyMatch(s -> s.contains("watch the predecessor")), herd.toString());
    }
}
