package consensuslab.zk.exercise.grading;

import consensuslab.zk.exercise.LockRecipe;
import consensuslab.zk.exercise.LockRecipe.Next;
import java.util.ArrayList;
import java.util.List;

/** The decisions a correct, herd-free {@link LockRecipe} must make. */
public final class LockRecipeCases {

    private LockRecipeCases() {
    }

    public record Case(String mine, List<String> children, Next expected, String why) {
    }

    private static String n(int seq) {
        return String.format("lock-%010d", seq);
    }

    public static List<Case> all() {
        return List.of(
                new Case(n(3), List.of(n(3)), new LockRecipe.Own(), "alone: the only child owns the lock"),
                new Case(n(3), List.of(n(7), n(3), n(5)), new LockRecipe.Own(), "the lowest sequence number owns the lock"),
                new Case(n(5), List.of(n(7), n(3), n(5)), new LockRecipe.Watch("/lock/" + n(3)), "watch the predecessor, not the lock node"),
                new Case(n(7), List.of(n(7), n(3), n(5)), new LockRecipe.Watch("/lock/" + n(5)),
                        "watch the child just below (the predecessor), not the owner: one release wakes one waiter"),
                new Case(n(12), List.of(n(12), n(9), n(100), n(11)), new LockRecipe.Watch("/lock/" + n(11)),
                        "children come in no order: sort by sequence number"),
                new Case("x-" + n(4), List.of("b-" + n(6), "x-" + n(4), "a-" + n(5)), new LockRecipe.Own(),
                        "compare sequence numbers, not whole names"));
    }

    public static List<String> check(LockRecipe recipe) {
        List<String> out = new ArrayList<>();
        for (Case c : all()) {
            Next got;
            try {
                got = recipe.next("/lock", c.mine(), c.children());
            } catch (RuntimeException e) {
                out.add("next(" + c.mine() + ", " + c.children() + "): threw " + e);
                continue;
            }
            if (!c.expected().equals(got)) {
                out.add("next(" + c.mine() + ", " + c.children() + "): expected " + c.expected() + ", got " + got + " (" + c.why() + ")");
            }
        }
        return out;
    }
}
