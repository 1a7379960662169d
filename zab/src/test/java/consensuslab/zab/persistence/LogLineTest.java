package consensuslab.zab.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import consensuslab.core.Json;
import consensuslab.zab.Txn;
import consensuslab.zab.Zxid;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The log line ZKDatabase writes by hand is the JSON line of a LogRecord, byte for byte, and reads back as one. */
class LogLineTest {

    @Test
    void handWrittenLineIsTheRecordsJsonLine() throws Exception {
        Txn t = new Txn(Zxid.make(3, 17), "n2", "c1", 42, Json.MAPPER.createObjectNode().put("put", "k").put("value", "v \"quoted\" é"));
        byte[] line = ZKDatabase.logLine(t);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(Json.bytes(new ZKDatabase.LogRecord(ZKDatabase.crc(t), t)));
        expected.write('\n');
        assertArrayEquals(expected.toByteArray(), line, new String(line, StandardCharsets.UTF_8));
        ZKDatabase.LogRecord back = Json.MAPPER.readValue(line, 0, line.length - 1, ZKDatabase.LogRecord.class);
        assertEquals(t, back.txn());
        assertEquals(ZKDatabase.crc(t), back.crc());
    }
}
