package consensuslab.zk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zk.server.ServerSettings;
import consensuslab.zk.server.ZnodeServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/labs/8-zk-recipes.md's real-cluster transcript stays true: each {@code bin/zab-cli} command of
 * the page runs as its own session against a real znode server, and prints what the page shows
 * (less the connection lines the page leaves out).
 */
class LabDocTranscriptTest {

    @Test
    void lab8TranscriptIsWhatTheServerAnswers() throws Exception {
        String page = Files.readString(Path.of("../docs/labs/8-zk-recipes.md"));
        String block = page.substring(page.indexOf("```\n$ bin/zab-cli") + 4);
        block = block.substring(0, block.indexOf("```"));
        List<String> expected = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try (ZnodeServer server = new ZnodeServer(ServerSettings.forTests(500)).start()) {
            for (String line : block.split("\n")) {
                if (line.startsWith("$ bin/zab-cli -server 127.0.0.1:2181 ")) {
                    List<String> cmd = Arrays.asList(line.substring("$ bin/zab-cli -server 127.0.0.1:2181 ".length()).split(" "));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ZabCli cli = new ZabCli("127.0.0.1:" + server.port(), 30000, new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(out, true, StandardCharsets.UTF_8));
                    assertEquals(0, cli.oneShot(cmd), line);
                    seen.add(line);
                    for (String o : out.toString(StandardCharsets.UTF_8).split("\n")) {
                        if (!o.isBlank() && !o.startsWith("Connecting to") && !o.startsWith("WATCHER::") && !o.startsWith("WatchedEvent")) {
                            seen.add(o);
                        }
                    }
                }
                if (!line.isBlank()) {
                    expected.add(line);
                }
            }
        }
        assertTrue(expected.size() >= 10, "the page's transcript: " + expected);
        assertEquals(expected, seen);
    }
}
