package consensuslab.visualizer.lab;

import consensuslab.check.Checker;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.core.Registry;
import consensuslab.labs.course.Scenario;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import consensuslab.visualizer.model.Session;
import consensuslab.visualizer.model.Timeline;
import java.util.ArrayList;
import java.util.List;

/**
 * A lab's run as the visualizer shows it: the lab engine drives the simulator step by step, and
 * every trace event it emits lands in this session's timeline (and the protocol's checkers), so
 * the ring, the space-time diagram and the log pane show exactly the run the narration tells.
 * Read-only: the lab decides what happens next.
 */
public final class LabSession implements Session, TraceListener {

    private final String title;
    private final Protocol<?> protocol;
    private final List<String> servers = new ArrayList<>();
    private final List<String> clients = new ArrayList<>();
    private final Timeline timeline;
    private final List<Checker> checkers;

    public LabSession(Scenario s, Registry registry) {
        Scenario.Setup setup = s.setup();
        this.title = "lab " + s.id() + ": " + s.title();
        this.protocol = registry.get(setup.protocol());
        for (int i = 1; i <= setup.nodes(); i++) {
            servers.add(NodeId.server(i).name());
        }
        for (int i = 1; i <= setup.clients(); i++) {
            clients.add(NodeId.client(i).name());
        }
        List<String> all = new ArrayList<>(servers);
        all.addAll(clients);
        this.timeline = new Timeline(all);
        this.checkers = protocol == null ? List.of() : protocol.checkers(Params.parse(setup.params()), servers.size(), clients.size());
    }

    @Override
    public void onEvent(TraceEvent e) {
        timeline.onEvent(e);
        for (Checker c : checkers) {
            c.onEvent(e);
        }
    }

    @Override
    public Timeline timeline() {
        return timeline;
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public List<Checker> checkers() {
        return checkers;
    }

    @Override
    public Protocol<?> protocol() {
        return protocol;
    }

    @Override
    public List<String> servers() {
        return servers;
    }

    @Override
    public List<String> clients() {
        return clients;
    }

    @Override
    public long until() {
        return timeline.endTime();
    }
}
