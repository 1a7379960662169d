package consensuslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** BinaryWriter and BinaryReader: values and JSON trees read back exactly; damaged input gives one clear line. */
class BinaryCodingTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static ObjectNode everyKindOfNode() {
        ObjectNode o = F.objectNode();
        o.put("int", 7).put("long", 7L).put("short", (short) 3).put("double", 2.5).put("float", 1.5f)
                .put("big", new BigInteger("123456789012345678901234567890")).put("decimal", new BigDecimal("1.50"))
                .put("text", "héllo, wörld ✓").put("empty", "").put("yes", true).put("no", false).putNull("nothing")
                .put("data", new byte[] {0, 1, -1, 127});
        o.putArray("list").add(1).add("two").addNull().addObject().put("deep", F.arrayNode());
        return o;
    }

    @Test
    void everyScalarAndTreeReadsBackExactly() {
        BinaryWriter w = new BinaryWriter(16);
        ObjectNode tree = everyKindOfNode();
        w.writeByte(200).writeBoolean(true).writeInt(-5).writeLong(Long.MIN_VALUE).writeString("s").writeString(null)
                .writeBytes(new byte[] {9}).writeBytes(null);
        assertTrue(w.writeTree(tree));
        assertTrue(w.writeTree(null));
        BinaryReader r = new BinaryReader(w.toByteArray());
        assertEquals(200, r.readByte());
        assertTrue(r.readBoolean());
        assertEquals(-5, r.readInt());
        assertEquals(Long.MIN_VALUE, r.readLong());
        assertEquals("s", r.readString());
        assertNull(r.readString());
        assertTrue(Arrays.equals(new byte[] {9}, r.readBytes()));
        assertNull(r.readBytes());
        JsonNode back = r.readTree();
        assertEquals(tree, back); // Jackson's equality tells an IntNode from a LongNode, binary from text
        assertTrue(back.get("long").isLong() && back.get("int").isInt() && back.get("short").isShort() && back.get("data").isBinary());
        assertEquals(new BigDecimal("1.50"), back.get("decimal").decimalValue());
        assertNull(r.readTree(), "a null reference stays null, not a JSON null");
        r.expectEnd();
    }

    @Test
    void aTreeWithAPojoIsDeclined() {
        ObjectNode o = F.objectNode();
        o.set("x", new POJONode(new Object()));
        assertFalse(new BinaryWriter().writeTree(o));
    }

    @Test
    void damagedInputNamesWhatAndWhere() {
        byte[] ok = new BinaryWriter().writeString("abc").writeLong(1).toByteArray();
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class, () -> {
            BinaryReader r = new BinaryReader(ok, 0, ok.length - 1);
            r.readString();
            r.readLong();
        });
        assertEquals("truncated: 8 bytes needed, 7 left at byte 7", truncated.getMessage());

        byte[] hugeLength = new BinaryWriter().writeInt(Integer.MAX_VALUE).writeByte(1).toByteArray();
        assertEquals("length 2147483647 with 1 bytes left at byte 0",
                assertThrows(IllegalArgumentException.class, () -> new BinaryReader(hugeLength).readBytes()).getMessage());

        byte[] hugeArray = new BinaryWriter().writeByte(BinaryWriter.ARRAY).writeInt(1 << 30).toByteArray();
        assertEquals("count 1073741824 with 0 bytes left at byte 1",
                assertThrows(IllegalArgumentException.class, () -> new BinaryReader(hugeArray).readTree()).getMessage());

        byte[] badTag = {99};
        assertEquals("unknown JSON node tag 99 at byte 0",
                assertThrows(IllegalArgumentException.class, () -> new BinaryReader(badTag).readTree()).getMessage());

        BinaryWriter deep = new BinaryWriter();
        for (int i = 0; i < 10_000; i++) {
            deep.writeByte(BinaryWriter.ARRAY).writeInt(1);
        }
        deep.writeByte(BinaryWriter.NULL);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BinaryReader(deep.toByteArray()).readTree()).getMessage()
                .startsWith("JSON tree nested deeper than " + BinaryReader.MAX_DEPTH));

        byte[] notANumber = new BinaryWriter().writeByte(BinaryWriter.DECIMAL).writeString("1e").toByteArray();
        assertEquals("not a number: 1e at byte 7",
                assertThrows(IllegalArgumentException.class, () -> new BinaryReader(notANumber).readTree()).getMessage());

        byte[] trailing = {BinaryWriter.TRUE, 0};
        BinaryReader r = new BinaryReader(trailing);
        r.readTree();
        assertEquals("1 unexpected bytes after the value at byte 1", assertThrows(IllegalArgumentException.class, r::expectEnd).getMessage());
    }

    @Test
    void putIntOverwritesOnlyWhatWasWritten() {
        BinaryWriter w = new BinaryWriter().writeInt(0).writeByte(5);
        w.putInt(0, 1);
        assertEquals(1, new BinaryReader(w.toByteArray()).readInt());
        assertThrows(IndexOutOfBoundsException.class, () -> w.putInt(2, 0));
    }
}
