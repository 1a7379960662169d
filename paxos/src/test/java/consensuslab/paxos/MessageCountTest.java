package consensuslab.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.paxos.basic.BasicPaxos;
import consensuslab.paxos.multi.MultiPaxos;
import consensuslab.sim.SimRun;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failure-free message and delay counts, measured from the trace with every message taking
 * exactly 10 ms (so elapsed time / 10 = message delays), against the formulas in docs/paxos.md.
 * A proposer's messages to its own acceptor and learner stay inside the node and are not counted.
 */
class MessageCountTest {

    private static final long L = 10;

    /** Basic Paxos, one proposer: 4(n-1) messages and 4 delays to choose; +(n-1) Chosen, 5 delays, for all learners. */
    @ParameterizedTest
    @ValueSource(ints = {3, 5, 7})
    void basicPaxos(int n) {
        Recorder rec = new Recorder();
        SimRun.Options o = SimRun.Options.defaults(new BasicPaxos(), 1).withSize(n, 0).withUntil(1000)
                .withFaults(FaultSchedule.parse("latency=10-10ms")).withParams(Params.parse("proposers=1"));
        SimRun.Result r = SimRun.run(new BasicPaxos(), o, List.of(rec));
        assertEquals(List.of(), r.violations());
        assertEquals(n - 1, rec.sends("Prepare", 0, 1000));
        assertEquals(n - 1, rec.sends("Promise", 0, 1000));
        assertEquals(n - 1, rec.sends("Accept", 0, 1000));
        assertEquals(n - 1, rec.sends("Accepted", 0, 1000));
        assertEquals(n - 1, rec.sends("Chosen", 0, 1000));
        assertEquals(5L * (n - 1), rec.sends(null, 0, 1000), "total = 5(n-1)");
        assertEquals(4, rec.firstChosen("n1", 0) / L, "the proposer's learner learns after 4 delays");
        long last = 0;
        for (int i = 1; i <= n; i++) {
            last = Math.max(last, rec.firstChosen("n" + i, 0));
        }
        assertEquals(5, last / L, "every learner knows after 5 delays");
    }

    /**
     * Multi-Paxos steady state, one client: per command 1 Request + (n-1) Accept + (n-1) Accepted +
     * 1 Reply = 2n messages; 2 delays from the leader's Accept to its learner, 4 for the client.
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void multiPaxosSteadyState(int n) {
        Recorder rec = new Recorder();
        SimRun.Options o = SimRun.Options.defaults(new MultiPaxos(), 1).withSize(n, 1).withUntil(5000)
                .withFaults(FaultSchedule.parse("latency=10-10ms")).withParams(Params.parse("ops=12,heartbeat=1000"));
        SimRun.Result r = SimRun.run(new MultiPaxos(), o, List.of(rec));
        assertEquals(List.of(), r.violations());
        List<TraceEvent> invokes = rec.events.stream().filter(e -> e.type() == EventType.INVOKE).toList();
        List<TraceEvent> returns = rec.events.stream().filter(e -> e.type() == EventType.RETURN).toList();
        assertEquals(12, returns.size());
        for (int k = 2; k < 12; k++) { // ops 3..12: the leader is established
            long from = invokes.get(k).time();
            long to = returns.get(k).time();
            assertEquals(4, (to - from) / L, "client round trip of op " + (k + 1));
            assertEquals(1, rec.sends("Request", from, to - 1));
            assertEquals(n - 1, rec.sends("Accept", from, to - 1));
            assertEquals(n - 1, rec.sends("Accepted", from, to - 1));
            assertEquals(1, rec.sends("Reply", from, to - 1));
            assertEquals(0, rec.sends("Prepare", from, to - 1), "a stable leader skips phase 1");
            assertEquals(2L * n, rec.sends(null, from, to - 1) - rec.sends("Heartbeat", from, to - 1));
            long acceptAt = rec.events.stream().filter(e -> e.type() == EventType.SEND && "Accept".equals(e.msgType())
                    && e.time() >= from).findFirst().orElseThrow().time();
            assertEquals(2, (to - L - acceptAt) / L, "leader: Accept to chosen");
        }
    }
}
