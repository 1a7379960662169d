package consensuslab.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.faults.FaultSchedule;
import consensuslab.paxos.basic.BasicPaxos;
import consensuslab.paxos.multi.MultiPaxos;
import consensuslab.sim.SimRun;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceReader;
import consensuslab.trace.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkers give the same verdict over a trace read back from JSON lines as they gave live. */
class TraceReplayTest {

    private static List<String> replay(Protocol<?> p, SimRun.Options o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TraceWriter w = new TraceWriter(bytes);
        SimRun.Result live = SimRun.run(p, o, List.of(w));
        w.close();
        List<TraceEvent> events = TraceReader.read(bytes.toString(StandardCharsets.UTF_8), "test");
        List<Checker> checkers = p.checkers(o.params(), o.nodes(), o.clients());
        for (TraceEvent e : events) {
            checkers.forEach(c -> c.onEvent(e));
        }
        List<String> fromFile = new ArrayList<>();
        for (Checker c : checkers) {
            c.finish(o.until());
            c.violations().stream().map(Violation::checker).forEach(fromFile::add);
        }
        assertEquals(live.violations().stream().map(Violation::checker).toList(), fromFile, "same verdict live and from the file");
        return fromFile;
    }

    @Test
    void multiPaxosVerdictsSurviveTheFile() {
        MultiPaxos mp = new MultiPaxos();
        SimRun.Options good = SimRun.Options.defaults(mp, 3).withSize(3, 2).withUntil(5_000)
                .withParams(Params.parse("ops=6,snapshot=3")).withFaults(FaultSchedule.parse("drop=0.2; crash n1@300ms; restart n1@800ms"));
        assertEquals(List.of(), replay(mp, good));
        SimRun.Options bad = SimRun.Options.defaults(mp, 9).withSize(3, 2).withUntil(5_000)
                .withParams(Params.parse("bound=3000,bug=noadopt,keys=2,ops=4,snapshot=4"))
                .withFaults(FaultSchedule.parse("partition@130ms n1,c1|n2,n3"));
        assertTrue(replay(mp, bad).contains("agreement"));
    }

    @Test
    void basicPaxosVerdictsSurviveTheFile() {
        BasicPaxos bp = new BasicPaxos();
        SimRun.Options bad = SimRun.Options.defaults(bp, 8).withSize(3, 0).withUntil(2_500)
                .withParams(Params.parse("backoff=random,bound=1500,bug=noadopt,proposers=3,retry=30"))
                .withFaults(FaultSchedule.parse("crash n1@60ms; restart n1@430ms"));
        assertTrue(replay(bp, bad).contains("agreement"));
        SimRun.Options good = bad.withParams(Params.parse("proposers=3,retry=30"));
        assertEquals(List.of(), replay(bp, good));
    }
}
