package consensuslab.zk.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cross-check: {@link XchkSuite} runs against a real Apache ZooKeeper 3.9.5 ensemble (three
 * QuorumPeerMain processes from the test-scope jar) and against our three-server ensemble, and the
 * observations are compared step by step. Apache's client on ZooKeeper is the reference; it is
 * compared with (1) Apache's client on our servers and (2) our client on ZooKeeper. Every
 * difference fails the test unless docs/compatibility.md lists it as {@code xchk:server:<step>} or
 * {@code xchk:client:<step>} with its reason; a listed difference that no longer occurs fails too,
 * so the page stays true.
 */
@Timeout(240)
class CrossCheckTest {
    static {
        Quiet.clientLogs();
    }

    private static Cluster zookeeper;
    private static Cluster ours;

    @BeforeAll
    static void start() throws Exception {
        CompletableFuture<Cluster> zk = CompletableFuture.supplyAsync(() -> startQuietly(Cluster.Kind.ZOOKEEPER));
        ours = Cluster.start(Cluster.Kind.ZAB, 3, 100, Map.of());
        zookeeper = zk.join();
    }

    private static Cluster startQuietly(Cluster.Kind kind) {
        try {
            return Cluster.start(kind, 3, 100, Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(kind + " ensemble did not start: " + e.getMessage(), e);
        }
    }

    @AfterAll
    static void stop() {
        if (zookeeper != null) {
            zookeeper.close();
        }
        if (ours != null) {
            ours.close();
        }
    }

    /** The steps docs/compatibility.md lists as known differences of one side ("server" or "client"). */
    static Set<String> documented(String side) throws Exception {
        Path doc = Path.of(System.getProperty("user.dir")).resolve("../docs/compatibility.md").normalize();
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("`xchk:" + side + ":([A-Za-z0-9/_-]+)`").matcher(Files.readString(doc));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Each run's observations under target/xchk/, for reading a difference in full. */
    static void save(String name, Map<String, String> obs) throws java.io.IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "xchk"));
        StringBuilder sb = new StringBuilder();
        obs.forEach((k, v) -> sb.append(k).append(" | ").append(v.replace("\n", "\\n")).append('\n'));
        Files.writeString(dir.resolve(name + ".txt"), sb.toString());
    }

    static List<String> compare(String what, Map<String, String> reference, Map<String, String> other, Set<String> allowed,
                                List<String> stale) {
        List<String> problems = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (Map.Entry<String, String> e : reference.entrySet()) {
            String step = e.getKey();
            String theirs = other.get(step);
            boolean same = e.getValue().equals(theirs);
            if (!same) {
                table.append(String.format("  %-40s zookeeper: %s%n  %-40s %s: %s%n", step, e.getValue(), "", what, theirs));
                if (!allowed.contains(step)) {
                    problems.add(what + " differs at " + step + ": ZooKeeper " + e.getValue() + " / " + theirs);
                }
            } else if (allowed.contains(step)) {
                stale.add(what + ": " + step);
            }
        }
        System.out.println("CrossCheckTest: " + what + " vs Apache client on ZooKeeper: " + reference.size() + " steps, "
                + (table.length() == 0 ? "no differences" : "differences:\n" + table));
        return problems;
    }

    @Test
    void oneSuiteAgreesWithZooKeeperOpByOp() throws Exception {
        Map<String, String> reference = XchkSuite.run(ApacheZk.FACTORY, zookeeper, "/xchk");
        Map<String, String> apacheOnOurs = XchkSuite.run(ApacheZk.FACTORY, ours, "/xchk");
        Map<String, String> oursOnZk = XchkSuite.run(OurZk.FACTORY, zookeeper, "/xchk-our-client");
        save("apache-client-on-zookeeper", reference);
        save("apache-client-on-ours", apacheOnOurs);
        save("our-client-on-zookeeper", oursOnZk);
        assertTrue(reference.size() > 80, "the suite ran its steps: " + reference.size());
        List<String> stale = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        problems.addAll(compare("Apache client on our servers", reference, apacheOnOurs, documented("server"), stale));
        problems.addAll(compare("our client on ZooKeeper", reference, oursOnZk, documented("client"), stale));
        if (!stale.isEmpty()) {
            problems.add("docs/compatibility.md lists differences that no longer occur (remove them): " + stale);
        }
        if (!problems.isEmpty()) {
            zookeeper.keepFiles();
            ours.keepFiles();
            fail(problems.size() + " undocumented difference(s):\n" + String.join("\n", problems));
        }
    }
}
