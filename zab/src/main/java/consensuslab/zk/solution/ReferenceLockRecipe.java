package consensuslab.zk.solution;

import consensuslab.zk.exercise.LockRecipe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The reference answer to lab 8's exercise: the lowest sequence number owns the lock; every other
 * waiter watches only the child just below its own (its predecessor), so a release wakes exactly
 * one waiter.
 */
public final class ReferenceLockRecipe implements LockRecipe {

    @Override
    public Next next(String lockNode, String mine, List<String> children) {
        List<String> sorted = new ArrayList<>(children);
        sorted.sort(Comparator.comparingLong(ReferenceLockRecipe::sequence));
        int at = sorted.indexOf(mine);
        if (at <= 0) {
            return new Own();
        }
        return new Watch(lockNode + "/" + sorted.get(at - 1));
    }

    /** The 10-digit counter ZooKeeper appends to a sequential znode's name. */
    static long sequence(String name) {
        return Long.parseLong(name.substring(name.length() - 10));
    }
}
