package consensuslab.paxos;

import consensuslab.core.Params;
import consensuslab.paxos.multi.MultiPaxos;
import consensuslab.prop.FaultBounds;
import consensuslab.prop.PropertyRunner;
import org.junit.jupiter.api.Test;

/**
 * Multi-Paxos under generated fault schedules (seeds 1..props.seeds, 1000 by default): crashes and
 * restarts with durable state (also at a sync point, with torn unsynced appends), partitions, pauses, drops, duplicates and
 * reordering, sometimes slower links (latency up to 30 ms), and crashed clients (which keep
 * their sequence number on disk), all healed by 2 s; the run goes on to 5 s. The protocol's checkers judge each run:
 * agreement, validity, linearizability of the clients' history, and liveness (every operation of
 * a live client answered within 3 s of the last fault). Snapshots every 4 slots, so compaction,
 * snapshot install and catch-up happen in most runs.
 */
class MultiPaxosProperties {

    @Test
    void safeAndLiveUnderGeneratedFaults() {
        PropertyRunner.of(new MultiPaxos())
                .nodes(3).clients(2)
                .until(5_000)
                .params(Params.parse("ops=4,keys=2,snapshot=4,bound=3000"))
                .shrinkParam("ops")
                .faults(FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.2).dups(0.1).reorders(0.2)
                        .pauses(1).syncCrashes(1).horizon(2_000).crashClients(true).latency(30))
                .torn(true)
                .check();
    }

    /**
     * Five replicas, up to two down at once, torn writes on crash: 200 seeds (a fifth of
     * props.seeds) to keep the build short.
     */
    @Test
    void fiveReplicasWithTwoDown() {
        PropertyRunner.of(new MultiPaxos())
                .nodes(5).clients(3)
                .until(5_000)
                .seeds(Math.max(1, Integer.getInteger("props.seeds", 1000) / 5))
                .params(Params.parse("ops=3,keys=2,snapshot=4,bound=3000"))
                .shrinkParam("ops")
                .faults(FaultBounds.none().crashes(3).maxDown(2).partitions(1).drops(0.2).dups(0.1).reorders(0.2)
                        .pauses(1).syncCrashes(1).horizon(2_000))
                .torn(true)
                .check();
    }
}
