package consensuslab.labs.course;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.NodeId;
import java.util.List;
import java.util.Map;

/**
 * A lab as its scenario file describes it (format: docs/labs/README.md). Read by
 * {@link ScenarioReader}, run by {@link LabRun}.
 *
 * @param id       the lab's number (0, 1, ...); {@code bin/lab run 1}
 * @param slug     a short name ({@code bin/lab run 2pc} works too)
 * @param title    one line for {@code bin/lab labs}
 * @param file     where it was read from (for messages)
 * @param protocol the registered protocol it runs
 * @param nodes    servers
 * @param clients  clients
 * @param params   protocol parameters ({@code k=v,...})
 * @param seed     the run's seed
 * @param faults   a fault schedule applied from the start (often empty: steps inject faults by hand)
 * @param intro    what the student reads before the first step
 * @param steps    the steps, in order
 */
public record Scenario(int id, String slug, String title, String file, String protocol, int nodes, int clients, String params, long seed,
                       String faults, String intro, List<Step> steps) {

    /** What a run is made of; a step may start a fresh run with some of these changed. */
    public record Setup(String protocol, int nodes, int clients, String params, long seed, String faults) {
    }

    /** The lab's own run. */
    public Setup setup() {
        return new Setup(protocol, nodes, clients, params, seed, faults);
    }

    /**
     * One step: if {@code fresh} is set, a new run starts first (the lab's setup with these
     * changes: another parameter, seed or fault schedule); then its actions run in order, then the narration is shown with the state and the
     * checkpoints. A question, if any, is asked before the actions run.
     */
    public record Step(String title, Setup fresh, List<Action> actions, String narrate, List<Check> checks, Question question) {
    }

    /** A multiple-choice question; {@code confirm} is the checkpoint that shows in the run which answer is right. */
    public record Question(String ask, List<String> choices, int answer, String explain, Check confirm) {
    }

    /** What a step does to the run. */
    public sealed interface Action {
        /** Lets virtual time pass. */
        record Run(long millis) implements Action {
        }

        /** Runs until an event matching {@code match} happens, at most {@code within} ms. */
        record Until(EventMatch match, long within) implements Action {
        }

        /** Runs until these nodes (all, if empty) have started. */
        record Start(List<NodeId> nodes, long within) implements Action {
        }

        record Crash(NodeId node) implements Action {
        }

        record Restart(NodeId node) implements Action {
        }

        record Pause(NodeId node) implements Action {
        }

        record Resume(NodeId node) implements Action {
        }

        record Partition(List<List<NodeId>> groups) implements Action {
        }

        record Heal() implements Action {
        }

        /** Runs until a message matching {@code match} is sent, then drops it in flight. */
        record Drop(EventMatch match, long within) implements Action {
        }

        /** Delivers a protocol message as if {@code from} had sent it (a client request by hand). */
        record Send(NodeId from, NodeId to, JsonNode msg) implements Action {
        }
    }

    /** A checkpoint: something that must hold in the published state (or the trace) after a step. */
    public sealed interface Check {
        /** What the student reads: "n2 is READY and holds its lock". */
        String says();

        /** Fields of a node's published state: JSON pointer to the expected value, and to substrings it must contain. */
        record State(String says, NodeId node, Map<String, JsonNode> equals, Map<String, String> contains) implements Check {
        }

        record Up(String says, NodeId node, boolean up) implements Check {
        }

        /** How many trace events match: {@code min <= count <= max}; {@code sinceStep} counts this step only. */
        record Count(String says, EventMatch match, long min, long max, boolean sinceStep) implements Check {
        }

        /** The protocol's checker by this name, run over the trace so far, passes ({@code ok}) or not. */
        record Verdict(String says, String checker, boolean ok) implements Check {
        }

        /** A named predicate from {@link Predicates}, with its arguments. */
        record Named(String says, String predicate, JsonNode args) implements Check {
        }
    }
}
