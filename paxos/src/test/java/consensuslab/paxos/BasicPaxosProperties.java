package consensuslab.paxos;

import consensuslab.core.Params;
import consensuslab.paxos.basic.BasicPaxos;
import consensuslab.prop.FaultBounds;
import consensuslab.prop.PropertyRunner;
import org.junit.jupiter.api.Test;

/**
 * Single-decree Paxos with three competing proposers under generated fault schedules (seeds
 * 1..props.seeds, 1000 by default): crashes and restarts with durable state (also at a sync point),
 * partitions, pauses, drops, duplicates and reordering, healed by 1 s. Checks agreement, validity
 * and liveness (every live server has learned within 1.5 s of the last fault).
 */
class BasicPaxosProperties {

    @Test
    void safeAndLiveUnderGeneratedFaults() {
        PropertyRunner.of(new BasicPaxos())
                .nodes(3).clients(0)
                .until(2_500)
                .params(Params.parse("proposers=3,retry=30,backoff=random,bound=1500"))
                .faults(FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.2).dups(0.1).reorders(0.2)
                        .pauses(1).syncCrashes(1).horizon(1_000).latency(30))
                .check();
    }

    /**
     * Safety does not depend on the livelock cure: with fixed retry timeouts (which may duel
     * forever) agreement and validity still hold. Liveness is not judged here (bound beyond the run).
     */
    @Test
    void safeWithFixedTimeoutsToo() {
        PropertyRunner.of(new BasicPaxos())
                .nodes(3).clients(0)
                .until(1_500)
                .params(Params.parse("proposers=3,retry=20,backoff=fixed,bound=1000000"))
                .faults(FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.2).dups(0.1).reorders(0.2)
                        .pauses(1).syncCrashes(1).horizon(1_000).latency(30))
                .check();
    }
}
