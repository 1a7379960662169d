package consensuslab.zk.exercise;

import java.util.List;

/**
 * Exercise of lab 8: the exclusive lock recipe on the znode service.
 *
 * <p>A client that wants the lock creates an EPHEMERAL_SEQUENTIAL child of the lock node, say
 * {@code /lock/lock-0000000004}, then reads the lock node's children and asks this recipe what to
 * do next: it owns the lock, or it must wait for some znode to go away. The client watches the
 * path the recipe names (an exists watch, or a children watch when the path is the lock node
 * itself); when the watch fires, or the watched znode is already gone, it reads the children again
 * and asks again. It releases the lock by deleting its own znode; if it crashes, its session
 * expires and the ephemeral znode goes with it.
 *
 * <p>Correct: never two owners, every waiter eventually owns. Good: one watch event per release,
 * not one per waiter (the herd effect).
 */
@FunctionalInterface
public interface LockRecipe {

    /** What the client does next. */
    sealed interface Next {
    }

    /** The client owns the lock. */
    record Own() implements Next {
    }

    /** The client waits until the znode at {@code path} changes (is deleted, or has children change). */
    record Watch(String path) implements Next {
    }

    /**
     * @param lockNode the lock node, {@code /lock}
     * @param mine     the name (not the path) of this client's own child, {@code lock-0000000004}
     * @param children the names of the lock node's children now, in no particular order; they
     *                 include {@code mine}
     */
    Next next(String lockNode, String mine, List<String> children);
}
