package consensuslab.twopc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.faults.Fault;
import consensuslab.faults.FaultSchedule;
import consensuslab.prop.FaultBounds;
import consensuslab.prop.PropertyRunner;
import consensuslab.twopc.three.ThreePhaseCommit;
import consensuslab.twopc.two.TwoPhaseCommit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property tests over generated crash/restart schedules (no partitions, no message loss): each
 * seed is one run judged by the protocol's checkers, atomicity and termination among them.
 * Seeds 1..props.seeds (1000 by default); a failure prints its seed, the shrunk schedule and the
 * {@code bin/lab sim} command that replays it. Replay one seed with {@code -Dprops.seed=S}.
 */
class CommitProperties {

    private static final Params WORK = Params.parse("txns=3");

    private static PropertyRunner runner(consensuslab.core.Protocol<?> p, int nodes, FaultBounds b) {
        return PropertyRunner.of(p).nodes(nodes).clients(2).until(4_000).params(WORK).shrinkParam("txns").faults(b);
    }

    /** 2PC: atomicity always; every transaction decided everywhere once the coordinator is back. */
    @Test
    void twoPcCrashRestartKeepsAtomicityAndFinishesOnceTheCoordinatorIsBack() {
        runner(new TwoPhaseCommit(), 4, FaultBounds.none().crashes(2).maxDown(1).horizon(1_500)).check();
    }

    /** 2PC under crashes at sync points (just before or after a forced log write), then restarts. */
    @Test
    void twoPcSyncPointCrashesKeepAtomicityAndFinish() {
        runner(new TwoPhaseCommit(), 4, FaultBounds.none().crashes(1).syncCrashes(2).maxDown(1).horizon(1_500)).check();
    }

    /**
     * 2PC's safety does not depend on timing: with crashes, sync-point crashes and message loss,
     * duplication and reordering (windows before the horizon), still atomic and, once all is
     * repaired, finished (every wait resends).
     */
    @Test
    void twoPcKeepsAtomicityAndFinishesUnderLossDuplicationAndReordering() {
        PropertyRunner.of(new TwoPhaseCommit()).nodes(4).clients(2).until(6_000).params(WORK).shrinkParam("txns")
                .faults(FaultBounds.none().crashes(2).maxDown(1).syncCrashes(1).drops(0.2).dups(0.1).reorders(0.2).horizon(2_000))
                .check();
    }

    /** 3PC: atomicity always; every transaction decided while a majority is up. */
    @Test
    void threePcCrashRestartKeepsAtomicityAndFinishes() {
        runner(new ThreePhaseCommit(), 4, FaultBounds.none().crashes(2).maxDown(1).horizon(1_500)).check();
    }

    @Test
    void threePcSyncPointCrashesKeepAtomicityAndFinish() {
        runner(new ThreePhaseCommit(), 4, FaultBounds.none().crashes(1).syncCrashes(2).maxDown(1).horizon(1_500)).check();
    }

    /**
     * 3PC is non-blocking: the coordinator n1 crashes at a random moment and never comes back,
     * while the generated schedule crashes and restarts at most one participant at a time (3 of 5
     * servers stay up). Every transaction a participant heard of must still be decided.
     */
    @Test
    void threePcFinishesWithoutItsCoordinatorWhileAMajorityIsUp() {
        PropertyRunner r = runner(new ThreePhaseCommit(), 5, FaultBounds.none().crashes(2).maxDown(1).horizon(1_500));
        long runs = 0;
        for (long seed : r.seedList()) {
            List<Fault> faults = new ArrayList<>();
            for (Fault f : r.schedule(seed).faults()) {
                boolean onN1 = (f instanceof Fault.NodeFault nf && nf.node().index() == 1 && nf.node().isServer())
                        || (f instanceof Fault.CrashAtSync cs && cs.node().index() == 1);
                if (!onN1) {
                    faults.add(f);
                }
            }
            long at = new SplittableRandom(seed).nextLong(1_500);
            faults.add(new Fault.NodeFault(Fault.NodeFault.Action.CRASH, NodeId.server(1), at));
            FaultSchedule s = new FaultSchedule(faults);
            PropertyRunner.RunResult res = r.run(seed, s, WORK);
            runs++;
            if (!res.ok()) {
                PropertyRunner.Failure f = r.shrink(res);
                System.out.println(f.report());
                throw new AssertionError(f.report());
            }
        }
        System.out.println("property ok: 3pc without its coordinator, " + runs + " seed(s), replay one with: "
                + r.command(1, FaultSchedule.parse("crash n1@500ms"), WORK));
        assertTrue(runs > 0);
    }
}
