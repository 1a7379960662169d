package consensuslab.visualizer.model;

import consensuslab.check.Checker;
import consensuslab.core.Registry;
import consensuslab.core.NodeId;
import consensuslab.core.Protocol;
import consensuslab.net.TraceClient;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A live cluster followed over its trace ports ({@code bin/lab run ... --trace-port P}), read-only.
 * Events arrive on the trace clients' threads and wait in an inbox until the UI thread
 * {@link #drain()}s them. Several processes may be followed at once; since each numbers its own
 * events, messages and timers, events are renumbered on arrival: seq by arrival, message ids by
 * (sender, id), timer handles by (node, handle), and times relative to the first event.
 */
public final class AttachedRun implements Session {

    private final String address;
    private final Registry registry;
    private final List<TraceClient> connections = new ArrayList<>();
    private final ConcurrentLinkedQueue<TraceEvent> inbox = new ConcurrentLinkedQueue<>();
    private final Timeline timeline = new Timeline(List.of());
    private final TreeSet<NodeId> names = new TreeSet<>();
    private final Map<String, Long> ids = new HashMap<>();
    private final List<String> servers = new ArrayList<>();
    private final List<String> clients = new ArrayList<>();
    private Protocol<?> protocol;
    private List<Checker> checkers = List.of();
    private long base = Long.MIN_VALUE;
    private long nextId = 1;

    private AttachedRun(String address, Registry registry) {
        this.address = address;
        this.registry = registry;
    }

    /**
     * Connects to "host:port[,host:port...]". Throws IllegalArgumentException with one line when the
     * address is malformed or nothing listens there.
     */
    public static AttachedRun connect(String spec, Registry registry) {
        AttachedRun run = new AttachedRun(spec.trim(), registry);
        try {
            for (String part : spec.split(",")) {
                String p = part.trim();
                int colon = p.lastIndexOf(':');
                if (colon <= 0 || colon == p.length() - 1) {
                    throw new IllegalArgumentException("bad address '" + p + "': expected host:port");
                }
                int port;
                try {
                    port = Integer.parseInt(p.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad port in '" + p + "'");
                }
                run.connections.add(TraceClient.connect(p.substring(0, colon), port, run.inbox::add));
            }
        } catch (IOException e) {
            run.close();
            throw new IllegalArgumentException(e.getMessage());
        } catch (IllegalArgumentException e) {
            run.close();
            throw e;
        }
        return run;
    }

    /** Moves the events that arrived into the timeline (UI thread). Returns how many. */
    public int drain() {
        int n = 0;
        TraceEvent e;
        while ((e = inbox.poll()) != null) {
            add(e);
            n++;
        }
        return n;
    }

    private void add(TraceEvent raw) {
        if (base == Long.MIN_VALUE) {
            base = raw.time();
        }
        if (raw.type() == EventType.NOTE && raw.node() == null && protocol == null) {
            RunHeader h = RunHeader.parse(raw.text(), registry);
            if (h != null) {
                protocol = h.protocol();
                for (int i = 1; i <= h.servers(); i++) {
                    names.add(NodeId.server(i));
                }
                for (int i = 1; i <= h.clients(); i++) {
                    names.add(NodeId.client(i));
                }
                checkers = protocol == null ? List.of() : protocol.checkers(h.params(), h.servers(), h.clients());
            }
        }
        name(raw.node());
        name(raw.from());
        name(raw.to());
        Long id = raw.id();
        if (id != null) {
            switch (raw.type()) {
                case SEND, DELIVER, DROP, DUPLICATE -> id = remap("m" + raw.from() + "#" + raw.id());
                case TIMER_SET, TIMER_FIRE, TIMER_CANCEL -> id = remap("t" + raw.node() + "#" + raw.id());
                default -> {
                    // operation ids are the clients' own
                }
            }
        }
        TraceEvent e = new TraceEvent(timeline.size(), raw.time() - base, raw.type(), raw.node(), raw.from(), raw.to(), id, raw.msg(),
                raw.timer(), raw.due() == null ? null : raw.due() - base, raw.state(), raw.op(), raw.result(), raw.groups(), raw.text());
        timeline.onEvent(e);
        for (Checker c : checkers) {
            c.onEvent(e);
        }
    }

    private long remap(String key) {
        Long v = ids.get(key);
        if (v == null) {
            v = nextId++;
            ids.put(key, v);
        }
        return v;
    }

    private void name(String n) {
        if (n == null) {
            return;
        }
        try {
            if (names.add(NodeId.of(n))) {
                servers.clear();
                clients.clear();
            }
        } catch (IllegalArgumentException ignored) {
            // not a node name
        }
    }

    /** True while at least one trace stream is open. */
    public boolean connected() {
        return connections.stream().anyMatch(TraceClient::isOpen);
    }

    /** Why the streams ended, when they all have. */
    public String endReason() {
        return connections.isEmpty() || connected() ? null : connections.get(0).endReason();
    }

    public void close() {
        for (TraceClient c : connections) {
            c.close();
        }
    }

    private void lists() {
        if (servers.isEmpty() && clients.isEmpty()) {
            for (NodeId n : names) {
                (n.isClient() ? clients : servers).add(n.name());
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
        return "attached to " + address + (protocol == null ? "" : " (" + protocol.name() + ")") + ", read-only";
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
        lists();
        return List.copyOf(servers);
    }

    @Override
    public List<String> clients() {
        lists();
        return List.copyOf(clients);
    }

    @Override
    public long until() {
        return timeline.endTime();
    }
}
