package consensuslab.zab.exercise.grading;

import consensuslab.zab.Zxid;
import consensuslab.zab.exercise.VoteOrder;
import consensuslab.zab.exercise.VoteOrder.Candidate;
import java.util.ArrayList;
import java.util.List;

/** The vote comparisons a correct {@link VoteOrder} must make, each with the reason. */
public final class VoteOrderCases {

    private VoteOrderCases() {
    }

    /** One comparison: does {@code received} beat {@code proposed}? */
    public record Case(Candidate received, Candidate proposed, boolean beats, String why) {
    }

    private static Candidate v(long sid, long epoch, long counter) {
        return new Candidate(sid, Zxid.make(epoch, counter), epoch);
    }

    public static List<Case> all() {
        return List.of(
                new Case(v(2, 0, 0), v(1, 0, 0), true, "equal empty histories: the higher myid wins (the book's example: 2 beats 1)"),
                new Case(v(1, 0, 0), v(2, 0, 0), false, "equal empty histories: a lower myid does not win"),
                new Case(v(3, 0, 0), v(3, 0, 0), false, "a vote never beats itself (the order is strict)"),
                new Case(v(1, 1, 5), v(3, 1, 4), true, "same epoch: the higher zxid wins over a higher myid"),
                new Case(v(3, 1, 4), v(1, 1, 5), false, "same epoch: a higher myid does not beat a higher zxid"),
                new Case(v(1, 2, 1), v(3, 1, 9), true, "a later epoch wins over a higher counter in an older epoch"),
                new Case(new Candidate(1, Zxid.make(1, 9), 2), new Candidate(3, Zxid.make(1, 9), 1), true,
                        "peerEpoch first: equal zxids, the candidate that accepted the later epoch wins"),
                new Case(new Candidate(3, Zxid.make(2, 1), 2), new Candidate(1, Zxid.make(1, 7), 3), false,
                        "peerEpoch first: a higher zxid does not beat a later epoch"),
                new Case(v(5, 1, 3), v(4, 1, 3), true, "equal histories: the higher myid breaks the tie"));
    }

    /** One line per case the order gets wrong (empty: all right). */
    public static List<String> check(VoteOrder order) {
        List<String> out = new ArrayList<>();
        for (Case c : all()) {
            boolean got;
            try {
                got = order.beats(c.received(), c.proposed());
            } catch (RuntimeException e) {
                out.add(show(c) + ": threw " + e);
                continue;
            }
            if (got != c.beats()) {
                out.add(show(c) + ": expected " + c.beats() + ", got " + got + " (" + c.why() + ")");
            }
        }
        return out;
    }

    static String show(Case c) {
        return "beats(" + show(c.received()) + ", " + show(c.proposed()) + ")";
    }

    static String show(Candidate v) {
        return "n" + v.sid() + " e" + v.epoch() + " " + Zxid.dotted(v.zxid());
    }
}
