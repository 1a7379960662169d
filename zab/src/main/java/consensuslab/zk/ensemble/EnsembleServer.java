package consensuslab.zk.ensemble;

import consensuslab.core.LinkKind;
import consensuslab.core.MessageCodec;
import consensuslab.core.NodeFactory;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.net.ClusterSpec;
import consensuslab.net.TcpRuntime;
import consensuslab.net.TraceServer;
import consensuslab.zab.QuorumPeer;
import consensuslab.zab.ZabCodec;
import consensuslab.zab.ZabMessage;
import consensuslab.zk.server.ConfigException;
import consensuslab.zk.server.ServerSettings;
import consensuslab.zk.server.ZnodeServer;
import consensuslab.zk.server.ZooCfg;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a ZAB ensemble, as {@code bin/zab-server <zoo.cfg>} runs it when zoo.cfg has
 * server.N lines: the ZAB peer {@code nI} ({@link QuorumPeer} with a {@link ZnodeReplica} as its
 * state machine) on the TCP runtime, listening on its quorum port; and the {@link ZnodeServer} on
 * the client port, whose request processing runs on the peer's event loop and whose writes go to
 * the peer directly ({@link LocalPeer}). The replica's tree is the server's tree. With {@code traceClientPort=P} in zoo.cfg the peer's trace is
 * served on TCP port P (JSON lines, for the visualizer), on {@code traceClientAddress} (default
 * 127.0.0.1).
 *
 * <p>Server ids must be 1..N (the engine's n1..nN), and observers the highest-numbered ones.
 */
public final class EnsembleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnsembleServer.class);
    /** How the peer's notes about damaged storage begin (QuorumPeer.onStart). */
    private static final String RECOVERY = "recovery: ";

    private final ZooCfg cfg;
    private final ClusterSpec cluster;
    private final Params params;
    private final int myid;
    private ZnodeServer server;
    private LocalPeer local;
    private TcpRuntime<ZabMessage> runtime;
    private TraceServer traceServer;

    /** The engine's server node over a znode replica; the gateway and server are set before start. */
    private static final class ZnodeZab implements Protocol<ZabMessage> {
        private final NodeFactory<ZabMessage> factory;

        ZnodeZab(NodeFactory<ZabMessage> factory) {
            this.factory = factory;
        }

        @Override
        public String name() {
            return "zab-znode";
        }

        @Override
        public String summary() {
            return "a ZAB ensemble member whose state machine is the znode data tree";
        }

        @Override
        public Class<ZabMessage> messageType() {
            return ZabMessage.class;
        }

        @Override
        public LinkKind linkKind() {
            return LinkKind.CONNECTION;
        }

        @Override
        public MessageCodec<ZabMessage> codec() {
            return ZabCodec.codec();
        }

        @Override
        public NodeFactory<ZabMessage> factory(Params p) {
            return factory;
        }
    }

    /** Checks the ensemble part of the configuration; one clear line on a problem. */
    public EnsembleServer(ZooCfg cfg) throws ConfigException {
        this.cfg = cfg;
        TreeMap<Integer, ZooCfg.ServerSpec> servers = cfg.servers();
        int n = servers.size();
        if (servers.firstKey() != 1 || servers.lastKey() != n) {
            throw new ConfigException(cfg.file() + ": server ids must be 1.." + n + " (this build numbers its peers n1..nN), got "
                    + servers.keySet());
        }
        int observers = 0;
        for (ZooCfg.ServerSpec s : servers.values()) {
            if (s.observer()) {
                observers++;
            } else if (observers > 0) {
                throw new ConfigException(cfg.file() + ": server." + s.id()
                        + " is a participant after an observer; observers must have the highest ids");
            }
        }
        if (observers >= n) {
            throw new ConfigException(cfg.file() + ": an ensemble needs at least one participant");
        }
        this.myid = (int) cfg.myid();
        Map<NodeId, ClusterSpec.Endpoint> eps = new TreeMap<>();
        Map<String, String> ports = new TreeMap<>();
        for (ZooCfg.ServerSpec s : servers.values()) {
            // the election port is not used (FLE shares the quorum connection) but stays reserved, as in ZooKeeper
            for (String[] p : new String[][] {{"quorum", s.host() + ":" + s.quorumPort()}, {"election", s.host() + ":" + s.electionPort()}}) {
                String was = ports.put(p[1], "server." + s.id() + "'s " + p[0] + " port");
                if (was != null) {
                    throw new ConfigException(cfg.file() + ": server." + s.id() + "'s " + p[0] + " port " + p[1] + " is also " + was);
                }
            }
        }
        for (ZooCfg.ServerSpec s : servers.values()) {
            eps.put(NodeId.server(s.id()), new ClusterSpec.Endpoint(s.host(), s.quorumPort()));
        }
        try {
            this.cluster = new ClusterSpec(eps);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(cfg.file() + ": " + e.getMessage() + " (nI is server.I's quorum port)");
        }
        long tick = cfg.tickTime();
        this.params = Params.EMPTY.with("tickTime", tick).with("initLimit", cfg.initLimit()).with("syncLimit", cfg.syncLimit())
                .with("snapCount", cfg.snapCount()).with("snapRetainCount", cfg.snapRetainCount()).with("observers", observers)
                // ZooKeeper's finalizeWait is 200 ms whatever the tick
                .with("finalizeWait", Math.min(200, 2 * tick))
                // the log tail in the published state is for a trace someone watches; built after every handler otherwise for nobody
                .with("publishLog", cfg.extra().get("traceClientPort") != null ? 4 : 0);
        String tp = cfg.extra().get("traceClientPort");
        if (tp != null) {
            try {
                int p = Integer.parseInt(tp.trim());
                if (p < 0 || p > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new ConfigException(cfg.file() + ": traceClientPort must be a port number, got '" + tp + "'");
            }
        }
    }

    public EnsembleServer start() throws IOException {
        long writeTimeout = Math.max(1000, 2L * cfg.syncLimit() * cfg.tickTime());
        NodeId peer = NodeId.server(myid);
        // filled in below, before the peer starts: the local peer reads the peer's published state
        TcpRuntime<?>[] rt = new TcpRuntime<?>[1];
        local = new LocalPeer(peer, System.currentTimeMillis() * 1000, writeTimeout, () -> rt[0] == null ? null : rt[0].state(peer));
        ServerSettings settings = ServerSettings.from(cfg).withDataDir(null);
        server = new ZnodeServer(settings).withWritePath(local).withEnsemble(local)
                .withLoop(task -> rt[0].execute(peer, task))
                .withLoopIo((ch, ops, handler) -> rt[0].register(peer, ch, ops, handler));
        local.server(server);
        ZnodeServer s = server;
        LocalPeer l = local;
        boolean traced = cfg.extra().get("traceClientPort") != null;
        runtime = new TcpRuntime<>(new ZnodeZab(ctx -> {
            QuorumPeer qp = new QuorumPeer(ctx, new ZnodeReplica(settings.tree(), s, l, traced), l);
            l.attach(qp);
            return qp;
        }), cluster, params, myid, cfg.dataDir());
        rt[0] = runtime;
        // the engine reports what recovery found and repaired as notes in its trace; an operator reads server.log
        java.nio.file.Path storageDir = cfg.dataDir().resolve(peer.name());
        // a note listener, not a trace listener: with nothing tracing, no event is built per message and the peer's state only when read
        runtime.addNoteListener((node, text) -> {
            if (text != null && text.startsWith(RECOVERY)) {
                LOG.warn("recovery in {}: {}", storageDir, text.substring(RECOVERY.length()));
            }
        });
        local.watch(runtime::errors);
        String tp = cfg.extra().get("traceClientPort");
        if (tp != null) {
            String host = cfg.extra().getOrDefault("traceClientAddress", "127.0.0.1");
            traceServer = new TraceServer(host, Integer.parseInt(tp.trim()), 100_000, 100_000);
            runtime.addListener(traceServer);
            LOG.info("trace of {} served on {}:{}", peer, host, traceServer.port());
        }
        server.start();
        try {
            runtime.start(peer);
        } catch (RuntimeException e) {
            close();
            throw new IOException(e.getMessage(), e);
        }
        LOG.info("ensemble member {} of {}: peer {} on {}, clients on port {}", myid, cluster.servers().size(),
                peer, cluster.endpoint(peer), server.port());
        return this;
    }

    public ZnodeServer server() {
        return server;
    }

    public TcpRuntime<ZabMessage> runtime() {
        return runtime;
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
        if (server != null) {
            server.close();
        }
        if (traceServer != null) {
            traceServer.close();
        }
    }

    /** bin/zab-server with server.N lines: runs until interrupted; returns an exit code after one line on failure. */
    public static int run(ZooCfg cfg, PrintStream err) {
        EnsembleServer e;
        try {
            e = new EnsembleServer(cfg);
        } catch (ConfigException ex) {
            err.println("zab-server: " + ex.getMessage());
            return 2;
        }
        try {
            e.start();
        } catch (IOException | RuntimeException ex) {
            err.println("zab-server: cannot start ensemble member " + cfg.myid() + " (client port " + cfg.clientPort() + ", dataDir "
                    + cfg.dataDir() + "): " + ex.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(consensuslab.zk.server.Fatal.shutdownHook(e::close));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException ex) {
            e.close();
        }
        return 0;
    }
}
