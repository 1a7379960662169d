package consensuslab.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Json;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.faults.FaultSchedule;
import consensuslab.paxos.basic.BasicPaxos;
import consensuslab.paxos.multi.MultiPaxos;
import consensuslab.sim.SimRun;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Same seed, same run, byte for byte: both protocols under faults. */
class DeterminismTest {

    private static String trace(Protocol<?> p, int clients, String params, String faults) {
        Recorder rec = new Recorder();
        SimRun.Options o = SimRun.Options.defaults(p, 42).withSize(3, clients).withUntil(4_000).withParams(Params.parse(params))
                .withFaults(FaultSchedule.parse(faults));
        SimRun.run(p, o, List.of(rec));
        return rec.events.stream().map(Json::string).collect(Collectors.joining("\n"));
    }

    @Test
    void multiPaxosRunsAreReproducible() {
        String faults = "drop=0.2; dup=0.1; reorder=0.3; crash n1@300ms; restart n1@900ms; partition@1s n2|n1,n3; heal@1500ms";
        String a = trace(new MultiPaxos(), 2, "ops=8,snapshot=3", faults);
        assertTrue(a.length() > 10_000);
        assertEquals(a, trace(new MultiPaxos(), 2, "ops=8,snapshot=3", faults));
    }

    @Test
    void basicPaxosRunsAreReproducible() {
        String faults = "drop=0.3; dup=0.2; crash n2@20ms; restart n2@200ms";
        assertEquals(trace(new BasicPaxos(), 0, "proposers=3", faults), trace(new BasicPaxos(), 0, "proposers=3", faults));
    }
}
