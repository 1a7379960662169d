package consensuslab.twopc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import consensuslab.core.Params;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/**
 * A copied checker (what the exhaustive search keeps per state) continues from the same state as
 * its original, and the two then go their own ways.
 */
class CheckerCopyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static long seq;

    /** A participant's published state: {@code txn} in {@code phase}, at virtual time {@code time}. */
    private static TraceEvent participant(String node, String txn, String phase, long time) throws Exception {
        Object state = JSON.readTree("{\"role\":\"participant\",\"txns\":{\"" + txn + "\":\"" + phase + "\"}}");
        return new TraceEvent(++seq, time, EventType.STATE, node, null, null, null, null, null, null, state, null, null, null, null);
    }

    @Test
    void atomicityCopiesGoTheirOwnWays() throws Exception {
        Atomicity original = new Atomicity();
        original.onEvent(participant("n2", "c1.1", "COMMITTED", 10));
        Atomicity copy = original.copy();
        original.onEvent(participant("n3", "c1.1", "ABORTED", 20));
        assertEquals(1, original.violations().size(), "committed at n2, aborted at n3");
        assertTrue(copy.violations().isEmpty(), "the copy did not see n3 abort");
        copy.onEvent(participant("n3", "c1.1", "COMMITTED", 20));
        copy.onEvent(participant("n4", "c1.1", "ABORTED", 30));
        assertTrue(copy.violations().get(0).message().contains("committed at n2,n3 but aborted at n4"),
                copy.violations().toString());
    }

    @Test
    void blockingTimeCopiesKeepTheirOwnDoubts() throws Exception {
        BlockingTime original = new BlockingTime(Params.parse("maxBlocking=50"));
        original.onEvent(participant("n2", "c1.1", "READY", 0));
        BlockingTime copy = original.copy();
        original.onEvent(participant("n2", "c1.1", "COMMITTED", 100));
        assertEquals(1, original.violations().size(), "in doubt 100 ms, over 50");
        copy.onEvent(participant("n2", "c1.1", "COMMITTED", 40));
        assertTrue(copy.violations().isEmpty(), "the copy's doubt ended after 40 ms: " + copy.violations());
        assertEquals(40, copy.maxMillis("n2"));
    }
}
