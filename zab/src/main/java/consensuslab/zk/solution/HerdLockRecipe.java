package consensuslab.zk.solution;

import consensuslab.zk.exercise.LockRecipe;
import java.util.List;

/**
 * The naive lock of lab 8, for comparison: correct, but every waiter watches the lock node's
 * children, so each release wakes every waiter (the herd effect) although only one can win.
 */
public final class HerdLockRecipe implements LockRecipe {

    @Override
    public Next next(String lockNode, String mine, List<String> children) {
        long me = ReferenceLockRecipe.sequence(mine);
        for (String c : children) {
            if (ReferenceLockRecipe.sequence(c) < me) {
                return new Watch(lockNode);
            }
        }
        return new Own();
    }
}
