package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zab.ZabMessage.Commit;
import consensuslab.zab.ZabMessage.Diff;
import consensuslab.zab.ZabMessage.Proposal;
import consensuslab.zab.ZabMessage.QuorumPacket;
import consensuslab.zab.ZabMessage.Trunc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LearnerHandler.queueCommittedProposals' cases, on a leader history of epochs 1 and 3. */
class QueueCommittedProposalsTest {

    private static Txn t(long epoch, long counter) {
        return new Txn(Zxid.make(epoch, counter), "n1", "c1", epoch * 100 + counter, null);
    }

    /** 1.1 1.2 1.3 1.5 (1.4 is missing: the leader never had it) 3.1 3.2 */
    private static final List<Txn> HISTORY = List.of(t(1, 1), t(1, 2), t(1, 3), t(1, 5), t(3, 1), t(3, 2));
    private static final long TOP = Zxid.make(3, 2);

    private static List<String> shape(List<QuorumPacket> ps) {
        List<String> out = new ArrayList<>();
        for (QuorumPacket p : ps) {
            if (p instanceof Diff d) {
                out.add("DIFF " + Zxid.dotted(d.zxid()));
            } else if (p instanceof Trunc tr) {
                out.add("TRUNC " + Zxid.dotted(tr.zxid()));
            } else if (p instanceof Proposal pr) {
                out.add("P" + Zxid.dotted(pr.zxid()));
            } else if (p instanceof Commit c) {
                out.add("C" + Zxid.dotted(c.zxid()));
            }
        }
        return out;
    }

    @Test
    void peerZxidFoundGivesDiffAndTheRest() {
        Leader.SyncPlan p = Leader.queueCommittedProposals(HISTORY, Zxid.make(1, 3), TOP);
        assertEquals("DIFF", p.mode());
        assertEquals(List.of("DIFF 3.2", "P1.5", "C1.5", "P3.1", "C3.1", "P3.2", "C3.2"), shape(p.packets()));
        assertEquals(TOP, p.queuedZxid());
    }

    @Test
    void peerWithAProposalWeLackInTheSameEpochGetsTruncPlusDiff() {
        Leader.SyncPlan p = Leader.queueCommittedProposals(HISTORY, Zxid.make(1, 4), TOP);
        assertEquals("TRUNC+DIFF", p.mode());
        assertEquals(List.of("TRUNC 1.3", "P1.5", "C1.5", "P3.1", "C3.1", "P3.2", "C3.2"), shape(p.packets()));
    }

    @Test
    void peerAheadAcrossAnEpochBoundaryNeedsSnap() {
        Leader.SyncPlan p = Leader.queueCommittedProposals(HISTORY, Zxid.make(2, 7), TOP);
        assertTrue(p.needSnap());
        assertEquals("SNAP", p.mode());
        assertTrue(p.why().startsWith("cannot TRUNC 0x200000007 across epochs"), p.why());
    }

    @Test
    void peerAtAnEpochStartGetsDiff() {
        Leader.SyncPlan p = Leader.queueCommittedProposals(HISTORY, Zxid.make(3, 0), TOP);
        assertFalse(p.needSnap());
        assertEquals(List.of("DIFF 3.2", "P3.1", "C3.1", "P3.2", "C3.2"), shape(p.packets()));
    }
}
