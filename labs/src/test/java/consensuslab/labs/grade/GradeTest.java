package consensuslab.labs.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import consensuslab.labs.cli.Args;
import consensuslab.paxos.Ballot;
import consensuslab.paxos.basic.Acceptor.AcceptorRecord;
import consensuslab.paxos.basic.AcceptorRules;
import consensuslab.paxos.multi.MultiPaxosMessage.AcceptedEntry;
import consensuslab.paxos.multi.SlotRecovery;
import consensuslab.paxos.reference.ReferenceSlotRecovery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every exercise fails on its skeleton and passes on its reference, through {@code bin/lab grade}; and real mistakes are caught. */
class GradeTest {

    private record Outcome(int code, String out) {
    }

    private static Outcome lab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Lab.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> skeletonFailsReferencePasses() {
        return Exercises.all().stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> {
            Outcome skeleton = lab("grade", e.name(), "--seeds", "5");
            assertEquals(1, skeleton.code(), skeleton.out());
            assertTrue(skeleton.out().contains("score: 0/"), "every test fails on the skeleton:\n" + skeleton.out());
            assertTrue(!skeleton.out().contains("  PASS  "), skeleton.out());

            Outcome reference = lab("grade", e.name(), "--solution", "reference", "--seeds", "20");
            assertEquals(0, reference.code(), reference.out());
            assertTrue(reference.out().contains("(full marks)"), reference.out());
            assertTrue(!reference.out().contains("  FAIL  "), reference.out());
        }));
    }

    @Test
    void aFailingScheduleReplaysWithThePrintedCommand() {
        Outcome skeleton = lab("grade", "paxos-acceptor", "--seeds", "3");
        String line = skeleton.out().lines().filter(l -> l.contains("FAIL  property")).findFirst().orElseThrow();
        String replay = line.substring(line.indexOf("replay: bin/lab ") + "replay: bin/lab ".length());
        Outcome again = lab(Args.shellWords(replay).toArray(new String[0]));
        assertEquals(1, again.code(), again.out());
        assertTrue(again.out().contains("VIOLATION protocol-error"), again.out());
        Outcome reference = lab("grade", "paxos-acceptor", "--solution", "reference", "--seed", "1", "--faults", "");
        assertEquals(0, reference.code(), reference.out());
    }

    /** An acceptor that accepts whatever it is sent (no promise check) lets two values be chosen. */
    @Test
    void anAcceptorThatIgnoresItsPromiseIsCaught() {
        AcceptorRules sloppy = new AcceptorRules() {
            @Override
            public Decision onPrepare(AcceptorRecord s, Ballot b) {
                return b.compareTo(s.promised()) < 0 ? Decision.ignore(s) : Decision.reply(new AcceptorRecord(b, s.acceptedBallot(), s.acceptedValue()));
            }

            @Override
            public Decision onAccept(AcceptorRecord s, Ballot b, String value) {
                return Decision.reply(new AcceptorRecord(s.promised(), b, value));
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Grader.Score score = Grader.grade(new PaxosAcceptorExercise(), sloppy, "sloppy", 100, new PrintStream(out, true, StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(!score.full(), o);
        assertTrue(o.contains("FAIL  test an Accept below the promise is refused"), o);
        assertTrue(o.contains("FAIL  property"), "the fault schedules find it too:\n" + o);
    }

    /** A leader that re-proposes the lowest-ballot report instead of the highest is caught. */
    @Test
    void aLeaderThatAdoptsTheWrongReportIsCaught() {
        SlotRecovery lowest = (start, maxChosen, promises, chosen) -> {
            List<List<AcceptedEntry>> flipped = promises.stream()
                    .map(l -> l.stream().map(e -> new AcceptedEntry(e.slot(), new Ballot(1_000_000 - e.ballot().round(), e.ballot().proposer()), e.command())).toList())
                    .toList();
            return new ReferenceSlotRecovery().recover(start, maxChosen, flipped, chosen);
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Grader.Score score = Grader.grade(new SlotRecoveryExercise(), lowest, "lowest", 20, new PrintStream(out, true, StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(!score.full(), o);
        assertTrue(o.contains("FAIL  test each slot gets the command of its highest-ballot report"), o);
    }

    @Test
    void listNamesEveryExerciseWithItsLab() {
        Outcome o = lab("grade", "--list");
        assertEquals(0, o.code());
        assertEquals("""
                2pc-recovery         lab 1  a 2PC participant rebuilds itself from its log after a crash
                paxos-acceptor       lab 3  the acceptor's promise and accept rules
                multipaxos-recovery  lab 4  a new Multi-Paxos leader's slot recovery: the Paxos rule per slot, no-ops in the gaps
                fle-vote             lab 5  fast leader election's vote order on (epoch, zxid, myid)
                zab-sync             lab 6  the leader's choice of DIFF, TRUNC, TRUNC+DIFF or SNAP for a learner
                zk-lock              lab 8  the lock recipe: ephemeral-sequential znodes, each waiter watching its predecessor
                """, o.out());
        Outcome bad = lab("grade", "nope");
        assertEquals(2, bad.code());
        assertTrue(bad.out().startsWith("lab: no exercise 'nope' (known: 2pc-recovery, paxos-acceptor, multipaxos-recovery, fle-vote, zab-sync, zk-lock)"), bad.out());
    }
}
