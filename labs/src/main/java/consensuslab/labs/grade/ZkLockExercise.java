package consensuslab.labs.grade;

import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.labs.student.StudentLockRecipe;
import consensuslab.prop.FaultBounds;
import consensuslab.zab.Zab;
import consensuslab.zk.exercise.LockRecipe;
import consensuslab.zk.exercise.grading.LockRecipeCases;
import consensuslab.zk.sim.RecipeWorkload;
import consensuslab.zk.sim.ZnodeWorkload;
import consensuslab.zk.solution.ReferenceLockRecipe;
import java.util.ArrayList;
import java.util.List;

/** Lab 8: the lock recipe with ephemeral-sequential znodes, each waiter watching its predecessor. */
public final class ZkLockExercise extends Exercise<LockRecipe> {

    @Override
    public String name() {
        return "zk-lock";
    }

    @Override
    public int lab() {
        return 8;
    }

    @Override
    public String title() {
        return "the lock recipe: ephemeral-sequential znodes, each waiter watching its predecessor";
    }

    @Override
    public String skeleton() {
        return "labs/src/main/java/consensuslab/labs/student/StudentLockRecipe.java";
    }

    @Override
    public LockRecipe reference() {
        return new ReferenceLockRecipe();
    }

    @Override
    public LockRecipe student() {
        return new StudentLockRecipe();
    }

    @Override
    public Protocol<?> protocol(LockRecipe solution) {
        return Zab.with(new ZnodeWorkload(), new RecipeWorkload(solution));
    }

    @Override
    public List<Test<LockRecipe>> tests() {
        List<Test<LockRecipe>> out = new ArrayList<>();
        for (LockRecipeCases.Case c : LockRecipeCases.all()) {
            out.add(new Test<>(c.why(), r -> {
                LockRecipe.Next got = r.next("/lock", c.mine(), c.children());
                return expect(c.expected().equals(got), "next(" + c.mine() + ", " + c.children() + ") should be " + c.expected() + ", got " + got);
            }));
        }
        return out;
    }

    @Override
    public List<String> scenarios() {
        return List.of("exercises/zk-lock.json");
    }

    @Override
    public Property property() {
        return new Property(3, 4, 2_500, Params.parse("workload=recipes,recipe=lock,hold=40"),
                FaultBounds.none().crashes(2).maxDown(1).crashClients(true).horizon(1_500), null, "up to 2 crashes of servers or clients");
    }
}
