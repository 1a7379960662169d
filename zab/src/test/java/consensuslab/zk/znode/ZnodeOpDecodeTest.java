package consensuslab.zk.znode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import consensuslab.core.Json;
import consensuslab.zk.znode.ZnodeStateMachine.ZnodeOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ZnodeStateMachine.tree builds the tree Jackson's valueToTree builds, node type for node type, and
 * encode carries the writes in binary (shown as that tree in JSON);
 * decode reads a transaction's op exactly as Jackson's databind does, for trees built here and
 * parsed from the wire.
 */
class ZnodeOpDecodeTest {

    private static final List<Id> AUTH = List.of(new Id("digest", "alice:abc="), new Id("ip", "127.0.0.1"));

    static List<ZnodeOp> ops() {
        byte[] data = "hello, \u00e9 world".getBytes(StandardCharsets.UTF_8);
        return List.of(
                new ZnodeOp(1700000000123L, 0x1a2b3c4dL, List.of(), new Op.SetData("/a/b", data, -1)),
                new ZnodeOp(5, 7, AUTH, new Op.SetData("/a", null, 3)),
                new ZnodeOp(5, 7, AUTH, new Op.SetData("/a", new byte[0], 0)),
                new ZnodeOp(9, -1, List.of(), new Op.Delete("/x/y-0000000001", 12)),
                new ZnodeOp(9, 8, AUTH, new Op.Create("/n", data, List.of(new Acl(31, new Id("world", "anyone"))), 0, -1)),
                new ZnodeOp(9, 8, AUTH, new Op.Create("/t", null, null, 5, 60000)),
                // the rest goes through Jackson
                new ZnodeOp(9, 8, AUTH, new Op.Multi(List.of(new Op.Check("/a", 1), new Op.Delete("/a", -1)))),
                new ZnodeOp(9, 8, List.of(), new Op.CloseSession(8)),
                new ZnodeOp(9, 0, List.of(), new Op.CreateSession(8, 30000)),
                new ZnodeOp(9, 8, AUTH, new Op.SetAcl("/a", List.of(new Acl(1, new Id("ip", "10.0.0.1"))), 2)),
                new ZnodeOp(9, 0, List.of(), new Op.DeleteContainer("/c")));
    }

    @Test
    void encodesEveryOpAsJacksonsValueToTreeDoes() {
        List<ZnodeOp> all = new java.util.ArrayList<>(ops());
        all.add(new ZnodeOp(Long.MAX_VALUE, Long.MIN_VALUE, List.of(new Id(null, null)),
                new Op.Create("/z", new byte[] {0, -1}, List.of(new Acl(0, null)), Integer.MIN_VALUE, Long.MIN_VALUE)));
        for (ZnodeOp op : all) {
            JsonNode jackson = Json.MAPPER.valueToTree(op);
            JsonNode built = ZnodeStateMachine.tree(op);
            assertEquals(jackson, built, op.toString()); // JsonNode equality tells an IntNode from a LongNode, binary from text
            assertEquals(jackson.toString(), built.toString(), "the same fields in the same order");
            assertEquals(jackson.toString(), Json.string(ZnodeStateMachine.encode(op)), "a trace shows the binary op as that tree");
        }
    }

