package consensuslab.prop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.faults.Fault;
import consensuslab.faults.FaultSchedule;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The property runner finds, shrinks and replays a planted bug, and passes a correct protocol. */
class PropertyRunnerTest {

    private static final FaultBounds NETWORK_AND_CRASHES =
            FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.1).dups(0.05).horizon(1_500);

    private static PropertyRunner buggyEcho(ByteArrayOutputStream sink) {
        return PropertyRunner.of(new Echo()).nodes(3).clients(2).until(3_000)
                .params(Params.parse("bug=nosync,ops=20")).shrinkParam("ops")
                .faults(NETWORK_AND_CRASHES)
                .seeds(200).firstSeed(1)
                .out(new PrintStream(sink, true, StandardCharsets.UTF_8));
    }

    @Test
    void plantedDurabilityBugIsFoundShrunkToOneCrashAndRestartAndReplayed() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PropertyRunner runner = buggyEcho(sink);
        Optional<PropertyRunner.Failure> found = runner.search();
        assertTrue(found.isPresent(), "the nosync bug was not found in 200 seeds");
        PropertyRunner.Failure f = found.get();
        System.out.println("planted bug found as expected, seed " + f.seed() + ", minimal schedule \"" + f.minimal()
                + "\"; replay: " + f.command());

        // Shrunk to exactly: crash X; restart X (in that order), nothing else.
        List<Fault> min = f.minimal().faults();
        assertEquals(2, min.size(), "minimal schedule: " + f.minimal());
        Fault.NodeFault crash = (Fault.NodeFault) min.get(0);
        Fault.NodeFault restart = (Fault.NodeFault) min.get(1);
        assertEquals(Fault.NodeFault.Action.CRASH, crash.action(), f.minimal().toString());
        assertEquals(Fault.NodeFault.Action.RESTART, restart.action(), f.minimal().toString());
        assertEquals(crash.node(), restart.node());
        assertTrue(crash.at() < restart.at());
        assertTrue(f.original().faults().size() >= 2);
        assertTrue(f.original().faults().containsAll(min), "shrinking only removes faults");
        // The workload shrank too, and the result is 1-minimal: dropping either fault makes the run pass.
        assertTrue(f.params().getInt("ops", 99) < 20, "ops not shrunk: " + f.params());
        assertFalse(runner.run(f.seed(), f.minimal(), f.params()).ok());
        assertTrue(runner.run(f.seed(), new FaultSchedule(List.of(crash)), f.params()).ok());
        assertTrue(runner.run(f.seed(), new FaultSchedule(List.of(restart)), f.params()).ok());
        assertEquals("served-never-decreases", f.violations().get(0).checker());

        // check() prints the same report it throws, and the report holds the seed, the schedule and the command.
        AssertionError thrown = assertThrows(AssertionError.class, runner::check);
        String printed = sink.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(thrown.getMessage()), printed);
        assertTrue(thrown.getMessage().contains("seed " + f.seed()));
        assertTrue(thrown.getMessage().contains(f.minimal().toString()));
        String line = thrown.getMessage().lines().filter(l -> l.contains("bin/lab sim")).findFirst().orElseThrow();
        String command = line.substring(line.indexOf("bin/lab sim"));
        assertEquals(f.command(), command);
    }

    @Test
    void correctEchoPassesEveryFaultKind() {
        int seeds = Math.max(200, Integer.getInteger("props.seeds", 200));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PropertyRunner.Summary s = PropertyRunner.of(new Echo()).nodes(3).clients(2).until(3_000)
                .params(Params.parse("ops=20"))
                .faults(FaultBounds.none().crashes(2).maxDown(1).partitions(2).drops(0.2).dups(0.1).reorders(0.2)
                        .pauses(2).syncCrashes(1).latency(20).crashClients(true).horizon(1_500))
                .seeds(seeds)
                .out(new PrintStream(sink, true, StandardCharsets.UTF_8))
                .check();
        assertEquals(seeds, s.seeds());
        assertTrue(sink.toString(StandardCharsets.UTF_8).startsWith("property ok: echo, " + seeds + " seed(s)"));
    }

    @Test
    void tornWritesAndSyncCrashesDoNotBreakCorrectEcho() {
        PropertyRunner.of(new Echo()).nodes(3).clients(2).until(2_000).torn(true)
                .params(Params.parse("ops=10"))
                .faults(FaultBounds.none().crashes(1).syncCrashes(2).maxDown(1).horizon(1_000))
                .seeds(200)
                .out(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .check();
    }

    /** An extra checker that every run violates: counts as a failure, shrinks to the empty schedule. */
    @Test
    void extraCheckersJudgeRunsAndAnAlwaysFailingPropertyShrinksToNothing() {
        PropertyRunner runner = PropertyRunner.of(new Echo()).nodes(3).clients(1).until(1_000)
                .params(Params.parse("ops=3"))
                .faults(NETWORK_AND_CRASHES.horizon(800))
                .extraCheckers(() -> List.of(new AtMostOnePing()))
                .seeds(5);
        PropertyRunner.Failure f = runner.search().orElseThrow();
        assertEquals(1, f.seed());
        assertEquals(List.of(), f.minimal().faults());
        assertEquals("at-most-one-ping", f.violations().get(0).checker());
        assertTrue(f.command().endsWith("--faults \"\""), f.command());
    }

    @Test
    void seedsComeFromTheBuilderOrTheSystemProperties() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("props.seed") == null
                && System.getProperty("props.firstSeed") == null);
        PropertyRunner r = PropertyRunner.of(new Echo()).seeds(3).firstSeed(10);
        assertEquals(List.of(10L, 11L, 12L), boxed(r.seedList()));
        System.setProperty("props.seed", "77");
        try {
            assertEquals(List.of(77L), boxed(r.seedList()));
        } finally {
            System.clearProperty("props.seed");
        }
        System.setProperty("props.firstSeed", "5");
        try {
            assertEquals(List.of(5L, 6L, 7L), boxed(r.seedList()));
        } finally {
            System.clearProperty("props.firstSeed");
        }
        assertEquals(Integer.getInteger("props.seeds", 1000), PropertyRunner.of(new Echo()).seedList().length);
    }

    @Test
    void clientsAreCrashedOnlyWhenAsked() {
        FaultBounds crashes = FaultBounds.none().crashes(3).pauses(2).maxDown(2).horizon(1_000);
        PropertyRunner servers = PropertyRunner.of(new Echo()).nodes(5).clients(3).until(2_000).faults(crashes);
        PropertyRunner all = PropertyRunner.of(new Echo()).nodes(5).clients(3).until(2_000).faults(crashes).crashClients(true);
        int clientFaults = 0;
        for (long seed = 1; seed <= 200; seed++) {
            for (Fault f : servers.schedule(seed).faults()) {
                assertTrue(!(f instanceof Fault.NodeFault nf) || nf.node().isServer(), f.render());
            }
            for (Fault f : all.schedule(seed).faults()) {
                if (f instanceof Fault.NodeFault nf && nf.node().isClient()) {
                    clientFaults++;
                }
            }
        }
        assertTrue(clientFaults > 0);
    }

    @Test
    void runOneIsDeterministic() {
        PropertyRunner r = buggyEcho(new ByteArrayOutputStream());
        for (long seed = 1; seed <= 20; seed++) {
            PropertyRunner.RunResult a = r.runOne(seed);
            PropertyRunner.RunResult b = r.runOne(seed);
            assertEquals(a.faults(), b.faults());
            assertEquals(a.violations(), b.violations());
            assertEquals(a.stats(), b.stats());
        }
    }

    @Test
    void badBoundsAreRejectedWithOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PropertyRunner.of(new Echo()).until(1_000).faults(FaultBounds.none().horizon(5_000)).runOne(1));
        assertTrue(e.getMessage().contains("horizon"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FaultBounds.none().drops(1.5));
        assertThrows(IllegalArgumentException.class, () -> FaultBounds.none().crashes(-1));
    }

    private static List<Long> boxed(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long x : a) {
            l.add(x);
        }
        return l;
    }


    /** Fails any run in which some client invokes more than one ping. */
    static final class AtMostOnePing implements Checker {
        private final List<Violation> violations = new ArrayList<>();
        private final Set<String> seen = new java.util.TreeSet<>();

        @Override
        public String name() {
            return "at-most-one-ping";
        }

        @Override
        public void onEvent(TraceEvent e) {
            if (e.type() == EventType.INVOKE && !seen.add(e.node()) && violations.isEmpty()) {
                violations.add(new Violation(name(), e.node() + " pinged twice", e.seq()));
            }
        }

        @Override
        public List<Violation> violations() {
            return violations;
        }
    }
}
