package consensuslab.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Params;
import consensuslab.paxos.basic.BasicPaxos;
import consensuslab.paxos.multi.MultiPaxos;
import consensuslab.faults.FaultSchedule;
import consensuslab.prop.FaultBounds;
import consensuslab.prop.PropertyRunner;
import consensuslab.sim.SimRun;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checkers can fail: with the planted bug {@code bug=noadopt} a proposer ignores the values
 * reported in the promises (the one rule that makes Paxos safe), and the property runner must find
 * a fault schedule on which agreement (or linearizability) breaks.
 */
class PlantedBugTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void basicPaxosWithoutAdoptingBreaksAgreement() {
        Optional<PropertyRunner.Failure> f = PropertyRunner.of(new BasicPaxos()).nodes(3).clients(0).until(2_500)
                .params(Params.parse("proposers=3,retry=30,backoff=random,bound=1500,bug=noadopt"))
                .faults(FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.2).dups(0.1).reorders(0.2).horizon(1_000))
                .seeds(300).out(QUIET).search();
        assertTrue(f.isPresent(), "300 seeds should expose the planted bug");
        System.out.println("planted bug found: " + f.get().violations() + "\n  " + f.get().command());
        assertTrue(f.get().violations().stream().anyMatch(v -> v.checker().equals("agreement")), f.get().violations().toString());
    }

    @Test
    void multiPaxosWithoutAdoptingIsCaught() {
        Optional<PropertyRunner.Failure> f = PropertyRunner.of(new MultiPaxos()).nodes(3).clients(2).until(5_000)
                .params(Params.parse("ops=4,keys=2,snapshot=4,bound=3000,bug=noadopt"))
                .faults(FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.2).dups(0.1).reorders(0.2).horizon(2_000))
                .seeds(300).out(QUIET).search();
        assertTrue(f.isPresent(), "300 seeds should expose the planted bug");
        System.out.println("planted bug found: " + f.get().violations() + "\n  " + f.get().command());
        assertTrue(f.get().violations().stream().anyMatch(v -> v.checker().equals("agreement") || v.checker().equals("linearizability")),
                f.get().violations().toString());
    }

    /** Reads answered from any replica's local state instead of through the log: stale reads. */
    @Test
    void readsOutsideTheLogAreNotLinearizable() {
        Optional<PropertyRunner.Failure> f = PropertyRunner.of(new MultiPaxos()).nodes(3).clients(3).until(5_000)
                .params(Params.parse("ops=6,keys=1,snapshot=4,bound=3000,bug=staleread"))
                .faults(FaultBounds.none().crashes(1).maxDown(1).partitions(1).drops(0.2).dups(0.1).reorders(0.2).horizon(2_000))
                .seeds(300).out(QUIET).search();
        assertTrue(f.isPresent(), "300 seeds should expose the planted bug");
        System.out.println("planted bug found: " + f.get().violations() + "\n  " + f.get().command());
        assertTrue(f.get().violations().stream().anyMatch(v -> v.checker().equals("linearizability")), f.get().violations().toString());
    }

    /**
     * Durability matters: n1 and n3 choose v1 while n2 is cut off; n3 crashes and restarts, n1
     * crashes, the partition heals and n2 proposes. An acceptor that synced its acceptance
     * reports v1 in its promise, so n2 proposes v1 again; with {@code bug=nosync} n3 has forgotten
     * it, n2's v2 is chosen, and agreement breaks.
     */
    @Test
    void acceptorsThatReplyBeforeSyncingBreakAgreement() {
        String faults = "latency=5-5ms; partition@0ms n1,n3|n2; crash n3@50ms; restart n3@60ms; crash n1@70ms; heal@80ms";
        String params = "proposers=2,stagger=200,retry=50";
        SimRun.Options o = SimRun.Options.defaults(new BasicPaxos(), 1).withSize(3, 0).withUntil(2_000)
                .withFaults(FaultSchedule.parse(faults));
        Recorder good = new Recorder();
        SimRun.Result ok = SimRun.run(new BasicPaxos(), o.withParams(Params.parse(params)), List.of(good));
        assertTrue(ok.ok(), ok.violations().toString());
        assertEquals("v1", TraceAssert.chosenValue(good, 0));
        assertTrue(good.firstChosen("n2", 0) > 200, "n2 learned v1 after the heal");
        SimRun.Result bad = SimRun.run(new BasicPaxos(), o.withParams(Params.parse(params + ",bug=nosync")), List.of());
        assertTrue(bad.violations().stream().anyMatch(v -> v.checker().equals("agreement")), bad.violations().toString());
        System.out.println("planted bug nosync: " + bad.violations() + "\n  bin/lab sim --protocol paxos --nodes 3 --clients 0 --seed 1"
                + " --until 2s --param " + params + ",bug=nosync --faults \"" + faults + "\"");
    }

    /**
     * The same for Multi-Paxos: n1 (leader) and n3 choose c1's commands while n2 and c2 are cut
     * off; n3 restarts, n1 crashes, the partition heals. With synced acceptors the new leader
     * finds c1's commands in phase 1 and keeps them; with {@code bug=nosync} it reuses their slots.
     */
    @Test
    void multiPaxosAcceptorsThatReplyBeforeSyncingBreakAgreement() {
        String faults = "latency=5-5ms; partition@0ms n1,n3,c1|n2,c2; crash n3@400ms; restart n3@410ms; crash n1@420ms; heal@430ms";
        String params = "ops=2,bound=1000";
        SimRun.Options o = SimRun.Options.defaults(new MultiPaxos(), 1).withSize(3, 2).withUntil(3_000)
                .withFaults(FaultSchedule.parse(faults));
        SimRun.Result ok = SimRun.run(new MultiPaxos(), o.withParams(Params.parse(params)), List.of());
        assertTrue(ok.ok(), ok.violations().toString());
        SimRun.Result bad = SimRun.run(new MultiPaxos(), o.withParams(Params.parse(params + ",bug=nosync")), List.of());
        assertTrue(bad.violations().stream().anyMatch(v -> v.checker().equals("agreement")), bad.violations().toString());
        System.out.println("planted bug nosync: " + bad.violations() + "\n  bin/lab sim --protocol multipaxos --nodes 3 --clients 2"
                + " --seed 1 --until 3s --param " + params + ",bug=nosync --faults \"" + faults + "\"");
    }
}
