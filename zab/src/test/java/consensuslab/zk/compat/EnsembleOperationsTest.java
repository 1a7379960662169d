package consensuslab.zk.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an operator reaches for on an ensemble member, on our 3-server ensemble: {@code echo mntr |
 * nc} with the quorum keys a ZooKeeper dashboard reads, {@code conf} with the quorum settings and
 * the membership, {@code srvr}'s node count and proposal sizes, and the AdminServer's
 * {@code /commands/<name>} JSON, each compared in names and layout with the real ZooKeeper 3.9.5
 * ensemble's answers in zk-reference/4lw/ (captured from the leader and a follower).
 */
@Timeout(120)
class EnsembleOperationsTest {
    static {
        Quiet.clientLogs();
    }

    private static Cluster cluster;
    private static int leader;
    private static int follower;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start(Cluster.Kind.ZAB, 3, 100, Map.of());
        leader = cluster.awaitServing(Cluster.allMembers(3), 20_000);
        follower = leader == 1 ? 2 : 1;
        // one write, so that the leader has proposal sizes
        try (RawSession s = new RawSession("127.0.0.1", cluster.clientPort(follower), 4000)) {
            assertEquals(0, s.create("/ops", 0));
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Map<String, String> mntr(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : text.split("\n")) {
            int tab = l.indexOf('\t');
            if (tab > 0) {
                m.put(l.substring(0, tab), l.substring(tab + 1));
            }
        }
        return m;
    }

    static String reference(String dir, String word) throws IOException {
        java.nio.file.Path p = java.nio.file.Path.of("/work/shared/reference/zk-reference/4lw", dir, word + ".txt");
        return java.nio.file.Files.readString(p);
    }

    @Test
    void mntrOnLeaderAndFollowerHasTheQuorumKeys() throws Exception {
        Map<String, String> lead = mntr(cluster.fourLetter(leader, "mntr"));
        Map<String, String> fol = mntr(cluster.fourLetter(follower, "mntr"));
        System.out.println("EnsembleOperationsTest: mntr on the leader (server." + leader + "): " + lead);
        assertEquals("leader", lead.get("zk_server_state"));
        assertEquals("leading - broadcast", lead.get("zk_peer_state"));
        assertEquals("3", lead.get("zk_quorum_size"));
        assertEquals("2", lead.get("zk_learners"));
        assertEquals("2", lead.get("zk_synced_followers"));
        assertEquals("0", lead.get("zk_synced_observers"));
        assertEquals("0", lead.get("zk_pending_syncs"));
        for (String k : List.of("zk_min_proposal_size", "zk_max_proposal_size", "zk_last_proposal_size")) {
            assertTrue(Long.parseLong(lead.get(k)) > 0, k + " after a write: " + lead.get(k));
        }
        assertEquals("follower", fol.get("zk_server_state"));
        assertEquals("following - broadcast", fol.get("zk_peer_state"));
        assertEquals("3", fol.get("zk_quorum_size"));
        assertTrue(!fol.containsKey("zk_learners") && !fol.containsKey("zk_synced_followers"), "leader-only keys only on the leader");
        // every key we print is one ZooKeeper prints, in ZooKeeper's order
        for (String[] side : new String[][] {{"ensemble-port2183-leader", String.valueOf(leader)}, {"ensemble-port2181-follower",
            String.valueOf(follower)}}) {
            List<String> theirs = List.copyOf(mntr(reference(side[0], "mntr")).keySet());
            List<String> ours = List.copyOf(mntr(cluster.fourLetter(Integer.parseInt(side[1]), "mntr")).keySet());
            List<String> inOrder = theirs.stream().filter(ours::contains).toList();
            assertEquals(inOrder, ours, "our mntr keys are ZooKeeper's, in its order (" + side[0] + ")");
        }
        assertEquals(lead.get("zk_znode_count"), srvrField(leader, "Node count"), "srvr and mntr count nodes alike");
    }