    @Test
    void theWritesTravelInBinaryAndReadBackFromTheBytesAlone() throws IOException {
        for (ZnodeOp op : ops()) {
            JsonNode carried = ZnodeStateMachine.encode(op);
            boolean binary = op.op() instanceof Op.SetData || op.op() instanceof Op.Delete || op.op() instanceof Op.Create;
            assertEquals(binary, carried instanceof ZnodeOpNode, op.toString());
            if (binary) {
                JsonNode received = new BinaryNode(carried.binaryValue()); // what a follower's codec reads
                assertEquals(Json.string(op), Json.string(ZnodeStateMachine.decode(received)), op.toString());
                assertEquals(carried, ZnodeStateMachine.encode(op), "the same op, the same bytes");
            }
        }
        ZnodeOp set = ops().get(0);
        byte[] b = ZnodeStateMachine.encode(set).binaryValue();
        b[0] = 9;
        byte[] unknown = b;
        IOException e = assertThrows(IOException.class, () -> ZnodeStateMachine.decode(new BinaryNode(unknown)));
        assertEquals("unknown znode op format 9", e.getMessage());
        byte[] cut = java.util.Arrays.copyOf(ZnodeStateMachine.encode(set).binaryValue(), 30);
        e = assertThrows(IOException.class, () -> ZnodeStateMachine.decode(new BinaryNode(cut)));
        assertEquals(true, e.getMessage().startsWith("bad znode op: "), e.getMessage());
        byte[] longer = java.util.Arrays.copyOf(ZnodeStateMachine.encode(set).binaryValue(), b.length + 1);
        assertThrows(IOException.class, () -> ZnodeStateMachine.decode(new BinaryNode(longer)), "a trailing byte");
    }

    @Test
    void theEnginesCodecCarriesTheBytesAsTheyAreAndATraceShowsTheTree() throws IOException {
        for (ZnodeOp op : ops().subList(0, 6)) {
            consensuslab.zab.Txn t = new consensuslab.zab.Txn(0x100000007L, "n1", "n1", 42, ZnodeStateMachine.encode(op));
            consensuslab.core.BinaryWriter w = new consensuslab.core.BinaryWriter();
            assertEquals(true, consensuslab.zab.ZabCodec.writeTxn(t, w), "a binary op has a binary form");
            consensuslab.zab.Txn back = consensuslab.zab.ZabCodec.readTxn(new consensuslab.core.BinaryReader(w.toByteArray()));
            assertEquals(true, java.util.Arrays.equals(t.op().binaryValue(), back.op().binaryValue()), "the op's bytes, unchanged");
            assertEquals(Json.string(op), Json.string(ZnodeStateMachine.decode(back.op())), "a follower applies the same op");
            assertEquals(true, Json.string(t).contains("\"op\":" + ZnodeStateMachine.tree(op)),
                    "a trace of the leader's transaction shows the op's tree: " + Json.string(t));
        }
    }

    @Test
    void decodesEveryOpAsJacksonDoes() throws IOException {
        for (ZnodeOp op : ops()) {
            JsonNode built = ZnodeStateMachine.tree(op); // a transaction of an older log, or one the trace shows
            JsonNode parsed = Json.MAPPER.readTree(Json.bytes(op));
            for (JsonNode n : List.of(built, parsed)) {
                String expected = Json.string(Json.MAPPER.treeToValue(n, ZnodeOp.class));
                assertEquals(expected, Json.string(ZnodeStateMachine.decode(n)), n.toString());
                assertEquals(Json.string(op), Json.string(ZnodeStateMachine.decode(n)), n.toString());
            }
        }
    }

    @Test
    void oddShapesAreJacksonsToJudge() throws IOException {
        // a float time, a missing version, an extra field: Jackson's answer, whatever it is
        for (String json : List.of(
                "{\"time\":1.5,\"sessionId\":2,\"auth\":[],\"op\":{\"type\":\"Delete\",\"path\":\"/a\",\"version\":1}}",
                "{\"time\":1,\"sessionId\":2,\"auth\":[],\"op\":{\"type\":\"Delete\",\"path\":\"/a\"}}",
                "{\"time\":1,\"sessionId\":2,\"auth\":[],\"op\":{\"type\":\"SetData\",\"path\":\"/a\",\"data\":null,\"version\":1,\"x\":1}}")) {
            JsonNode n = Json.MAPPER.readTree(json);
            String expected;
            try {
                expected = Json.string(Json.MAPPER.treeToValue(n, ZnodeOp.class));
            } catch (IOException e) {
                assertThrows(IOException.class, () -> ZnodeStateMachine.decode(n), json);
                continue;
            }
            assertEquals(expected, Json.string(ZnodeStateMachine.decode(n)), json);
        }
    }
}
