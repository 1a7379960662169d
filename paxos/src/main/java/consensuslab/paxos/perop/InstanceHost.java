package consensuslab.paxos.perop;

import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Storage;
import consensuslab.core.Timer;
import consensuslab.paxos.basic.PaxosMessage;
import consensuslab.paxos.basic.PaxosNode;
import consensuslab.paxos.basic.PaxosState;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A server of {@link PerOpPaxos}: one single-decree {@link PaxosNode} per instance, each with a
 * context of its own that tags its messages and timers with the instance and keeps its files under
 * {@code instance/}. An instance is created by the client's {@code Decide} (this server proposes)
 * or by the first message about it (acceptor and learner only). A server asked to propose in an
 * instance it already holds as an acceptor rebuilds it with a proposer, from the acceptor's durable
 * state, exactly as a restart would.
 */
public final class InstanceHost implements Node<PerOpMessage> {

    /** A timer of one instance. */
    public record InTimer(String instance, Timer timer) implements Timer {
    }

    /**
     * What a server publishes: its role ({@code proposer} once a client asked it to decide, in this
     * incarnation), the instances it has learned, and the latest one (for the agreement checker).
     */
    public record HostState(String role, String label, long learned, String lastInstance, String lastValue) {
    }

    private final Context<PerOpMessage> ctx;
    private final Map<String, PaxosNode> instances = new TreeMap<>();
    private final Map<String, String> learned = new TreeMap<>();
    private final Map<String, NodeId> askedBy = new TreeMap<>();
    private boolean proposer;
    private String lastInstance;

    public InstanceHost(Context<PerOpMessage> ctx) {
        this.ctx = ctx;
    }

    @Override
    public void onStart() {
        publish();
    }

    @Override
    public void onMessage(NodeId from, PerOpMessage m) {
        if (m instanceof PerOpMessage.Decide d) {
            String v = learned.get(d.instance());
            if (v != null) {
                ctx.send(from, new PerOpMessage.Decided(d.instance(), v));
                return;
            }
            askedBy.put(d.instance(), from);
            proposer = true;
            PaxosNode n = instances.get(d.instance());
            if (n == null || !proposes(d.instance())) {
                open(d.instance(), true);
            }
            publish();
        } else if (m instanceof PerOpMessage.In in) {
            PaxosNode n = instances.get(in.instance());
            if (n == null) {
                n = open(in.instance(), false);
            }
            n.onMessage(from, in.m());
        }
    }

    private final Map<String, Boolean> proposing = new TreeMap<>();

    private boolean proposes(String instance) {
        return proposing.getOrDefault(instance, false);
    }

    private PaxosNode open(String instance, boolean propose) {
        PaxosNode n = new PaxosNode(new InstanceContext(instance, propose));
        instances.put(instance, n);
        proposing.put(instance, propose);
        n.onStart();
        return n;
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof InTimer it) {
            PaxosNode n = instances.get(it.instance());
            if (n != null) {
                n.onTimer(it.timer());
            }
        }
    }

    private void onPublished(String instance, Object state) {
        if (state instanceof PaxosState s && !s.log().isEmpty() && s.log().get(0).chosen() && !learned.containsKey(instance)) {
            String v = s.log().get(0).command();
            learned.put(instance, v);
            lastInstance = instance;
            NodeId client = askedBy.remove(instance);
            if (client != null) {
                ctx.send(client, new PerOpMessage.Decided(instance, v));
            }
            publish();
        }
    }

    private void publish() {
        ctx.publish(new HostState(proposer ? "proposer" : "acceptor", (proposer ? "proposer, " : "") + learned.size() + " learned",
                learned.size(), lastInstance, lastInstance == null ? null : learned.get(lastInstance)));
    }

    /** The context one instance's PaxosNode sees. */
    private final class InstanceContext implements Context<PaxosMessage> {
        private final String instance;
        private final Params params;
        private final Storage storage;

        InstanceContext(String instance, boolean propose) {
            this.instance = instance;
            // PaxosNode proposes when its index is at most "proposers"
            this.params = ctx.params().with("proposers", propose ? ctx.id().index() : 0);
            this.storage = new Prefixed(ctx.storage(), instance + "/");
        }

        @Override
        public NodeId id() {
            return ctx.id();
        }

        @Override
        public List<NodeId> servers() {
            return ctx.servers();
        }

        @Override
        public List<NodeId> clients() {
            return ctx.clients();
        }

        @Override
        public void send(NodeId to, PaxosMessage message) {
            ctx.send(to, new PerOpMessage.In(instance, message));
        }

        @Override
        public long setTimer(Timer timer, long delayMs) {
            return ctx.setTimer(new InTimer(instance, timer), delayMs);
        }

        @Override
        public void cancelTimer(long handle) {
            ctx.cancelTimer(handle);
        }

        @Override
        public long now() {
            return ctx.now();
        }

        @Override
        public SplittableRandom random() {
            return ctx.random();
        }

        @Override
        public Storage storage() {
            return storage;
        }

        @Override
        public void publish(Object state) {
            onPublished(instance, state);
        }

        @Override
        public void invoke(long opId, Object operation) {
        }

        @Override
        public void complete(long opId, Object result) {
        }

        @Override
        public void note(String text) {
            ctx.note(instance + ": " + text);
        }

        @Override
        public Params params() {
            return params;
        }
    }

    /** One instance's files, under a prefix of the server's storage. */
    private record Prefixed(Storage s, String prefix) implements Storage {
        @Override
        public byte[] read(String file) {
            return s.read(prefix + file);
        }

        @Override
        public void write(String file, byte[] data) {
            s.write(prefix + file, data);
        }

        @Override
        public void append(String file, byte[] data) {
            s.append(prefix + file, data);
        }

        @Override
        public void truncate(String file, long length) {
            s.truncate(prefix + file, length);
        }

        @Override
        public void delete(String file) {
            s.delete(prefix + file);
        }

        @Override
        public List<String> files() {
            return s.files().stream().filter(f -> f.startsWith(prefix)).map(f -> f.substring(prefix.length())).toList();
        }

        @Override
        public void sync() {
            s.sync();
        }
    }
}
