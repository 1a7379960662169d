package consensuslab.visualizer.model;

import consensuslab.check.Checker;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.List;

/**
 * A run the user watches but does not drive: its events are fed in from outside, all at once (an
 * imported trace, {@link TraceRun}) or as someone else produces them (a lab, driven by the lab
 * engine). Each event lands in the timeline and in the protocol's checkers.
 */
public class ReadOnlyRun implements Session, TraceListener {

    private final String title;
    private final Protocol<?> protocol;
    private final List<String> servers;
    private final List<String> clients;
    private final Timeline timeline;
    private final List<Checker> checkers;

    /** {@code protocol} may be null (an unregistered protocol): then no checker runs. */
    protected ReadOnlyRun(String title, Protocol<?> protocol, Params params, List<String> servers, List<String> clients) {
        this.title = title;
        this.protocol = protocol;
        this.servers = List.copyOf(servers);
        this.clients = List.copyOf(clients);
        List<String> all = new ArrayList<>(servers);
        all.addAll(clients);
        this.timeline = new Timeline(all);
        this.checkers = protocol == null ? List.of() : protocol.checkers(params, servers.size(), clients.size());
    }

    @Override
    public void onEvent(TraceEvent e) {
        timeline.onEvent(e);
        for (Checker c : checkers) {
            c.onEvent(e);
        }
    }

    /** The run is over: liveness checkers judge it at its last event's time. */
    protected void finish() {
        for (Checker c : checkers) {
            c.finish(timeline.endTime());
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
