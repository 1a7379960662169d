package consensuslab.zk.server;

import consensuslab.zk.znode.DataTree;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The four-letter words, in ZooKeeper 3.9's output format. Runs on the processor thread, so it
 * sees one consistent state. Values differ (ids, counts, sizes); names, order and layout match.
 */
final class FourLetterWords {
    private final ZnodeServer s;
    private final ServerConnection self;

    FourLetterWords(ZnodeServer s, ServerConnection self) {
        this.s = s;
        this.self = self;
    }

    String run(String word) {
        switch (word) {
            case "ruok": return "imok";
            case "isro": return "rw";
            case "srvr":
                return s.mode() == null ? NOT_SERVING : version() + serverStats();
            case "stat":
                return s.mode() == null ? NOT_SERVING : version() + clients(false) + serverStats();
            case "cons": return clients(true).substring("Clients:\n".length());
            case "conf": return conf();
            case "envi": return envi();
            case "mntr": return mntr();
            case "wchs": return wchs();
            case "wchc": return wchc();
            case "wchp": return wchp();
            case "dump": return dump();
            case "crst":
                for (ServerConnection c : s.connectionList()) {
                    c.resetStats();
                }
                return "Connection stats reset.\n";
            case "srst":
                s.resetServerStats();
                return "Server stats reset.\n";
            case "dirs":
                return "datadir_size: " + dataDirSize() + "\nlogdir_size: " + logDirSize() + "\n";
            case "gtmk": return Long.toString(s.traceMask());
            case "stmk":
                s.traceMask(self == null ? s.traceMask() : self.stmkMask);
                return Long.toString(s.traceMask());
            case "hash":
                // ZooKeeper prints its digest history, "<zxid hex>: <digest>" per line; we keep no tree digest,
                // so we answer as a ZooKeeper with zookeeper.digest.enabled=false does: an empty history
                return s.mode() == null ? NOT_SERVING.strip() : "";
            default:
                return "";
        }
    }

    /** What ZooKeeper answers to srvr and stat while its peer has no role (LOOKING). */
    static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests\n";

    private static String version() {
        return "Zookeeper version: " + ZnodeServer.VERSION + "\n";
    }

    private static String avg(long total, long count) {
        if (count == 0) {
            return "0.0";
        }
        return Double.toString(Math.round(10000.0 * total / count) / 10000.0);
    }

    private String serverStats() {
        long[] l = s.latency();
        long[] p = s.packets();
        return "Latency min/avg/max: " + l[0] + "/" + avg(l[2], l[3]) + "/" + l[1] + "\n"
                + "Received: " + p[0] + "\n"
                + "Sent: " + p[1] + "\n"
                + "Connections: " + s.connectionList().size() + "\n"
                + "Outstanding: " + s.outstanding() + "\n"
                + "Zxid: 0x" + Long.toHexString(s.tree().lastZxid()) + "\n"
                + "Mode: " + s.mode() + "\n"
                + "Node count: " + nodeCount() + "\n"
                + proposalSizesLine();
    }

    /** ZooKeeper's node count: its tree holds the root twice ("" and "/"), so it reports one more than there are znodes. */
    private int nodeCount() {
        return s.tree().nodeCount() + 1;
    }

    /** A leader's srvr/stat line of proposal sizes; empty elsewhere. */
    private String proposalSizesLine() {
        if (!"leader".equals(s.mode())) {
            return "";
        }
        long[] ps = proposalSizes();
        return "Proposal sizes last/min/max: " + ps[0] + "/" + ps[1] + "/" + ps[2] + "\n";
    }

    /** last/min/max proposal size; -1s before the first proposal, as ZooKeeper prints them. */
    private long[] proposalSizes() {
        long[] ps = s.link() == null ? null : s.link().proposalSizes();
        return ps == null ? new long[] {-1, -1, -1} : ps;
    }

    /** The participants (voting members) of zoo.cfg, by id. */
    private java.util.Set<Integer> participants() {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        ZooCfg cfg = s.settings().cfg();
        if (cfg != null) {
            cfg.servers().forEach((id, spec) -> {
                if (!spec.observer()) {
                    out.add(id);
                }
            });
        }
        return out;
    }

    private String clients(boolean full) {
        StringBuilder b = new StringBuilder("Clients:\n");
        for (ServerConnection c : s.connectionList()) {
            b.append(' ').append(c.remote).append('[').append(c == self ? 0 : 1).append("](queued=0,recved=")
                    .append(c.recved).append(",sent=").append(c.sent);
            if (full && c.sessionId != 0) {
                b.append(",sid=0x").append(Long.toHexString(c.sessionId))
                        .append(",lop=").append(c.lastOp)
                        .append(",est=").append(c.established)
                        .append(",to=").append(c.timeout);
                if (c.lastCxid >= 0) {
                    b.append(",lcxid=0x").append(Long.toHexString(c.lastCxid));
                }
                b.append(",lzxid=0x").append(Long.toHexString(c.lastZxid))
                        .append(",lresp=").append(c.lastResponse)
                        .append(",llat=").append(c.lastLatency)
                        .append(",minlat=").append(c.latencyCount == 0 ? 0 : c.minLatency)
                        .append(",avglat=").append(c.latencyCount == 0 ? 0 : c.totalLatency / c.latencyCount)
                        .append(",maxlat=").append(c.maxLatency);
            }
            b.append(")\n");
        }
        return b.append('\n').toString();
    }

