package consensuslab.labs.grade;

import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.labs.student.StudentVoteOrder;
import consensuslab.prop.FaultBounds;
import consensuslab.zab.ZabRules;
import consensuslab.zab.exercise.VoteOrder;
import consensuslab.zab.exercise.grading.VoteOrderCases;
import consensuslab.zab.solution.ReferenceVoteOrder;
import consensuslab.zk.sim.ZnodeWorkload;
import java.util.ArrayList;
import java.util.List;

/** Lab 5: fast leader election's vote comparison (ZooKeeper's totalOrderPredicate). */
public final class FleVoteExercise extends Exercise<VoteOrder> {

    @Override
    public String name() {
        return "fle-vote";
    }

    @Override
    public int lab() {
        return 5;
    }

    @Override
    public String title() {
        return "fast leader election's vote order on (epoch, zxid, myid)";
    }

    @Override
    public String skeleton() {
        return "labs/src/main/java/consensuslab/labs/student/StudentVoteOrder.java";
    }

    @Override
    public VoteOrder reference() {
        return new ReferenceVoteOrder();
    }

    @Override
    public VoteOrder student() {
        return new StudentVoteOrder();
    }

    @Override
    public Protocol<?> protocol(VoteOrder solution) {
        return ZnodeWorkload.protocol().using(ZabRules.reference().with(solution));
    }

    @Override
    public List<Test<VoteOrder>> tests() {
        List<Test<VoteOrder>> out = new ArrayList<>();
        for (VoteOrderCases.Case c : VoteOrderCases.all()) {
            out.add(new Test<>(c.why(), o -> {
                boolean got = o.beats(c.received(), c.proposed());
                return expect(got == c.beats(), "beats(" + c.received() + ", " + c.proposed() + ") should be " + c.beats() + ", got " + got);
            }));
        }
        return out;
    }

    @Override
    public List<String> scenarios() {
        return List.of("labs/5-fle.json");
    }

    @Override
    public Property property() {
        return new Property(3, 1, 2_500, Params.parse("ops=20"),
                FaultBounds.none().crashes(2).maxDown(1).partitions(1).horizon(1_500), null, "up to 2 crashes and a partition");
    }
}
