package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import consensuslab.core.BinaryReader;
import consensuslab.core.BinaryWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every Zab message reads back equal from its binary form; damaged bytes give one clear line. */
class ZabCodecTest {

    static ObjectNode op() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("time", 1_700_000_000_000L).put("sessionId", 0x100000001L).putArray("auth");
        o.putObject("op").put("type", "SetData").put("path", "/a/b").put("data", new byte[] {1, 2, 3}).put("version", -1);
        return o;
    }

    static List<ZabMessage> samples() {
        Txn t = new Txn(0x100000002L, "n1", "c1", 9, op());
        return List.of(
                new ZabMessage.Notification(3, 0x200000005L, 7, ServerState.LOOKING, 2),
                new ZabMessage.Notification(3, 0, 1, null, 0),
                new ZabMessage.FollowerInfo(2L << 32, 2, 0x10000),
                new ZabMessage.ObserverInfo(2L << 32, 4, 0x10000),
                new ZabMessage.LeaderInfo(3L << 32, 0x10000),
                new ZabMessage.AckEpoch(0x100000009L, -1),
                new ZabMessage.Diff(5),
                new ZabMessage.Trunc(6),
                new ZabMessage.Snap(7, new byte[] {9, 8, 7}),
                new ZabMessage.NewLeader(3L << 32),
                new ZabMessage.UpToDate(3L << 32),
                new ZabMessage.Proposal(t.zxid(), t),
                new ZabMessage.Proposal(1, new Txn(1, null, null, 0, null)),
                new ZabMessage.Ack(t.zxid()),
                new ZabMessage.Commit(t.zxid()),
                new ZabMessage.Inform(t.zxid(), t),
                new ZabMessage.Ping(t.zxid()),
                new ZabMessage.Request("c1", 9, op()),
                new ZabMessage.ClientSync("c1", 10, 0x100000003L),
                new ZabMessage.Sync(11),
                new ZabMessage.SyncPoint(11, 0x100000003L),
                new ZabMessage.SessionsAlive(List.of(1L, 0x100000001L)),
                new ZabMessage.ClientRequest(12, op()),
                new ZabMessage.ClientReply(12, true, "ok", 0x100000004L, null),
                new ZabMessage.ClientReply(13, false, null, 0, "not serving"));
    }

    static byte[] encode(ZabMessage m) {
        BinaryWriter w = new BinaryWriter();
        assertTrue(ZabCodec.codec().write(m, w), m.toString());
        return w.toByteArray();
    }

    static ZabMessage decode(byte[] b) {
        BinaryReader r = new BinaryReader(b);
        ZabMessage m = ZabCodec.codec().read(r);
        r.expectEnd();
        return m;
    }

    private static void leaves(Class<?> c, Set<String> out) {
        if (c.isSealed()) {
            for (Class<?> s : c.getPermittedSubclasses()) {
                leaves(s, out);
            }
        } else {
            out.add(c.getSimpleName());
        }
    }

    @Test
    void everyMessageTypeReadsBackEqual() {
        Set<String> all = new TreeSet<>();
        leaves(ZabMessage.class, all);
        Set<String> covered = new TreeSet<>();
        for (ZabMessage m : samples()) {
            covered.add(m.getClass().getSimpleName());
            ZabMessage back = decode(encode(m));
            if (m instanceof ZabMessage.Snap s) {
                ZabMessage.Snap b = (ZabMessage.Snap) back;
                assertEquals(s.zxid(), b.zxid());
                assertArrayEquals(s.snapshot(), b.snapshot());
            } else {
                assertEquals(m, back);
            }
        }
        assertEquals(all, covered, "the samples cover every ZabMessage record");
        ZabMessage.Proposal p = (ZabMessage.Proposal) decode(encode(samples().get(11)));
        assertTrue(p.txn().op().get("time").isLong() && p.txn().op().get("op").get("data").isBinary(),
                "the op's numbers and data keep their node types (no base64 text)");
    }

    @Test
    void anOpWithNoBinaryFormIsDeclined() {
        ObjectNode o = op();
        o.set("pojo", new POJONode(new Object()));
        assertFalse(ZabCodec.codec().write(new ZabMessage.Proposal(1, new Txn(1, "n1", "c1", 1, o)), new BinaryWriter()));
        assertFalse(ZabCodec.codec().write(new ZabMessage.ClientRequest(1, o), new BinaryWriter()));
    }

    @Test
    void damagedBytesAreOneClearLine() {
        assertEquals("unknown Zab message tag 99", assertThrows(IllegalArgumentException.class, () -> decode(new byte[] {99})).getMessage());
        byte[] n = encode(samples().get(0));
        n[1 + 24] = 9;
        assertEquals("unknown server state 9 at byte 26", assertThrows(IllegalArgumentException.class, () -> decode(n)).getMessage());
        byte[] alive = new BinaryWriter().writeByte(20).writeInt(1 << 28).writeLong(1).toByteArray();
        assertEquals("268435456 sessions in 8 bytes at byte 5", assertThrows(IllegalArgumentException.class, () -> decode(alive)).getMessage());
        List<String> truncated = new ArrayList<>();
        for (ZabMessage m : samples()) {
            byte[] b = encode(m);
            byte[] cut = java.util.Arrays.copyOf(b, b.length - 1);
            truncated.add(assertThrows(IllegalArgumentException.class, () -> decode(cut)).getMessage());
        }
        assertTrue(truncated.stream().allMatch(s -> s.contains(" at byte ") && !s.contains("\n")), truncated.toString());
    }
}
