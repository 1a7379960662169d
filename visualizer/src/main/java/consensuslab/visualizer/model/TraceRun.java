package consensuslab.visualizer.model;

import consensuslab.check.Checker;
import consensuslab.core.Registry;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * An imported trace file: replayed and stepped like a live run, read-only. When its header note
 * names a registered protocol ("run protocol=echo nodes=3 clients=2 ..."), that protocol's checkers
 * are run over the events too.
 */
public final class TraceRun implements Session {

    private final String title;
    private final Timeline timeline;
    private final List<String> servers = new ArrayList<>();
    private final List<String> clients = new ArrayList<>();
    private final Protocol<?> protocol;
    private final List<Checker> checkers;

    /** Reads a trace; throws TraceFormatException naming the line when it is malformed. */
    public static TraceRun read(Path file, Registry registry) {
        return new TraceRun(file.getFileName().toString(), TraceReader.read(file), registry);
    }

    public TraceRun(String title, List<TraceEvent> events, Registry registry) {
        this.title = title;
        TreeSet<NodeId> names = new TreeSet<>();
        Protocol<?> proto = null;
        Params params = Params.EMPTY;
        int nServers = 0;
        int nClients = 0;
        for (TraceEvent e : events) {
            add(names, e.node());
            add(names, e.from());
            add(names, e.to());
            if (proto == null && nServers == 0 && e.type() == EventType.NOTE && e.node() == null) {
                RunHeader h = RunHeader.parse(e.text(), registry);
                if (h != null) {
                    proto = h.protocol();
                    nServers = h.servers();
                    nClients = h.clients();
                    params = h.params();
                }
            }
        }
        for (int i = 1; i <= nServers; i++) {
            names.add(NodeId.server(i));
        }
        for (int i = 1; i <= nClients; i++) {
            names.add(NodeId.client(i));
        }
        for (NodeId n : names) {
            (n.isClient() ? clients : servers).add(n.name());
        }
        this.protocol = proto;
        this.checkers = proto == null ? List.of() : proto.checkers(params, servers.size(), clients.size());
        List<String> all = new ArrayList<>(servers);
        all.addAll(clients);
        this.timeline = new Timeline(all);
        for (TraceEvent e : events) {
            timeline.onEvent(e);
            for (Checker c : checkers) {
                c.onEvent(e);
            }
        }
        for (Checker c : checkers) {
            c.finish(timeline.endTime());
        }
    }

    private static void add(TreeSet<NodeId> names, String n) {
        if (n != null) {
            try {
                names.add(NodeId.of(n));
            } catch (IllegalArgumentException ignored) {
                // not a node name: leave it out of the ring
            }
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
        return "trace " + title + " (read-only)";
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
