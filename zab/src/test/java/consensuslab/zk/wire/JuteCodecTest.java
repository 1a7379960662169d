package consensuslab.zk.wire;

import static org.junit.jupiter.api.Assertions.*;

import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Stat;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jute encoding byte for byte, round trips of the protocol records, and rejection of malformed input. */
class JuteCodecTest {

    @Test
    void primitivesAreBigEndianWithMinusOneForNull() {
        byte[] b = new JuteOut().writeInt(0x01020304).writeLong(-2L).writeBool(true).writeString("/a").writeBuffer(null)
                .writeString("").writeStrings(null).bytes();
        assertArrayEquals(new byte[] {1, 2, 3, 4, -1, -1, -1, -1, -1, -1, -1, -2, 1, 0, 0, 0, 2, '/', 'a', -1, -1, -1, -1,
                0, 0, 0, 0, -1, -1, -1, -1}, b);
    }

    @Test
    void connectHandshakeHasZooKeepersSizes() throws Exception {
        JuteOut req = new JuteOut();
        new Proto.ConnectRequest(0, 0, 30000, 0, new byte[16], false).write(req);
        assertEquals(45, req.size(), "ConnectRequest payload");
        assertEquals(49, req.frame().length);
        JuteOut resp = new JuteOut();
        new Proto.ConnectResponse(0, 30000, 0x1234L, new byte[16], false).write(resp);
        assertEquals(37, resp.size(), "ConnectResponse payload");
        Proto.ConnectResponse back = Proto.ConnectResponse.read(new JuteIn(resp.bytes()));
        assertEquals(0x1234L, back.sessionId());
        // an old client without the readOnly byte is still understood
        byte[] old = new byte[44];
        System.arraycopy(req.bytes(), 0, old, 0, 44);
        assertFalse(Proto.ConnectRequest.read(new JuteIn(old)).readOnly());
    }

    @Test
    void statIs68BytesInWireOrder() throws Exception {
        Stat s = new Stat(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        byte[] b = new JuteOut().writeStat(s).bytes();
        assertEquals(68, b.length);
        assertEquals(11, b[67], "pzxid last");
        assertEquals(s, new JuteIn(b).readStat());
    }

    @Test
    void requestsRoundTrip() throws Exception {
        List<Acl> acl = List.of(new Acl(31, new Id("world", "anyone")), new Acl(1, new Id("ip", "10.0.0.0/8")));
        Proto.Request[] reqs = {
            new Proto.CreateRequest("/a", new byte[] {1}, acl, 3, -1, false),
            new Proto.DeleteRequest("/a", 4),
            new Proto.SetDataRequest("/a", null, -1),
            new Proto.SetAclRequest("/a", acl, 2),
            new Proto.PathTypeRequest("/a", 5),
            new Proto.SetWatchesRequest(9, List.of("/d"), List.of(), List.of("/c"), List.of("/p"), List.of("/r"), true),
        };
        int[] types = {OpCode.CREATE, OpCode.DELETE, OpCode.SET_DATA, OpCode.SET_ACL, OpCode.REMOVE_WATCHES, OpCode.SET_WATCHES2};
        for (int i = 0; i < reqs.length; i++) {
            JuteOut o = new JuteOut();
            reqs[i].write(o);
            Proto.Request back = Proto.decode(types[i], new JuteIn(o.bytes()));
            JuteOut again = new JuteOut();
            back.write(again);
            assertArrayEquals(o.bytes(), again.bytes(), "type " + types[i]);
        }
        Proto.CreateRequest ttl = (Proto.CreateRequest) Proto.decode(OpCode.CREATE_TTL,
                new JuteIn(encode(new Proto.CreateRequest("/t", null, acl, 5, 1000, true))));
        assertEquals(1000, ttl.ttl());
        Proto.MultiRequest m = new Proto.MultiRequest(List.of(new Proto.MultiOp(OpCode.CHECK, new Proto.CheckVersionRequest("/a", 1)),
                new Proto.MultiOp(OpCode.DELETE, new Proto.DeleteRequest("/a", -1))));
        Proto.MultiRequest mb = (Proto.MultiRequest) Proto.decode(OpCode.MULTI, new JuteIn(encode(m)));
        assertEquals(2, mb.ops().size());
        assertEquals(new Proto.CheckVersionRequest("/a", 1), mb.ops().get(0).request());
        assertNull(Proto.decode(13 + 1000, new JuteIn(new byte[0])), "unknown opcode has no record");
    }

    static byte[] encode(Proto.Request r) {
        JuteOut o = new JuteOut();
        r.write(o);
        return o.bytes();
    }

    @Test
    void malformedInputIsAWireException() {
        assertThrows(WireException.class, () -> new JuteIn(new byte[] {0, 0}).readInt());
        assertThrows(WireException.class, () -> new JuteIn(new byte[] {0, 0, 0, 9, 1}).readString(), "length beyond the frame");
        assertThrows(WireException.class, () -> new JuteIn(new byte[] {-1, -1, -1, -5}).readBuffer(), "negative length");
        assertThrows(WireException.class, () -> new JuteIn(new byte[] {0x7f, 0, 0, 0}).readStrings(), "absurd vector count");
        assertThrows(WireException.class, () -> Frames.readFrame(new ByteArrayInputStream(new byte[] {0x7f, 0, 0, 0}), 0xfffff));
        assertThrows(WireException.class, () -> Frames.readFrame(new ByteArrayInputStream(new byte[] {-1, 0, 0, 0}), 0xfffff));
        byte[] nested = new JuteOut().writeInt(OpCode.MULTI).writeBool(false).writeInt(-1).bytes();
        assertThrows(WireException.class, () -> Proto.decode(OpCode.MULTI, new JuteIn(nested)));
    }
}