    private long dataDirSize() {
        return s.store() == null ? 0 : StandaloneStore.size(s.store().snapDir());
    }

    private long logDirSize() {
        return s.store() == null ? 0 : StandaloneStore.size(s.store().logDir());
    }

    private String conf() {
        ServerSettings st = s.settings();
        String dd = s.store() == null ? "" : s.store().snapDir().toString();
        String ld = s.store() == null ? "" : s.store().logDir().toString();
        return "clientPort=" + s.port() + "\n"
                + "secureClientPort=-1\n"
                + "dataDir=" + dd + "\n"
                + "dataDirSize=" + dataDirSize() + "\n"
                + "dataLogDir=" + ld + "\n"
                + "dataLogSize=" + logDirSize() + "\n"
                + "tickTime=" + st.tickTime() + "\n"
                + "maxClientCnxns=" + st.maxClientCnxns() + "\n"
                + "minSessionTimeout=" + st.minSessionTimeout() + "\n"
                + "maxSessionTimeout=" + st.maxSessionTimeout() + "\n"
                + "clientPortListenBacklog=-1\n"
                + "serverId=" + st.serverId() + "\n"
                + quorumConf();
    }

    /** An ensemble member's conf adds its quorum settings and the membership, as ZooKeeper's does. */
    private String quorumConf() {
        ZooCfg cfg = s.settings().cfg();
        String members = s.membership();
        if (cfg == null || members == null) {
            return "";
        }
        ZooCfg.ServerSpec me = cfg.servers().get((int) cfg.myid());
        return "initLimit=" + cfg.initLimit() + "\n"
                + "syncLimit=" + cfg.syncLimit() + "\n"
                + "electionAlg=3\n"
                + "electionPort=" + me.electionPort() + "\n"
                + "quorumPort=" + me.quorumPort() + "\n"
                + "peerType=" + (me.observer() ? 1 : 0) + "\n"
                + "membership: \n"
                + members
                + "version=0";
    }

    private String envi() {
        String host;
        try {
            host = InetAddress.getLocalHost().getCanonicalHostName();
        } catch (Exception e) {
            host = "<NA>";
        }
        Runtime rt = Runtime.getRuntime();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("zookeeper.version", ZnodeServer.VERSION);
        m.put("host.name", host);
        for (String k : List.of("java.version", "java.vendor", "java.home", "java.class.path", "java.library.path",
                "java.io.tmpdir")) {
            m.put(k, System.getProperty(k, "<NA>"));
        }
        m.put("java.compiler", System.getProperty("java.compiler", "<NA>"));
        for (String k : List.of("os.name", "os.arch", "os.version", "user.name", "user.home", "user.dir")) {
            m.put(k, System.getProperty(k, "<NA>"));
        }
        m.put("os.memory.free", rt.freeMemory() / (1024 * 1024) + "MB");
        m.put("os.memory.max", rt.maxMemory() / (1024 * 1024) + "MB");
        m.put("os.memory.total", rt.totalMemory() / (1024 * 1024) + "MB");
        StringBuilder b = new StringBuilder("Environment:\n");
        m.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    private String mntr() {
        long[] l = s.latency();
        long[] p = s.packets();
        DataTree t = s.tree();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zk_version", ZnodeServer.VERSION);
        EnsembleLink link = s.link();
        boolean leader = "leader".equals(s.mode());
        long[] ps = proposalSizes();
        List<Integer> synced = link == null ? List.of() : link.syncedLearners();
        java.util.Set<Integer> voters = participants();
        long syncedFollowers = synced.stream().filter(voters::contains).count();
        m.put("zk_server_state", s.mode() == null ? "looking" : s.mode());
        if (link != null && link.peerState() != null) {
            m.put("zk_peer_state", link.peerState());
        }
        m.put("zk_ephemerals_count", t.ephemeralCount());
        m.put("zk_num_alive_connections", s.connectionList().size());
        m.put("zk_avg_latency", avg(l[2], l[3]));
        if (leader) {
            m.put("zk_min_proposal_size", ps[1]);
        }
        m.put("zk_outstanding_requests", s.outstanding());
        m.put("zk_znode_count", nodeCount());
        m.put("zk_global_sessions", t.sessionCount());
        m.put("zk_non_mtls_remote_conn_count", 0);
        m.put("zk_last_client_response_size", p[3]);
        m.put("zk_packets_sent", p[1]);
        m.put("zk_packets_received", p[0]);
        if (leader) {
            m.put("zk_max_proposal_size", ps[2]);
        }
        m.put("zk_max_client_response_size", p[5]);
        if (leader) {
            m.put("zk_synced_followers", syncedFollowers);
        }
        m.put("zk_connection_drop_probability", "0.0");
        m.put("zk_watch_count", t.watches().count());
        if (leader) {
            m.put("zk_synced_non_voting_followers", 0);
            m.put("zk_synced_observers", synced.size() - syncedFollowers);
        }
        m.put("zk_auth_failed_count", p[2]);
        m.put("zk_min_latency", l[0]);
        long[] fds = fileDescriptors();
        if (fds != null) {
            m.put("zk_max_file_descriptor_count", fds[1]);
        }
        m.put("zk_approximate_data_size", t.approximateDataSize());
        if (fds != null) {
            m.put("zk_open_file_descriptor_count", fds[0]);
        }
        if (leader) {
            m.put("zk_last_proposal_size", ps[0]);
            m.put("zk_pending_syncs", 0);
        }
        m.put("zk_local_sessions", 0);
        m.put("zk_uptime", System.currentTimeMillis() - s.started());
        m.put("zk_max_latency", l[1]);
        m.put("zk_outstanding_tls_handshake", 0);
        if (leader) {
            m.put("zk_learners", synced.size());
        }
        m.put("zk_min_client_response_size", p[4]);
        m.put("zk_non_mtls_local_conn_count", 0);
        if (link != null) {
            m.put("zk_quorum_size", voters.size());
        }
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append('\t').append(v).append('\n'));
        return b.toString();
    }