    static String srvrField(int i, String name) {
        for (String l : cluster.fourLetter(i, "srvr").split("\n")) {
            if (l.startsWith(name + ": ")) {
                return l.substring(name.length() + 2);
            }
        }
        return null;
    }

    @Test
    void srvrAndConfOnAnEnsembleMemberAreLaidOutAsZooKeepersAre() throws Exception {
        String srvr = cluster.fourLetter(leader, "srvr");
        assertTrue(srvr.matches("(?s).*\nMode: leader\nNode count: \\d+\nProposal sizes last/min/max: \\d+/\\d+/\\d+\n"), srvr);
        assertEquals("6", srvrField(leader, "Node count"), "/, /zookeeper, /zookeeper/quota, /zookeeper/config, /ops, counted as ZooKeeper counts");
        String conf = cluster.fourLetter(follower, "conf");
        List<String> keys = conf.lines().map(l -> l.contains("=") && !l.startsWith("server.") ? l.substring(0, l.indexOf('=')) : l)
                .map(l -> l.startsWith("server.") ? "server" : l).toList();
        List<String> refKeys = reference("ensemble-port2181-follower", "conf").lines()
                .map(l -> l.contains("=") && !l.startsWith("server.") ? l.substring(0, l.indexOf('=')) : l)
                .map(l -> l.startsWith("server.") ? "server" : l).toList();
        assertEquals(refKeys, keys, "conf has ZooKeeper's keys in its order:\n" + conf);
        assertTrue(conf.contains("initLimit=10\nsyncLimit=5\nelectionAlg=3\nelectionPort=" + cluster.electionPort(follower) + "\nquorumPort="
                + cluster.quorumPort(follower) + "\npeerType=0\nmembership: \nserver.1=127.0.0.1:" + cluster.quorumPort(1) + ":"
                + cluster.electionPort(1) + ":participant\n"), conf);
        assertTrue(conf.endsWith("version=0"), conf);
    }

    static JsonNode admin(int i, String command) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + cluster.adminPort(i) + "/commands/" + command).openConnection();
        c.setConnectTimeout(3000);
        c.setReadTimeout(5000);
        assertEquals(200, c.getResponseCode(), command);
        assertEquals("application/json", c.getHeaderField("Content-Type"));
        try (InputStream in = c.getInputStream()) {
            return new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void adminServerAnswersJsonWithTheQuorumKeys() throws Exception {
        JsonNode m = admin(leader, "monitor");
        assertEquals("monitor", m.get("command").asText());
        assertTrue(m.get("error").isNull());
        assertEquals("leading - broadcast", m.get("peer_state").asText());
        assertEquals(3, m.get("quorum_size").asInt());
        assertEquals(2, m.get("synced_followers").asInt());
        assertEquals(2, m.get("learners").asInt());
        assertTrue(m.get("znode_count").isNumber());
        JsonNode alias = admin(follower, "mntr");
        assertEquals("monitor", alias.get("command").asText(), "the four-letter alias answers as the command");
        assertEquals("following - broadcast", alias.get("peer_state").asText());
        JsonNode conf = admin(follower, "conf");
        assertEquals("configuration", conf.get("command").asText());
        assertEquals(cluster.clientPort(follower), conf.get("client_port").asInt());
        assertEquals(10, conf.get("init_limit").asInt());
        assertEquals(cluster.electionPort(follower), conf.get("election_port").asInt());
        assertNotNull(conf.get("membership"));
        JsonNode srvr = admin(leader, "srvr");
        assertEquals("server_stats", srvr.get("command").asText());
        assertEquals("leader", srvr.get("server_state").asText());
        assertEquals(false, admin(leader, "is_read_only").get("read_only").asBoolean());
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + cluster.adminPort(leader) + "/commands/nosuch").openConnection();
        assertEquals(404, c.getResponseCode());
    }
}
