package consensuslab.search;

import java.util.List;

/**
 * What a search found.
 *
 * @param outcome     what kind of answer this is
 * @param message     one line: the violation, the goal, or the blocked state
 * @param path        the steps from the initial state to the state reported (a shortest one when
 *                    breadth-first); empty when nothing was found
 * @param transitions successor states generated (including ones already seen)
 * @param unique      distinct states (by fingerprint)
 * @param maxDepth    the deepest level reached
 * @param wallMs      wall-clock time
 * @param complete    true when no time-out cut the search: every reachable state within the depth bound
 *                    was explored, or the search stopped at a violation or goal (see {@link #summary})
 * @param depthBound  true when some state was left unexpanded because of the depth bound
 * @param localStates distinct node states (entries in the per-node memo)
 * @param blocked     with a blocking report: states from which the goal can never be reached
 * @param prefix      with {@code --from-sim}: how many node inputs the simulator prefix took before the
 *                    search's initial state ({@link #path} starts after them); 0 otherwise
 * @param stages      a staged search ({@code --via}): the stages whose goal was reached, in order; {@link #path}
 *                    is their steps followed by the last stage's; empty without stages
 */
public record SearchResult(Outcome outcome, String message, List<Step> path, long transitions, long unique, int maxDepth,
                           long wallMs, boolean complete, boolean depthBound, long localStates, long blocked,
                           int prefix, List<Stage> stages) {

    /** A stage of a staged search that reached its goal: in {@code steps} steps, a shortest way from where it started, after exploring {@code states} states. */
    public record Stage(String goal, int steps, long states) {
    }

    /** How many steps of {@link #path} the stages took (the rest is the last stage's). */
    public int stagedSteps() {
        int k = 0;
        for (Stage s : stages) {
            k += s.steps();
        }
        return k;
    }

    /** One line per stage reached, e.g. "stage 1: any:established=true after 19 steps (52,114 states), a shortest way from the initial state". */
    public List<String> describeStages(boolean fromSim) {
        List<String> lines = new java.util.ArrayList<>();
        for (int k = 0; k < stages.size(); k++) {
            Stage s = stages.get(k);
            lines.add(String.format("stage %d: %s after %d steps (%,d states), a shortest way from %s", k + 1, s.goal(), s.steps(),
                    s.states(), k > 0 ? "stage " + k + "'s end" : fromSim ? "the simulator's state" : "the initial state"));
        }
        return lines;
    }

    public enum Outcome {
        /** A checker failed (or a handler threw): {@link #path} leads to it. */
        VIOLATION,
        /** The goal holds in the state {@link #path} leads to. */
        GOAL_REACHED,
        /** From the state {@link #path} leads to, the goal can never be reached. */
        BLOCKED,
        /** Nothing to report within the bounds. */
        NOTHING_FOUND
    }

    /** bin/lab's exit code: 1 for a violation or a blocked state, 0 otherwise. */
    public int exitCode() {
        return outcome == Outcome.VIOLATION || outcome == Outcome.BLOCKED ? 1 : 0;
    }

    /** Unique states per second of wall-clock time. */
    public long statesPerSecond() {
        return wallMs == 0 ? unique * 1000 : unique * 1000 / wallMs;
    }

    /** One summary line. */
    public String summary() {
        boolean stoppedAtFind = outcome == Outcome.VIOLATION || outcome == Outcome.GOAL_REACHED;
        return String.format("%s: %,d unique states, %,d transitions, depth %d, %.1fs (%,d states/s), %,d node states%s",
                stoppedAtFind ? "stopped at the first find" : complete ? (depthBound ? "explored to the depth bound" : "explored completely")
                        : message.startsWith("memory exhausted") || message.contains("(memory exhausted") ? "stopped when memory ran out"
                        : "stopped at the time bound",
                unique, transitions, maxDepth, wallMs / 1000.0, statesPerSecond(), localStates,
                blocked > 0 ? ", " + blocked + " blocked states" : "");
    }
}