    private static long[] fileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return new long[] {u.getOpenFileDescriptorCount(), u.getMaxFileDescriptorCount()};
        }
        return null;
    }

    /** watcher (connection) ids to session ids, for the watch words */
    private Map<Long, Long> sessionOf() {
        Map<Long, Long> m = new LinkedHashMap<>();
        for (ServerConnection c : s.connectionList()) {
            m.put(c.id, c.sessionId);
        }
        return m;
    }

    private String wchs() {
        TreeMap<Long, List<String>> byW = s.tree().watches().byWatcher();
        int paths = s.tree().watches().byPath().size();
        return byW.size() + " connections watching " + paths + " paths\nTotal watches:" + s.tree().watches().count() + "\n";
    }

    private String wchc() {
        Map<Long, Long> sid = sessionOf();
        StringBuilder b = new StringBuilder();
        s.tree().watches().byWatcher().forEach((w, paths) -> {
            b.append("0x").append(Long.toHexString(sid.getOrDefault(w, 0L))).append('\n');
            for (String p : paths) {
                b.append('\t').append(p).append('\n');
            }
        });
        return b.append('\n').toString();
    }

    private String wchp() {
        Map<Long, Long> sid = sessionOf();
        StringBuilder b = new StringBuilder();
        s.tree().watches().byPath().forEach((p, ws) -> {
            b.append(p).append('\n');
            for (long w : ws) {
                b.append("\t0x").append(Long.toHexString(sid.getOrDefault(w, 0L))).append('\n');
            }
        });
        return b.append('\n').toString();
    }

    private String dump() {
        StringBuilder b = new StringBuilder("SessionTracker dump:\n");
        TreeMap<Long, List<Long>> buckets = new TreeMap<>();
        s.tracker().expiries().forEach((id, at) -> buckets.computeIfAbsent(at, k -> new ArrayList<>()).add(id));
        int n = s.tracker().expiries().size();
        b.append("Session Sets (").append(buckets.size()).append(")/(").append(n).append("):\n");
        buckets.forEach((at, ids) -> {
            b.append(ids.size()).append(" expire at ").append(new Date(at)).append(":\n");
            for (long id : ids) {
                b.append("\t0x").append(Long.toHexString(id)).append('\n');
            }
        });
        b.append("ephemeral nodes dump:\n");
        TreeMap<Long, List<String>> eph = s.tree().ephemerals();
        b.append("Sessions with Ephemerals (").append(eph.size()).append("):\n");
        eph.forEach((id, paths) -> {
            b.append("0x").append(Long.toHexString(id)).append(":\n");
            for (String p : paths) {
                b.append('\t').append(p).append('\n');
            }
        });
        b.append("Connections dump:\n");
        List<ServerConnection> cs = s.connectionList();
        TreeMap<Long, List<ServerConnection>> cb = new TreeMap<>();
        for (ServerConnection c : cs) {
            Long at = s.tracker().expiries().get(c.sessionId);
            cb.computeIfAbsent(at == null ? roundUp(System.currentTimeMillis() + s.settings().tickTime()) : at,
                    k -> new ArrayList<>()).add(c);
        }
        b.append("Connections Sets (").append(cb.size()).append(")/(").append(cs.size()).append("):\n");
        cb.forEach((at, list) -> {
            b.append(list.size()).append(" expire at ").append(new Date(at)).append(":\n");
            for (ServerConnection c : list) {
                b.append("\tip: ").append(c.remote).append(" sessionId: 0x").append(Long.toHexString(c.sessionId)).append('\n');
            }
        });
        return b.toString();
    }

    private long roundUp(long t) {
        long tick = s.settings().tickTime();
        return (t / tick + 1) * tick;
    }
}
