package consensuslab.zab;

import consensuslab.zab.exercise.SyncRule;
import consensuslab.zab.exercise.VoteOrder;
import consensuslab.zab.solution.ReferenceSyncRule;
import consensuslab.zab.solution.ReferenceVoteOrder;

/**
 * The two rules of the ZAB engine that labs 5 and 6 let a student write: how fast leader election
 * orders votes, and how a leader chooses to synchronize a learner. The engine runs the reference
 * rules unless a graded run plugs others in ({@link Zab#using}).
 */
public record ZabRules(VoteOrder voteOrder, SyncRule syncRule) {

    public static ZabRules reference() {
        return new ZabRules(new ReferenceVoteOrder(), new ReferenceSyncRule());
    }

    public ZabRules with(VoteOrder order) {
        return new ZabRules(order, syncRule);
    }

    public ZabRules with(SyncRule rule) {
        return new ZabRules(voteOrder, rule);
    }
}
