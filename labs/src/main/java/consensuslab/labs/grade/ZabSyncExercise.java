package consensuslab.labs.grade;

import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.labs.student.StudentSyncRule;
import consensuslab.prop.FaultBounds;
import consensuslab.zab.ZabRules;
import consensuslab.zab.exercise.SyncRule;
import consensuslab.zab.exercise.grading.SyncRuleCases;
import consensuslab.zab.solution.ReferenceSyncRule;
import consensuslab.zk.sim.ZnodeWorkload;
import java.util.ArrayList;
import java.util.List;

/** Lab 6: the leader's choice of DIFF, TRUNC, TRUNC+DIFF or SNAP. */
public final class ZabSyncExercise extends Exercise<SyncRule> {

    @Override
    public String name() {
        return "zab-sync";
    }

    @Override
    public int lab() {
        return 6;
    }

    @Override
    public String title() {
        return "the leader's choice of DIFF, TRUNC, TRUNC+DIFF or SNAP for a learner";
    }

    @Override
    public String skeleton() {
        return "labs/src/main/java/consensuslab/labs/student/StudentSyncRule.java";
    }

    @Override
    public SyncRule reference() {
        return new ReferenceSyncRule();
    }

    @Override
    public SyncRule student() {
        return new StudentSyncRule();
    }

    @Override
    public Protocol<?> protocol(SyncRule solution) {
        return ZnodeWorkload.protocol().using(ZabRules.reference().with(solution));
    }

    @Override
    public List<Test<SyncRule>> tests() {
        List<Test<SyncRule>> out = new ArrayList<>();
        for (SyncRuleCases.Case c : SyncRuleCases.all()) {
            out.add(new Test<>(c.why(), r -> {
                var got = r.choose(c.facts());
                return expect(c.expected().equals(got), "expected " + SyncRuleCases.show(c.expected()) + ", got " + SyncRuleCases.show(got));
            }));
        }
        return out;
    }

    @Override
    public List<String> scenarios() {
        return List.of("labs/6-zab-recovery.json");
    }

    @Override
    public Property property() {
        return new Property(3, 1, 3_000, Params.parse("ops=30,commitLogCount=4,snapCount=6,snapshotSizeFactor=0"),
                FaultBounds.none().crashes(2).maxDown(1).partitions(1).horizon(2_000), null, "up to 2 crashes and a partition");
    }
}
