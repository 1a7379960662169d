package consensuslab.zab.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import consensuslab.core.BinaryReader;
import consensuslab.core.Json;
import consensuslab.core.Storage;
import consensuslab.zab.KvStateMachine;
import consensuslab.zab.Txn;
import consensuslab.zab.ZabCodec;
import consensuslab.zab.Zxid;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The binary transaction log: a segment header, then per transaction its length, CRC32 and bytes;
 * what is written reads back equal; every torn tail and damaged byte is found and cut; segments of
 * the earlier JSON-lines format are still read.
 */
class LogRecordTest {

    /** Files in memory; no crashes (the simulator's torn writes are RecoveryScenario's). */
    static final class MemStorage implements Storage {
        final Map<String, byte[]> files = new TreeMap<>();

        @Override
        public byte[] read(String file) {
            byte[] b = files.get(file);
            return b == null ? null : b.clone();
        }

        @Override
        public void write(String file, byte[] data) {
            files.put(file, data.clone());
        }

        @Override
        public void append(String file, byte[] data) {
            byte[] old = files.getOrDefault(file, new byte[0]);
            byte[] b = Arrays.copyOf(old, old.length + data.length);
            System.arraycopy(data, 0, b, old.length, data.length);
            files.put(file, b);
        }

        @Override
        public void truncate(String file, long length) {
            files.computeIfPresent(file, (f, b) -> Arrays.copyOf(b, (int) Math.min(length, b.length)));
        }

        @Override
        public void delete(String file) {
            files.remove(file);
        }

        @Override
        public List<String> files() {
            return new ArrayList<>(files.keySet());
        }

        @Override
        public void sync() {
        }
    }

    static Txn put(int counter, String key, String value) {
        return new Txn(Zxid.make(1, counter), "n1", "c1", counter, Json.MAPPER.createObjectNode().put("f", "put").put("key", key)
                .put("value", value));
    }

    static ZKDatabase db(Storage s) {
        return new ZKDatabase(s, new KvStateMachine(), 100, 500, 3);
    }

    static List<Txn> three() {
        return List.of(put(1, "k1", "v1"), put(2, "k2", "v \"quoted\" é"), put(3, "k1", "v3"));
    }

    static MemStorage logged(List<Txn> txns) {
        MemStorage s = new MemStorage();
        ZKDatabase d = db(s);
        d.load();
        for (Txn t : txns) {
            d.append(t);
        }
        d.sync();
        return s;
    }

    private static List<Txn> readBack(MemStorage s) {
        ZKDatabase d = db(s);
        assertEquals(List.of(), d.load());
        return d.log();
    }

    @Test
    void theSegmentIsAHeaderThenLengthCrcAndTheTransactionPerRecord() {
        MemStorage s = logged(three());
        byte[] b = s.files.get("log.100000001");
        assertArrayEquals(ZKDatabase.SEGMENT_HEADER, Arrays.copyOf(b, 8));
        assertArrayEquals("ZABLOG".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(b, 6));
        int at = 8;
        for (Txn t : three()) {
            BinaryReader head = new BinaryReader(b, at, 8);
            int n = head.readInt();
            CRC32 c = new CRC32();
            c.update(b, at + 8, n);
            assertEquals((int) c.getValue(), head.readInt(), "the CRC32 of the record's bytes");
            assertEquals(ZKDatabase.BINARY_TXN, b[at + 8]);
            BinaryReader body = new BinaryReader(b, at + 9, n - 1);
            assertEquals(t, ZabCodec.readTxn(body));
            body.expectEnd();
            at += 8 + n;
        }
        assertEquals(b.length, at);
        ZKDatabase again = db(s);
        assertEquals(List.of(), again.load());
        assertEquals(three(), again.log());
        assertEquals(Zxid.make(1, 3), again.lastLoggedZxid());
    }

    @Test
    void anOpWithNoBinaryFormIsLoggedAsJsonAndReadBack() {
        ObjectNode op = Json.MAPPER.createObjectNode().put("f", "put").put("key", "k");
        op.set("value", new POJONode("pojo"));
        MemStorage s = logged(List.of(new Txn(Zxid.make(1, 1), "n1", "c1", 1, op)));
        byte[] b = s.files.get("log.100000001");
        assertEquals(ZKDatabase.JSON_TXN, b[8 + 8]);
        assertEquals("pojo", readBack(s).get(0).op().get("value").asText());
    }

