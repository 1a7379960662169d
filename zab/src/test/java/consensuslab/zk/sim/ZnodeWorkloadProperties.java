package consensuslab.zk.sim;

import consensuslab.core.Params;
import consensuslab.prop.FaultBounds;
import consensuslab.prop.PropertyRunner;
import consensuslab.zab.check.EventuallyServingChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The znode workload ({@code workload=znode}) under random crashes (also at sync points, with torn
 * writes), restarts and partitions: every Zab checker, plus the znode-replicas checker
 * (equal tree digests at equal zxids, no session or ephemeral left after an acknowledged close),
 * plus liveness after the faults end, with pauses too (seed 708 with a pause once exposed a simulator
 * bug: messages held during a pause could be overtaken at the moment of resume; fixed in
 * Simulator.resume). 200 seeds ({@code -Dprops.seedsZnode=N} to change).
 * Replay one seed: {@code mvn -q -B -o -pl zab test -Dtest=ZnodeWorkloadProperties -Dprops.seed=S},
 * or the {@code bin/lab sim} command printed with a failure.
 */
class ZnodeWorkloadProperties {

    @Test
    void threeServersZnodeWorkloadWithCrashesPartitionsAndPauses() {
        String params = "workload=znode,ops=8,snapCount=4,commitLogCount=3,maxNotificationInterval=400";
        FaultBounds bounds = FaultBounds.none().crashes(3).maxDown(1).partitions(2).pauses(1).syncCrashes(1).latency(30).horizon(2_000);
        System.out.println("ZnodeWorkloadProperties: 3 servers, 2 clients, params " + params + ", faults " + bounds
                + "; replay a seed S with -Dprops.seed=S");
        PropertyRunner.of(ZnodeWorkload.protocol())
                .nodes(3).clients(2)
                .until(4_500)
                .params(Params.parse(params))
                .torn(true)
                .shrinkParam("ops")
                .extraCheckers(() -> List.of(new EventuallyServingChecker()))
                .faults(bounds)
                .seeds(Integer.getInteger("props.seedsZnode", 200))
                .check();
    }
}
