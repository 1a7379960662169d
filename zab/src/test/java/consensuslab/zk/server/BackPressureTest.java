package consensuslab.zk.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zk.wire.JuteIn;
import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.wire.OpCode;
import consensuslab.zk.wire.Proto;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * globalOutstandingLimit: with more requests read and unanswered than the limit, the selector stops
 * reading from clients, and reads again once answers bring the count back under it. And a server
 * that is closed answers no question about itself (a JMX read racing a close fails at once).
 */
class BackPressureTest {

    private static boolean await(BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 500 && !done.getAsBoolean(); i++) {
            Thread.sleep(20);
        }
        return done.getAsBoolean();
    }

    private static void send(OutputStream out, int xid) throws Exception {
        JuteOut o = new JuteOut();
        new Proto.RequestHeader(xid, OpCode.EXISTS).write(o);
        o.writeString("/x");
        o.writeBool(false);
        out.write(o.frame());
        out.flush();
    }

    @Test
    @Timeout(60)
    void overTheLimitTheSelectorStopsReadingUntilAnswersBringItBack() throws Exception {
        List<ServerConnection> conns = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        ServerCnxnFactory.Events events = new ServerCnxnFactory.Events() {
            @Override
            public void fourLetter(ServerConnection c, String word) {
            }

            @Override
            public void connect(ServerConnection c, Proto.ConnectRequest req) {
                conns.add(c);
            }

            @Override
            public void request(ServerConnection c, Proto.RequestHeader h, JuteIn body, long received, int size) {
                requests.incrementAndGet();
            }

            @Override
            public void closed(ServerConnection c, String why) {
            }
        };
        try (ServerCnxnFactory f = new ServerCnxnFactory(ServerSettings.forTests(200), events, 2);
             Socket s = new Socket()) {
            f.start();
            s.connect(new java.net.InetSocketAddress("127.0.0.1", f.port()));
            OutputStream out = s.getOutputStream();
            JuteOut hello = new JuteOut();
            new Proto.ConnectRequest(0, 0, 4000, 0, new byte[16], false).write(hello);
            out.write(hello.frame());
            out.flush();
            assertTrue(await(() -> conns.size() == 1), "no ConnectRequest handed over");
            // one at a time, each read before the next is sent: three unanswered requests pass the limit of 2
            for (int i = 1; i <= 3; i++) {
                send(out, i);
                int want = i;
                assertTrue(await(() -> requests.get() == want), "request " + i + " not handed over");
            }
            assertEquals(3, f.outstanding());
            for (int i = 4; i <= 8; i++) {
                send(out, i);
            }
            Thread.sleep(500);
            assertEquals(3, requests.get(), "read on while over globalOutstandingLimit");
            // one answer: 2 outstanding, no longer over the limit, and the 5 waiting frames are read
            f.answered(conns.get(0));
            assertTrue(await(() -> requests.get() == 8), "reading did not resume after the answers: " + requests.get());
        }
    }

    @Test
    void aClosedServerAnswersNoQuestionAboutItself() throws Exception {
        ZnodeServer server = new ZnodeServer(ServerSettings.forTests(200)).start();
        assertEquals("imok", server.fourLetterWord("ruok"));
        server.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> server.fourLetterWord("ruok"));
        assertEquals("the server is closed", e.getMessage());
    }
}
