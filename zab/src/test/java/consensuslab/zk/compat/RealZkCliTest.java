package consensuslab.zk.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The real zkCli ({@code org.apache.zookeeper.ZooKeeperMain} from the ZooKeeper 3.9.5 jar, in its
 * own JVM) runs every command of the reference transcripts (/work/shared/reference/zk-reference/,
 * copied to the test resources zk-reference/) against our three-server ensemble, and prints what
 * it printed against a real ZooKeeper 3.9.5 ensemble, ids, zxids, times and ports aside.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealZkCliTest {
    static {
        Quiet.clientLogs();
    }

    private static Cluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start(Cluster.Kind.ZAB, 3, 100, Map.of());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String resource(String name) throws IOException {
        try (var in = RealZkCliTest.class.getResourceAsStream("/zk-reference/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Ids, zxids, dates, ports vary from run to run; so does when the connection event is printed. */
    static String normalise(String s) {
        return s.replace("\r", "")
                .replace("\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null zxid: -1\n", "")
                .stripTrailing()
                .replaceAll("0x[0-9a-f]+", "0xN")
                .replaceAll("[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} [A-Z]{3,4} \\d{4}", "DATE")
                .replaceAll("127\\.0\\.0\\.1(:\\d+)+", "127.0.0.1:PORTS");
    }

    /** Runs ZooKeeperMain with these arguments and this standard input; returns {exit, stdout, stderr}. */
    static Object[] zkCli(List<String> args, String stdin, boolean mergeErr) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", System.getProperty("java.class.path"),
                "org.apache.zookeeper.ZooKeeperMain"));
        cmd.addAll(args);
        Path out = Files.createTempFile("zkcli-out", ".txt");
        Path err = Files.createTempFile("zkcli-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile());
            if (mergeErr) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(err.toFile());
            }
            Process p = pb.start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "zkCli finished: " + args);
            return new Object[] {p.exitValue(), Files.readString(out), mergeErr ? "" : Files.readString(err)};
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static List<String> lines(String s) {
        return new ArrayList<>(Arrays.asList(s.split("\n", -1)));
    }

    @Test
    @Order(1)
    void interactiveSessionPrintsWhatZooKeeperPrinted() throws Exception {
        String refOut = resource("zkcli-session.stdout");
        String refErr = resource("zkcli-session.stderr");
        List<String> commands = lines(refOut).stream().filter(l -> l.startsWith(">>> ")).map(l -> l.substring(4))
                .collect(Collectors.toList());
        assertTrue(commands.size() > 25, "the transcript has its commands: " + commands.size());
        Object[] r = zkCli(List.of("-server", cluster.address(1)), String.join("\n", commands) + "\n", false);
        if (CrossCheckTest.documented("zkcli").contains("zookeeper-config")) {
            // listed in docs/compatibility.md: our /zookeeper/config is empty
            refOut = refOut.replaceAll("(>>> get /zookeeper/config\n)(server\\.\\d=[^\n]*\n)+version=[^\n]*\n", "$1\n");
        }
        String expectedOut = lines(refOut).stream().filter(l -> !l.startsWith(">>> ")).collect(Collectors.joining("\n"));
        // log lines depend on the logging set-up; the messages zkCli prints itself do not
        String expectedErr = lines(refErr).stream().filter(l -> !l.startsWith(">>> ") && !l.startsWith("[")).collect(Collectors.joining("\n"));
        String gotErr = lines((String) r[2]).stream().filter(l -> !l.startsWith("[")).collect(Collectors.joining("\n"));
        assertEquals(normalise(expectedOut), normalise((String) r[1]));
        assertEquals(normalise(expectedErr), normalise(gotErr));
        assertEquals(127, r[0], "zkCli exits with the last command's code (bogus-command)");
    }

    @Test
    @Order(2)
    void oneShotCommandsPrintWhatZooKeeperPrintedWithItsExitCodes() throws Exception {
        List<String> ref = lines(resource("zkcli-oneshot.txt"));
        int blocks = 0;
        for (int i = 0; i < ref.size(); i++) {
            String l = ref.get(i);
            if (!l.startsWith(">>> ZooKeeperMain -server ")) {
                continue;
            }
            List<String> args = new ArrayList<>(Arrays.asList(l.substring(">>> ZooKeeperMain ".length()).split(" ")));
            args.set(1, cluster.address(1 + blocks % 3));
            StringBuilder expected = new StringBuilder();
            int j = i + 1;
            while (!ref.get(j).startsWith(">>> exit=")) {
                expected.append(ref.get(j)).append('\n');
                j++;
            }
            int expectedExit = Integer.parseInt(ref.get(j).substring(">>> exit=".length()));
            Object[] r = zkCli(args, "", true);
            assertEquals(normalise(expected.toString()), normalise((String) r[1]), "output of: " + String.join(" ", args));
            assertEquals(expectedExit, r[0], "exit code of: " + String.join(" ", args));
            blocks++;
            i = j;
        }
        assertEquals(9, blocks);
    }
}
