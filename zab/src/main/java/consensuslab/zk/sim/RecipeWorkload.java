package consensuslab.zk.sim;

import consensuslab.check.Checker;
import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.zab.ZabMessage;
import consensuslab.zab.ZabStateMachine;
import consensuslab.zab.ZabWorkload;
import consensuslab.zk.exercise.LockRecipe;
import consensuslab.zk.solution.HerdLockRecipe;
import consensuslab.zk.solution.ReferenceLockRecipe;
import java.util.List;

/**
 * {@code --param workload=recipes,recipe=NAME}: the book's ZooKeeper recipes run by
 * {@link RecipeClient}s on the replicated znode tree, with watches and session expiry (clients ping;
 * the leader closes a session not heard from for its timeout, and its ephemeral znodes go with it).
 * The lock decides with a {@link LockRecipe}: the reference, {@code lock=herd} for the herd effect,
 * or a student's in a graded run.
 */
public final class RecipeWorkload implements ZabWorkload {

    private final LockRecipe lock;

    /** The recipes with the reference lock. */
    public RecipeWorkload() {
        this(new ReferenceLockRecipe());
    }

    /** The recipes with {@code lock} deciding who owns the lock. */
    public RecipeWorkload(LockRecipe lock) {
        this.lock = lock;
    }

    @Override
    public String name() {
        return "recipes";
    }

    @Override
    public Node<ZabMessage> client(Context<ZabMessage> ctx) {
        LockRecipe rule = "herd".equals(ctx.params().get("lock", "")) ? new HerdLockRecipe() : lock;
        return new RecipeClient(ctx, rule);
    }

    @Override
    public ZabStateMachine stateMachine() {
        return new ZnodeSimStateMachine(true);
    }

    @Override
    public List<Checker> checkers() {
        return List.of(new ZnodeTreeChecker(), new LockChecker());
    }
}
