package consensuslab.labs.grade;

import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.prop.FaultBounds;
import java.util.List;
import java.util.function.Function;

/**
 * A graded exercise: a small interface {@code S} the student implements (a skeleton to fill in),
 * the reference solution the protocol uses by default, and how to grade a solution: quick tests
 * on the solution alone, scenario files run by the lab engine with the solution plugged into the
 * protocol, and seeded fault schedules run by the property runner. See docs/labs/README.md.
 *
 * @param <S> the interface the student implements
 */
public abstract class Exercise<S> {

    /** A test of the solution alone: null when it passes, else what went wrong (one line). */
    public record Test<S>(String name, Function<S, String> check) {
    }

    /**
     * The fault-schedule property: the protocol with the solution plugged in, these sizes and
     * parameters, schedules drawn within these bounds ({@code faultsSaid} says which, in words),
     * every checker of the protocol.
     */
    public record Property(int nodes, int clients, long until, Params params, FaultBounds bounds, String shrinkParam, String faultsSaid) {
    }

    /** {@code bin/lab grade NAME}. */
    public abstract String name();

    /** The lab it belongs to. */
    public abstract int lab();

    /** One line for {@code bin/lab grade --list}. */
    public abstract String title();

    /** Where the student writes the solution (a path in this repository). */
    public abstract String skeleton();

    public abstract S reference();

    /** The student's solution: the skeleton until it is filled in. */
    public abstract S student();

    /** The registered protocol, with this solution plugged in. */
    public abstract Protocol<?> protocol(S solution);

    public abstract List<Test<S>> tests();

    /** Scenario files on the classpath (the lab format), run with {@link #protocol} under its usual name. */
    public abstract List<String> scenarios();

    public abstract Property property();

    /** Shorthand for a test's verdict: null if {@code ok}, else {@code what}. */
    protected static String expect(boolean ok, String what) {
        return ok ? null : what;
    }
}
