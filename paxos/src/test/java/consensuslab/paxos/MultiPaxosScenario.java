package consensuslab.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.paxos.multi.MultiPaxos;
import consensuslab.sim.SimRun;
import consensuslab.trace.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiPaxosScenario {

    static final MultiPaxos MP = new MultiPaxos();

    static SimRun.Options opts(long seed, int clients, String params, String faults, long until) {
        return SimRun.Options.defaults(MP, seed).withSize(3, clients).withUntil(until).withParams(Params.parse(params))
                .withFaults(FaultSchedule.parse(faults));
    }

    @Test
    void failureFreeRunCompletesEveryOperation() {
        Recorder rec = new Recorder();
        SimRun.Result r = SimRun.run(MP, opts(1, 2, "ops=10", "", 5000), List.of(rec));
        assertTrue(r.ok(), r.violations().toString());
        long returns = rec.events.stream().filter(e -> e.type() == EventType.RETURN).count();
        assertEquals(20, returns);
    }
}
