package consensuslab.labs.grade;

import consensuslab.labs.cli.Args;
import consensuslab.labs.cli.CliException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code lab grade EXERCISE [--solution student|reference] [--seeds N]}: grades a solution, exit 0
 * only with full marks; {@code lab grade --list}; and {@code lab grade EXERCISE --seed S --faults "F"
 * [--param P]}, the replay of one failing schedule that a grade prints.
 */
public final class GradeCommand {

    public static final String USAGE = "usage: lab grade EXERCISE [--solution student|reference] [--seeds 100]"
            + " | lab grade --list | lab grade EXERCISE [--solution ...] --seed S --faults \"SCHEDULE\" [--param k=v,...]";

    private GradeCommand() {
    }

    public static int run(List<String> argv, PrintStream out) {
        Args a = new Args(argv, Set.of("solution", "seeds", "seed", "faults", "param"), Set.of("list"));
        if (a.flag("list")) {
            for (Exercise<?> e : Exercises.all()) {
                out.printf(Locale.ROOT, "%-20s lab %d  %s%n", e.name(), e.lab(), e.title());
            }
            return 0;
        }
        if (a.positional().size() != 1) {
            throw new CliException(USAGE);
        }
        Exercise<?> ex = Exercises.find(a.positional().get(0));
        String solution = a.get("solution", "student");
        if (!solution.equals("student") && !solution.equals("reference")) {
            throw new CliException("--solution is student or reference, not '" + solution + "'");
        }
        boolean reference = solution.equals("reference");
        if (a.has("seed") || a.has("faults")) {
            if (!a.has("seed") || !a.has("faults")) {
                throw new CliException("a replay needs both --seed and --faults (as a failing grade prints them)");
            }
            return Grader.replay(ex, reference, a.getLong("seed", 1), a.get("faults", ""), a.get("param", null), out) ? 0 : 1;
        }
        return Grader.grade(ex, reference, a.getInt("seeds", 100, 1, 100_000), out).full() ? 0 : 1;
    }
}
