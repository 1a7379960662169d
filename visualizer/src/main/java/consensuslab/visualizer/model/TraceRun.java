package consensuslab.visualizer.model;

import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.core.Registry;
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
public final class TraceRun extends ReadOnlyRun {

    /** Reads a trace; throws TraceFormatException naming the line when it is malformed. */
    public static TraceRun read(Path file, Registry registry) {
        return new TraceRun(file.getFileName().toString(), TraceReader.read(file), registry);
    }

    public TraceRun(String title, List<TraceEvent> events, Registry registry) {
        this(title, events, Shape.of(events, registry));
    }

    private TraceRun(String title, List<TraceEvent> events, Shape shape) {
        super("trace " + title + " (read-only)", shape.protocol(), shape.params(), shape.servers(), shape.clients());
        events.forEach(this::onEvent);
        finish();
    }

    /** Who is in the trace, and which protocol its header names. */
    private record Shape(Protocol<?> protocol, Params params, List<String> servers, List<String> clients) {

        static Shape of(List<TraceEvent> events, Registry registry) {
            TreeSet<NodeId> names = new TreeSet<>();
            RunHeader header = null;
            for (TraceEvent e : events) {
                add(names, e.node());
                add(names, e.from());
                add(names, e.to());
                if (header == null && e.type() == EventType.NOTE && e.node() == null) {
                    header = RunHeader.parse(e.text(), registry);
                }
            }
            if (header != null) {
                for (int i = 1; i <= header.servers(); i++) {
                    names.add(NodeId.server(i));
                }
                for (int i = 1; i <= header.clients(); i++) {
                    names.add(NodeId.client(i));
                }
            }
            List<String> servers = new ArrayList<>();
            List<String> clients = new ArrayList<>();
            for (NodeId n : names) {
                (n.isClient() ? clients : servers).add(n.name());
            }
            return header == null ? new Shape(null, Params.EMPTY, servers, clients)
                    : new Shape(header.protocol(), header.params(), servers, clients);
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
    }
}
