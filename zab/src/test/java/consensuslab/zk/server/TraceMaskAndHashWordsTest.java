package consensuslab.zk.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** gtmk, stmk and hash answer as ZooKeeper 3.9's do, and only when the whitelist lets them. */
class TraceMaskAndHashWordsTest {

    private static String stmk(int port, long mask, boolean maskInALaterPacket) throws Exception {
        try (RawClient c = new RawClient(port)) {
            c.s.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(c.out);
            out.write("stmk".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (maskInALaterPacket) {
                Thread.sleep(100); // the selector sees the word alone first and must wait for the mask
            }
            out.writeLong(mask);
            out.flush();
            return new String(c.in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theTraceMaskStartsAtZooTracesDefaultAndStmkSetsIt() throws Exception {
        try (ZnodeServer server = new ZnodeServer(ServerSettings.forTests(200)).start()) {
            assertEquals("306", RawClient.fourLetter(server.port(), "gtmk"), "ZooTrace's default mask, no newline");
            assertEquals("511", stmk(server.port(), 511, false), "stmk prints the mask it set");
            assertEquals("511", RawClient.fourLetter(server.port(), "gtmk"));
            assertEquals("6", stmk(server.port(), 6, true), "a mask arriving after the word is still read");
            assertEquals("6", RawClient.fourLetter(server.port(), "gtmk"));
            assertEquals("imok", RawClient.fourLetter(server.port(), "ruok"), "the server keeps serving");
        }
    }

    @Test
    void hashAnswersAsAServerWithDigestsDisabled() throws Exception {
        try (ZnodeServer server = new ZnodeServer(ServerSettings.forTests(200)).start()) {
            assertEquals("", RawClient.fourLetter(server.port(), "hash"), "no digest history is kept");
        }
    }

    @Test
    void theNewWordsHonourTheWhitelist() throws Exception {
        try (ZnodeServer server = new ZnodeServer(ServerSettings.forTests(200).withWhitelist(Set.of("srvr", "ruok"))).start()) {
            for (String w : new String[] {"gtmk", "hash"}) {
                assertEquals(w + " is not executed because it is not in the whitelist.\n", RawClient.fourLetter(server.port(), w));
            }
            assertEquals("stmk is not executed because it is not in the whitelist.\n", stmk(server.port(), 7, false));
        }
    }
}
