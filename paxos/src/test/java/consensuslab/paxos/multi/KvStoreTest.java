package consensuslab.paxos.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Json;
import org.junit.jupiter.api.Test;

class KvStoreTest {

    private static Command cmd(String client, long seq, String f, String key, String value, String expected) {
        return new Command(client, seq, f, key, value, expected);
    }

    @Test
    void getPutAppendCasFollowTheRegisterModel() {
        KvStore kv = new KvStore();
        assertNull(kv.apply(cmd("c1", 1, "get", "k", null, null)).value(), "absent key reads as null");
        assertTrue(kv.apply(cmd("c1", 2, "append", "k", "a", null)).ok());
        assertTrue(kv.apply(cmd("c1", 3, "append", "k", "b", null)).ok());
        assertEquals("ab", kv.apply(cmd("c1", 4, "get", "k", null, null)).value());
        assertFalse(kv.apply(cmd("c1", 5, "cas", "k", "x", "zz")).ok(), "cas with the wrong expected value does not swap");
        assertTrue(kv.apply(cmd("c1", 6, "cas", "k", "x", "ab")).ok());
        assertTrue(kv.apply(cmd("c1", 7, "cas", "fresh", "y", null)).ok(), "cas expecting absent swaps on an absent key");
        assertFalse(kv.apply(cmd("c1", 8, "cas", "fresh", "z", null)).ok());
        assertTrue(kv.apply(cmd("c1", 9, "put", "k", "p", null)).ok());
        assertEquals("p", kv.data().get("k"));
        assertEquals("y", kv.data().get("fresh"));
    }

    @Test
    void aRetriedRequestRunsOnce() {
        KvStore kv = new KvStore();
        Command a = cmd("c1", 1, "append", "k", "x", null);
        KvStore.Executed first = kv.apply(a);
        assertSame(first, kv.apply(a), "a duplicate of the last request returns the recorded result");
        assertEquals("x", kv.data().get("k"), "and does not run again");
        kv.apply(cmd("c1", 2, "append", "k", "y", null));
        assertNull(kv.apply(a), "an older duplicate is ignored");
        assertEquals("xy", kv.data().get("k"));
        assertNull(kv.apply(Command.noop()));
        assertEquals(2, kv.lastSeq("c1"));
    }

    @Test
    void snapshotsRoundTripThroughJson() {
        KvStore kv = new KvStore();
        kv.apply(cmd("c2", 1, "put", "b", "2", null));
        kv.apply(cmd("c1", 1, "put", "a", "1", null));
        KvSnapshot s = kv.snapshot(9);
        String json = Json.string(s);
        assertEquals("{\"slot\":9,\"data\":{\"a\":\"1\",\"b\":\"2\"},\"clients\":{\"c1\":{\"seq\":1,\"ok\":true,\"value\":null},"
                + "\"c2\":{\"seq\":1,\"ok\":true,\"value\":null}}}", json, "sorted, deterministic");
        KvStore back = KvStore.of(Json.MAPPER.convertValue(Json.tree(s), KvSnapshot.class));
        assertEquals(kv.data(), back.data());
        assertSame(null, back.apply(cmd("c1", 0, "put", "a", "old", null)));
        assertEquals("1", back.data().get("a"));
    }
}
