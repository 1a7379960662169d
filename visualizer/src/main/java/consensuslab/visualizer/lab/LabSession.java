package consensuslab.visualizer.lab;

import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Registry;
import consensuslab.labs.course.Scenario;
import consensuslab.visualizer.model.ReadOnlyRun;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * A lab's run as the visualizer shows it: the lab engine drives the simulator step by step, and
 * every trace event it emits lands in this session's timeline (and the protocol's checkers), so
 * the ring, the space-time diagram and the log pane show exactly the run the narration tells.
 * Read-only: the lab decides what happens next.
 */
public final class LabSession extends ReadOnlyRun {

    public LabSession(Scenario s, Registry registry) {
        super("lab " + s.id() + ": " + s.title(), registry.get(s.setup().protocol()), Params.parse(s.setup().params()),
                names(s.setup().nodes(), NodeId::server), names(s.setup().clients(), NodeId::client));
    }

    private static List<String> names(int count, IntFunction<NodeId> id) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> id.apply(i).name()).toList();
    }
}