    @Test
    void everyTornTailAndEveryDamagedByteIsFoundAndCut() {
        byte[] whole = logged(three()).files.get("log.100000001");
        int lastStart = ZKDatabase.logRecord(three().get(0), true).length + ZKDatabase.logRecord(three().get(1), false).length;
        for (int len = lastStart + 1; len < whole.length; len++) {
            MemStorage s = new MemStorage();
            s.files.put("log.100000001", Arrays.copyOf(whole, len));
            ZKDatabase d = db(s);
            List<String> notes = d.load();
            assertEquals(1, notes.size(), "cut at " + len + ": " + notes);
            assertTrue(notes.get(0).startsWith("log.100000001: torn final record (" + (len - lastStart) + " "), notes.get(0));
            assertTrue(notes.get(0).endsWith("truncated after 2 valid records"), notes.get(0));
            assertEquals(three().subList(0, 2), d.log());
            assertEquals(lastStart, s.files.get("log.100000001").length);
        }
        for (int i = lastStart; i < whole.length; i++) {
            MemStorage s = new MemStorage();
            byte[] b = whole.clone();
            b[i] ^= 0x10;
            s.files.put("log.100000001", b);
            ZKDatabase d = db(s);
            List<String> notes = d.load();
            assertEquals(1, notes.size(), "byte " + i + ": " + notes);
            assertEquals(three().subList(0, 2), d.log(), "byte " + i + ": " + notes);
            assertTrue(notes.get(0).contains("at byte " + lastStart) || notes.get(0).contains("torn final record"),
                    "byte " + i + ": " + notes.get(0));
        }
    }

    @Test
    void aDamagedHeaderOrAnEmptySegmentIsHandled() {
        MemStorage torn = new MemStorage();
        torn.files.put("log.100000001", Arrays.copyOf(ZKDatabase.SEGMENT_HEADER, 5));
        assertEquals(List.of("log.100000001: torn final record (5 bytes of the segment header); truncated after 0 valid records"),
                db(torn).load());
        assertNull(torn.files.get("log.100000001"), "nothing valid in it: deleted");

        MemStorage foreign = new MemStorage();
        foreign.files.put("log.100000001", "garbage!".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("log.100000001: not a log segment (unknown header); truncated after 0 valid records"), db(foreign).load());

        MemStorage empty = new MemStorage();
        empty.files.put("log.100000001", ZKDatabase.SEGMENT_HEADER.clone());
        ZKDatabase d = db(empty);
        assertEquals(List.of(), d.load());
        d.append(put(1, "k", "v"));
        assertEquals(List.of(put(1, "k", "v")), readBack(empty), "a segment that starts at the same zxid begins afresh, with one header");
    }

    @Test
    void aSegmentOfTheEarlierJsonLinesFormatIsReadAndLaterAppendsGoToABinaryOne() {
        MemStorage s = new MemStorage();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (Txn t : three()) {
            lines.writeBytes(Json.bytes(new ZKDatabase.LogRecord(ZKDatabase.crc(t), t)));
            lines.write('\n');
        }
        s.files.put("log.100000001", lines.toByteArray());
        ZKDatabase d = db(s);
        assertEquals(List.of(), d.load());
        assertEquals(three(), d.log());
        d.append(put(4, "k4", "v4"));
        assertArrayEquals(lines.toByteArray(), s.files.get("log.100000001"), "the old segment is left as it was");
        assertArrayEquals(ZKDatabase.SEGMENT_HEADER, Arrays.copyOf(s.files.get("log.100000004"), 8));
        List<Txn> all = new ArrayList<>(three());
        all.add(put(4, "k4", "v4"));
        assertEquals(all, readBack(s));

        MemStorage torn = new MemStorage();
        torn.files.put("log.1", "{\"crc\":".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("log.1: torn final record (7 bytes without an end of line); truncated after 0 valid records"), db(torn).load());
    }

    @Test
    void truncateRewritesTheLastSegmentInTheBinaryFormat() {
        MemStorage s = logged(three());
        ZKDatabase d = db(s);
        d.load();
        d.truncate(Zxid.make(1, 2));
        assertEquals(three().subList(0, 2), d.log());
        assertEquals(three().subList(0, 2), readBack(s));
        d.append(put(3, "k3", "again"));
        assertEquals(List.of(three().get(0), three().get(1), put(3, "k3", "again")), readBack(s));
    }
}
