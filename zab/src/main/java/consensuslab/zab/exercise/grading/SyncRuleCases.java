package consensuslab.zab.exercise.grading;

import consensuslab.zab.Zxid;
import consensuslab.zab.exercise.SyncChoice;
import consensuslab.zab.exercise.SyncRule;
import consensuslab.zab.exercise.SyncRule.SyncFacts;
import java.util.ArrayList;
import java.util.List;

/** The synchronization choices a correct {@link SyncRule} must make, each with the reason. */
public final class SyncRuleCases {

    private SyncRuleCases() {
    }

    public record Case(SyncFacts facts, SyncChoice expected, String why) {
    }

    private static long z(long epoch, long counter) {
        return Zxid.make(epoch, counter);
    }

    /** The leader's committed log in memory: 1.3 1.4 1.5 1.7 (1.6 never reached it) 2.1 2.2 */
    private static final List<Long> LOG = List.of(z(1, 3), z(1, 4), z(1, 5), z(1, 7), z(2, 1), z(2, 2));

    private static SyncFacts facts(long peer) {
        return new SyncFacts(peer, z(1, 3), z(2, 2), LOG);
    }

    public static List<Case> all() {
        return List.of(
                new Case(facts(z(2, 2)), new SyncChoice.Diff(), "peerLastZxid == maxCommittedLog: an empty DIFF"),
                new Case(facts(z(1, 4)), new SyncChoice.Diff(), "peerLastZxid is one of the proposals in memory: DIFF sends the rest"),
                new Case(facts(z(1, 3)), new SyncChoice.Diff(), "peerLastZxid == minCommittedLog is still inside the range: DIFF"),
                new Case(facts(z(2, 0)), new SyncChoice.Diff(), "the bare start of epoch 2 (no proposal) inside the range: DIFF"),
                new Case(facts(z(2, 5)), new SyncChoice.Trunc(z(2, 2)), "beyond maxCommittedLog: the learner logged proposals never committed; TRUNC to maxCommittedLog"),
                new Case(facts(z(1, 6)), new SyncChoice.TruncDiff(z(1, 5)), "inside the range but not ours: TRUNC to the last zxid we share (1.5), then DIFF"),
                new Case(facts(z(1, 9)), new SyncChoice.TruncDiff(z(1, 7)),
                        "1.9 is not ours (the learner led epoch 1 and was cut off): TRUNC to 1.7, the last zxid we share, then DIFF 2.1 and 2.2"),
                new Case(facts(z(1, 1)), new SyncChoice.Snap(), "below minCommittedLog: the proposals it lacks are no longer in memory, SNAP"),
                new Case(new SyncFacts(-1, z(1, 3), z(2, 2), LOG), new SyncChoice.Snap(), "an empty learner (peerLastZxid -1): SNAP"),
                new Case(new SyncFacts(z(1, 2), z(1, 2), z(1, 2), List.of()), new SyncChoice.Diff(),
                        "no proposals in memory, learner at our last zxid: an empty DIFF"),
                new Case(new SyncFacts(z(1, 1), z(1, 2), z(1, 2), List.of()), new SyncChoice.Snap(),
                        "no proposals in memory, learner behind: SNAP"));
    }

    public static List<String> check(SyncRule rule) {
        List<String> out = new ArrayList<>();
        for (Case c : all()) {
            SyncChoice got;
            try {
                got = rule.choose(c.facts());
            } catch (RuntimeException e) {
                out.add(show(c.facts()) + ": threw " + e);
                continue;
            }
            if (!c.expected().equals(got)) {
                out.add(show(c.facts()) + ": expected " + show(c.expected()) + ", got " + show(got) + " (" + c.why() + ")");
            }
        }
        return out;
    }

    static String show(SyncFacts f) {
        return "peerLastZxid=" + Zxid.hex(f.peerLastZxid()) + " minCommittedLog=" + Zxid.hex(f.minCommittedLog())
                + " maxCommittedLog=" + Zxid.hex(f.maxCommittedLog());
    }

    public static String show(SyncChoice c) {
        if (c == null) {
            return "null";
        } else if (c instanceof SyncChoice.Trunc t) {
            return "TRUNC to " + Zxid.hex(t.zxid());
        } else if (c instanceof SyncChoice.TruncDiff t) {
            return "TRUNC+DIFF from " + Zxid.hex(t.zxid());
        }
        return c.mode();
    }
}
