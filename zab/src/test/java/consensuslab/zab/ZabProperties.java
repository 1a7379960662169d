package consensuslab.zab;

import consensuslab.core.Params;
import consensuslab.prop.FaultBounds;
import consensuslab.prop.PropertyRunner;
import consensuslab.zab.check.EventuallyServingChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Zab's properties (integrity, total order, agreement, local and global primary order, primary
 * integrity, acknowledged writes in every later leader, observers never vote) and liveness after
 * the faults end, over random schedules of crashes (also at sync points, with torn writes),
 * restarts, partitions, pauses and latency: seeds 1..props.seeds (1000 by default).
 * Replay one seed: {@code mvn -q -B -o -pl zab test -Dtest=ZabProperties -Dprops.seed=S}, or the
 * {@code bin/lab sim} command printed with a failure.
 */
class ZabProperties {

    private static PropertyRunner runner(int nodes, String params, FaultBounds bounds) {
        System.out.println("ZabProperties: " + nodes + " servers, params " + params + ", faults " + bounds
                + "; replay a seed S with -Dprops.seed=S");
        return PropertyRunner.of(new Zab())
                .nodes(nodes).clients(2)
                .until(4_500)
                // liveness is judged 2.5 s after the last fault: cap the notification back-off at 400 ms
                .params(Params.parse(params + ",maxNotificationInterval=400"))
                .torn(true)
                .shrinkParam("ops")
                .extraCheckers(() -> List.of(new EventuallyServingChecker()))
                .faults(bounds);
    }

    @Test
    void threeServersWithCrashesRestartsPartitionsAndTornWrites() {
        runner(3, "ops=6,snapCount=4,commitLogCount=3",
                FaultBounds.none().crashes(3).maxDown(2).partitions(2).pauses(1).syncCrashes(1).latency(30).horizon(2_000))
                .check();
    }

    @Test
    void sevenServersWithPartitionsAndCrashes() {
        // 250 seeds (-Dprops.seeds does not apply): bigger clusters cost more per run
        runner(7, "ops=5,snapCount=4,commitLogCount=4",
                FaultBounds.none().crashes(4).maxDown(3).partitions(2).syncCrashes(1).latency(20).horizon(2_000))
                .seeds(Integer.getInteger("props.seeds7", 250))
                .check();
    }

    @Test
    void fiveServersTwoOfThemObservers() {
        runner(5, "ops=6,observers=2,snapCount=5",
                FaultBounds.none().crashes(3).maxDown(2).partitions(1).pauses(1).syncCrashes(1).latency(20).horizon(2_000))
                .check();
    }
}
