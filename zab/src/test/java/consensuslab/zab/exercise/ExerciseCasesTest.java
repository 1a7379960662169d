package consensuslab.zab.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zab.exercise.grading.SyncRuleCases;
import consensuslab.zab.exercise.grading.VoteOrderCases;
import consensuslab.zab.solution.ReferenceSyncRule;
import consensuslab.zab.solution.ReferenceVoteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two ZAB exercises' case tables: the reference passes them all, naive rules do not. */
class ExerciseCasesTest {

    @Test
    void voteOrderReferencePassesAndNeverSwitchingFails() {
        assertEquals(List.of(), VoteOrderCases.check(new ReferenceVoteOrder()));
        List<String> skeleton = VoteOrderCases.check((received, proposed) -> false);
        assertFalse(skeleton.isEmpty());
        assertTrue(skeleton.get(0).contains("expected true, got false"), skeleton.get(0));
    }

    @Test
    void voteOrderThatComparesMyidFirstIsCaught() {
        List<String> f = VoteOrderCases.check((a, b) -> a.sid() > b.sid());
        assertTrue(f.stream().anyMatch(s -> s.contains("the higher zxid wins over a higher myid")), f.toString());
    }

    @Test
    void syncRuleReferencePassesAndAlwaysDiffFails() {
        assertEquals(List.of(), SyncRuleCases.check(new ReferenceSyncRule()));
        List<String> skeleton = SyncRuleCases.check(facts -> new SyncChoice.Diff());
        assertTrue(skeleton.stream().anyMatch(s -> s.contains("expected TRUNC to 0x200000002, got DIFF")), skeleton.toString());
    }
}
