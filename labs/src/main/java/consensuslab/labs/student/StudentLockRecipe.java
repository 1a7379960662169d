package consensuslab.labs.student;

import consensuslab.zk.exercise.LockRecipe;
import java.util.List;

/**
 * Lab 8's exercise, yours to fill in: see {@link LockRecipe}, then run
 * {@code bin/lab grade zk-lock}.
 *
 * <p>Hints: the children come in no particular order; sequence numbers are the last ten digits
 * of a name. Who owns the lock? Whom should a waiter watch so that a release wakes one waiter only?
 */
public final class StudentLockRecipe implements LockRecipe {

    @Override
    public Next next(String lockNode, String mine, List<String> children) {
        throw new UnsupportedOperationException("not written yet: fill in StudentLockRecipe.next");
    }
}
