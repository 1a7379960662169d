package consensuslab.labs.grade;

import java.util.ArrayList;
import java.util.List;

/** Every graded exercise, for {@code bin/lab grade}. To add one: a class extending {@link Exercise} and a line here. */
public final class Exercises {

    private Exercises() {
    }

    public static List<Exercise<?>> all() {
        return List.of(
                new TwoPcRecoveryExercise(),
                new PaxosAcceptorExercise(),
                new SlotRecoveryExercise(),
                new FleVoteExercise(),
                new ZabSyncExercise(),
                new ZkLockExercise());
    }

    public static Exercise<?> find(String name) {
        List<String> names = new ArrayList<>();
        for (Exercise<?> e : all()) {
            if (e.name().equals(name)) {
                return e;
            }
            names.add(e.name());
        }
        throw new IllegalArgumentException("no exercise '" + name + "' (known: " + String.join(", ", names) + ")");
    }
}
