package consensuslab.zk.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.wire.OpCode;
import consensuslab.zk.wire.Proto;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connection I/O's limits: threads, silent connections, and lengths that lie. */
class ConnectionLimitsTest {
    ZnodeServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ZnodeServer(ServerSettings.forTests(200)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void fiftyIdleConnectionsAddNoThreadsAndSilentOnesAreClosed() throws Exception {
        int before = Thread.activeCount();
        List<RawClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) { // under maxClientCnxns (60 per address)
                idle.add(new RawClient(server.port()));
            }
            Thread.sleep(200);
            int during = Thread.activeCount();
            assertTrue(during - before < 5, "50 connections took " + (during - before) + " threads (one selector serves them all)");
            // none of them sent a ConnectRequest: closed after the greeting timeout (max(1 s, minSessionTimeout))
            for (RawClient c : idle) {
                assertTrue(c.closedByServer(), "a connection that never sent a ConnectRequest is closed");
            }
        } finally {
            for (RawClient c : idle) {
                c.close();
            }
        }
        Thread.sleep(300); // the selector forgets closed connections every 100 ms
        assertEquals("imok", RawClient.fourLetter(server.port(), "ruok"));
    }

    @Test
    void aDataLengthOf2To31IsRefusedWithoutAllocatingAndTheServerStaysUp() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.connect(4000, 0, null);
            JuteOut o = new JuteOut();
            new Proto.RequestHeader(1, OpCode.SET_DATA).write(o);
            o.writeString("/x");
            o.writeInt(Integer.MAX_VALUE); // the data's length field: 2,147,483,647 bytes that are not there
            o.writeInt(-1);
            c.out.write(o.frame());
            c.out.flush();
            // answered (MARSHALLINGERROR) and closed, never an OutOfMemoryError
            Proto.ReplyHeader h = Proto.ReplyHeader.read(new consensuslab.zk.wire.JuteIn(consensuslab.zk.wire.Frames.readFrame(c.in, 1 << 20)));
            assertEquals(consensuslab.zk.znode.Code.MARSHALLINGERROR.intValue(), h.err());
            assertTrue(c.closedByServer(), "the connection with the bad request is closed");
        }
        assertEquals("imok", RawClient.fourLetter(server.port(), "ruok"), "the server still answers after the lying length");
        try (RawClient c = new RawClient(server.port())) {
            assertTrue(c.connect(4000, 0, null).sessionId() != 0, "and still opens sessions");
        }
    }
}
