package consensuslab.zab.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zab.KvStateMachine;
import consensuslab.zab.Txn;
import consensuslab.zab.Zxid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Memory keeps the uncommitted transactions and a window of committed ones; the rest stay on disk
 * and come back from the segments when a sync asks for them, after a TRUNC, and after a restart.
 */
class LogWindowTest {

    static final int N = 5 * ZKDatabase.MEMORY_COMMITTED / 2; // past twice the window: memory has dropped some

    private static ZKDatabase db(LogRecordTest.MemStorage s) {
        return new ZKDatabase(s, new KvStateMachine(), 1_000_000, 500, 3); // no snapshot within the test
    }

    /** Loads an empty database, then appends n transactions and commits them, ten per sync. */
    private static List<Txn> committed(ZKDatabase d, int n) {
        d.load();
        List<Txn> all = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Txn t = LogRecordTest.put(i, "k" + (i % 7), "v" + i);
            d.append(t);
            all.add(t);
            if (i % 10 == 0) {
                d.sync();
                d.commit(t.zxid());
            }
        }
        d.sync();
        d.commit(all.get(n - 1).zxid());
        return all;
    }

    /** Equal lists, without printing thousands of transactions when they are not. */
    private static void same(List<Txn> expected, List<Txn> actual, String... what) {
        assertEquals(expected.size(), actual.size(), String.join("", what) + ": how many");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), String.join("", what) + ": transaction " + i);
        }
    }

    @Test
    void memoryKeepsAWindowAndTheRestIsReadBackFromTheSegments() {
        LogRecordTest.MemStorage s = new LogRecordTest.MemStorage();
        ZKDatabase d = db(s);
        List<Txn> all = committed(d, N);
        long top = all.get(N - 1).zxid();
        assertTrue(d.log().size() < N, "memory dropped old committed transactions: " + d.log().size());
        assertTrue(d.log().size() >= ZKDatabase.MEMORY_COMMITTED, "but keeps the window: " + d.log().size());
        same(all, d.between(-1, top), "every logged transaction, from disk then memory");
        same(all.subList(10, 20), d.between(all.get(9).zxid(), all.get(19).zxid()), "a range memory dropped");
        same(all.subList(N - 600, N), d.between(all.get(N - 601).zxid(), top), "a range memory holds");
        assertEquals(all.get(4), d.get(all.get(4).zxid()));
        assertEquals(Zxid.make(1, 1), d.firstLoggedZxid());
        same(all.subList(N - 500, N), d.committedLog(top), "the committedLog window");
    }

    @Test
    void aTruncInASegmentMemoryPartlyDroppedKeepsTheDroppedRecords() {
        LogRecordTest.MemStorage s = new LogRecordTest.MemStorage();
        ZKDatabase d = db(s);
        List<Txn> all = committed(d, N);
        for (int i = N + 1; i <= N + 3; i++) {
            d.append(LogRecordTest.put(i, "x", "uncommitted"));
        }
        d.sync();
        d.truncate(all.get(N - 1).zxid());
        same(all, d.between(-1, Zxid.make(1, N + 3)), "the TRUNC removed only the three uncommitted");
        ZKDatabase again = db(s);
        assertEquals(List.of(), again.load());
        assertEquals(all.get(N - 1).zxid(), again.lastLoggedZxid());
        same(all, again.between(-1, again.lastLoggedZxid()), "and the segment reads back whole after a restart");
        again.commit(again.lastLoggedZxid()); // no snapshot: the restart applies the log again once synced
        assertTrue(again.log().size() < N, "and then keeps only the window in memory: " + again.log().size());
        same(all, again.between(-1, again.lastLoggedZxid()), "after the commit");
    }
}
