package consensuslab.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.paxos.basic.BasicPaxos;
import consensuslab.sim.SimRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dueling-proposers livelock of "Paxos Made Simple" §2.4, and its two cures.
 *
 * <p>Setup: 3 servers, n1 and n2 propose, every message takes exactly 5 ms, n2 starts 3 ms after
 * n1, and a proposer that is not chosen retries after exactly 12 ms with a higher ballot. Each
 * Prepare then lands after the other proposer's phase 1 and before its Accepts, so every Accept is
 * refused: no value is ever chosen.
 */
class DuelingProposersScenario {

    private static final BasicPaxos PAXOS = new BasicPaxos();
    private static final FaultSchedule FIXED_LATENCY = FaultSchedule.parse("latency=5-5ms");

    static SimRun.Options options(String backoff, long seed, long until) {
        return SimRun.Options.defaults(PAXOS, seed).withSize(3, 0).withUntil(until).withFaults(FIXED_LATENCY)
                .withParams(Params.parse("proposers=2,retry=12,stagger=3,backoff=" + backoff + ",bound=100000"));
    }

    static String replay(String backoff, long seed, long until) {
        return "bin/lab sim --protocol paxos --nodes 3 --clients 0 --seed " + seed + " --until " + until
                + "ms --faults \"latency=5-5ms\" --param proposers=2,retry=12,stagger=3,backoff=" + backoff;
    }

    @Test
    void fixedTimeoutsLivelockForTheWholeWindow() {
        long until = 10_000;
        Recorder rec = new Recorder();
        SimRun.Result r = SimRun.run(PAXOS, options("fixed", 1, until), List.of(rec));
        System.out.println("livelock: " + replay("fixed", 1, until));
        assertTrue(r.ok(), r.violations().toString());
        assertEquals(-1, rec.firstChosen(null, 0), "with fixed timeouts nothing should ever be chosen");
        long prepares = rec.sends("Prepare", 0, until);
        long accepts = rec.sends("Accept", 0, until);
        // both proposers keep going: a ballot every 12 ms each, each with 2 Prepares and (usually) 2 Accepts
        assertTrue(prepares >= 2 * 2 * (until / 12) * 9 / 10, "prepares: " + prepares);
        assertTrue(accepts >= prepares / 2, "phase 2 keeps being started and refused: " + accepts);
    }

    @Test
    void randomizedBackoffEndsTheDuelQuickly() {
        System.out.println("random backoff, seeds 1..20, e.g. " + replay("random", 1, 2_000));
        for (long seed = 1; seed <= 20; seed++) {
            Recorder rec = new Recorder();
            SimRun.Result r = SimRun.run(PAXOS, options("random", seed, 2_000), List.of(rec));
            assertTrue(r.ok(), r.violations() + " replay: " + replay("random", seed, 2_000));
            long t = rec.firstChosen(null, 0);
            assertTrue(t >= 0 && t < 500, "seed " + seed + ": chosen at " + t + " ms; replay: " + replay("random", seed, 2_000));
        }
    }

    @Test
    void distinguishedProposerEndsTheDuelQuickly() {
        Recorder rec = new Recorder();
        SimRun.Result r = SimRun.run(PAXOS, options("leader", 1, 2_000), List.of(rec));
        assertTrue(r.ok(), r.violations().toString());
        long t = rec.firstChosen(null, 0);
        assertTrue(t >= 0 && t < 100, "chosen at " + t + " ms; replay: " + replay("leader", 1, 2_000));
        long n2Prepares = rec.events.stream().filter(e -> e.type() == consensuslab.trace.EventType.SEND
                && "Prepare".equals(e.msgType()) && "n2".equals(e.from())).count();
        assertEquals(2, n2Prepares, "n2 sends one round of Prepares, then stands back for the distinguished proposer n1");
    }
}
