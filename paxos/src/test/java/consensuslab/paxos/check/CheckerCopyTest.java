package consensuslab.paxos.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.check.Checker;
import consensuslab.paxos.LogEntry;
import consensuslab.paxos.basic.PaxosState;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A copied checker (what the exhaustive search keeps per state) continues from the same state as
 * its original, and the two then go their own ways: what one sees never shows in the other.
 */
class CheckerCopyTest {

    private static long seq;

    /** n's published state: a proposer with {@code input}, that learned {@code learned} in slot 0 (null: nothing). */
    private static TraceEvent state(String node, String input, String learned) {
        List<LogEntry> log = learned == null ? List.of() : List.of(new LogEntry(0, learned, "1.1", true));
        PaxosState s = new PaxosState(learned == null ? "proposer" : "learner", "", input, "", "", List.of(), "", "", "", log);
        return new TraceEvent(++seq, 0, EventType.STATE, node, null, null, null, null, null, null, s, null, null, null, null);
    }

    private static void feed(Checker c, TraceEvent... events) {
        for (TraceEvent e : events) {
            c.onEvent(e);
        }
    }

    @Test
    void agreementCopiesGoTheirOwnWays() {
        AgreementChecker original = new AgreementChecker();
        feed(original, state("n1", "a", "a"));
        AgreementChecker copy = original.copy();
        feed(original, state("n2", "b", "b"));
        assertEquals(1, original.violations().size(), "n2 learned b after n1 learned a");
        assertTrue(copy.violations().isEmpty(), "the copy did not see n2's b");
        feed(copy, state("n2", "a", "a"));
        assertTrue(copy.violations().isEmpty());
        feed(copy, state("n3", "c", "c"));
        assertEquals(1, copy.violations().size(), "the copy still knows n1 learned a");
    }

    @Test
    void validityCopiesGoTheirOwnWays() {
        ValidityChecker original = new ValidityChecker();
        feed(original, state("n1", "a", null));
        ValidityChecker copy = original.copy();
        feed(original, state("n2", "b", null));
        feed(copy, state("n3", null, "b"));
        assertEquals(1, copy.violations().size(), "b was proposed only in the original's run");
        feed(original, state("n3", null, "b"), state("n3", null, "a"));
        assertTrue(original.violations().isEmpty(), original.violations().toString());
        ValidityChecker second = original.copy();
        feed(second, state("n3", null, "a"));
        assertTrue(second.violations().isEmpty(), "a copy of a copy keeps what was proposed");
    }
}
