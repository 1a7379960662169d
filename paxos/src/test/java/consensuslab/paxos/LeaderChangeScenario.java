package consensuslab.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.check.Checker;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.paxos.multi.Command;
import consensuslab.paxos.multi.MultiPaxos;
import consensuslab.paxos.multi.MultiPaxosMessage;
import consensuslab.paxos.multi.MultiPaxosState;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Multi-Paxos leader changes, gap filling, catch-up and compaction, driven step by step. */
class LeaderChangeScenario {

    private static final MultiPaxos MP = new MultiPaxos();
    private static final NodeId N1 = NodeId.server(1);
    private static final NodeId N2 = NodeId.server(2);
    private static final NodeId N3 = NodeId.server(3);

    private static Simulator<MultiPaxosMessage> sim(String params, Recorder rec, List<Checker> checkers) {
        SimRun.Options o = SimRun.Options.defaults(MP, 1).withSize(3, 3).withParams(Params.parse(params))
                .withFaults(FaultSchedule.parse("latency=5-5ms"));
        Simulator<MultiPaxosMessage> sim = SimRun.build(MP, o);
        sim.addListener(rec);
        checkers.forEach(sim::addListener);
        return sim;
    }

    private static MultiPaxosState state(Simulator<MultiPaxosMessage> sim, NodeId n) {
        return (MultiPaxosState) sim.state(n);
    }

    private static Command put(int client, String key, String value) {
        return new Command("c" + client, 1, "put", key, value, null);
    }

    /**
     * n1 leads and proposes slots 0, 1, 2; every Accept for slot 1 is lost and n1 crashes before
     * hearing back. The next leader runs phase 1 over the open slots: it re-proposes slots 0 and 2
     * (accepted by n2 and n3) and fills slot 1 with a no-op. n1 comes back and catches up to the
     * same log.
     */
    @Test
    void newLeaderReproposesAndFillsGapsWithNoops() {
        Recorder rec = new Recorder();
        // injected requests are not client invocations, so validity does not apply here
        List<Checker> checkers = MP.checkers(Params.EMPTY, 3, 3).stream().filter(c -> !c.name().equals("validity")).toList();
        Simulator<MultiPaxosMessage> sim = sim("ops=0", rec, checkers);
        sim.runUntil(100);
        assertEquals("leader", state(sim, N1).role());
        for (int c = 1; c <= 3; c++) {
            sim.inject(NodeId.client(c), N1, new MultiPaxosMessage.Request(1, put(c, "k", "v" + c)));
        }
        sim.runUntil(105); // requests arrive at n1, which sends Accepts for slots 0, 1, 2
        int dropped = 0;
        for (TraceEvent e : List.copyOf(rec.events)) {
            if (e.type() == EventType.SEND && e.msg() instanceof MultiPaxosMessage.Accept a && a.slot() == 1) {
                sim.dropInFlight(e.id());
                dropped++;
            }
        }
        assertEquals(2, dropped);
        sim.runUntil(110); // Accepts for slots 0 and 2 arrive at n2 and n3
        sim.crash(N1); // before the Accepted replies arrive
        assertTrue(sim.runUntil(s -> "leader".equals(state(s, N2).role()) || "leader".equals(state(s, N3).role()), 2_000),
                "a new leader within 2 s");
        NodeId leader = "leader".equals(state(sim, N2).role()) ? N2 : N3;
        String note = rec.events.stream().filter(e -> e.type() == EventType.NOTE && leader.name().equals(e.node())
                && e.text().startsWith("leader")).reduce((a, b) -> b).orElseThrow().text();
        assertTrue(note.endsWith("slots 0..2 re-proposed 2, no-ops 1"), note);
        sim.runUntil(sim.now() + 200);
        assertEquals(List.of("c1#1 put k v1", Command.NOOP, "c3#1 put k v3"),
                state(sim, leader).log().stream().limit(3).map(consensuslab.paxos.LogEntry::command).toList());
        assertEquals(3, state(sim, leader).commitIndex());
        sim.restart(N1);
        sim.runUntil(sim.now() + 500);
        assertEquals(3, state(sim, N1).commitIndex(), "n1 caught up");
        assertEquals(state(sim, leader).kv(), state(sim, N1).kv());
        assertEquals("v3", state(sim, N1).kv().get("k"));
        for (Checker c : checkers) {
            c.finish(sim.now());
            assertEquals(List.of(), c.violations());
        }
    }

    /**
     * Leader failure detection and catch-up through a snapshot: n1 leads, clients run, n3 is
     * crashed while many slots are chosen and compacted (snapshot every 4 slots). Then n3 restarts
     * as n1 crashes: n2 notices the missing heartbeats and takes over, and n3, whose log the
     * others have compacted away, is brought up to date with a snapshot. Clients only append, so
     * the final values show every operation applied exactly once despite retries.
     */
    @Test
    void leaderCrashIsDetectedAndARestartedReplicaCatchesUpFromASnapshot() {
        Recorder rec = new Recorder();
        List<Checker> checkers = MP.checkers(Params.parse("bound=2000"), 3, 3);
        Simulator<MultiPaxosMessage> sim = sim("ops=30,snapshot=4,mix=append", rec, checkers);
        sim.runUntil(200);
        assertEquals("leader", state(sim, N1).role());
        sim.crash(N3);
        sim.runUntil(1_000);
        long commitBefore = state(sim, N1).commitIndex();
        assertTrue(commitBefore > 12, "slots chosen while n3 was down: " + commitBefore);
        assertTrue(state(sim, N1).snapshotSlot() >= 8, "the leader compacted its log");
        assertTrue(sim.storage(N1).readString("acceptor.log").lines().count() < commitBefore, "the acceptor log was truncated");
        sim.restart(N3);
        sim.crash(N1);
        long crashedAt = sim.now();
        assertTrue(sim.runUntil(s -> "leader".equals(state(s, N2).role()) || "leader".equals(state(s, N3).role()), crashedAt + 2_000));
        long detected = sim.now() - crashedAt;
        assertTrue(detected < 700, "failure detected and a new leader elected in " + detected + " ms");
        sim.runUntil(sim.now() + 3_000);
        assertTrue(rec.events.stream().anyMatch(e -> e.type() == EventType.NOTE && "n3".equals(e.node())
                && e.text().startsWith("installed snapshot")), "n3 installed a snapshot");
        assertEquals(state(sim, N2).commitIndex(), state(sim, N3).commitIndex());
        assertEquals(state(sim, N2).kv(), state(sim, N3).kv());
        long returns = rec.events.stream().filter(e -> e.type() == EventType.RETURN).count();
        assertEquals(90, returns, "every operation of every client completed");
        // exactly once: every append of every client appears exactly once in the store
        String all = String.join("|", state(sim, N2).kv().values());
        for (int c = 1; c <= 3; c++) {
            for (int s = 1; s <= 30; s++) {
                String token = "c" + c + "." + s;
                int count = all.split(java.util.regex.Pattern.quote(token) + "(?![0-9])", -1).length - 1;
                assertEquals(1, count, token + " appended once in " + all);
            }
        }
        for (Checker c : checkers) {
            c.finish(sim.now());
            assertEquals(List.of(), c.violations());
        }
    }

}
