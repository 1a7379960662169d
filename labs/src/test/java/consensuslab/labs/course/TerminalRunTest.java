package consensuslab.labs.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code bin/lab run 1} driven through standard input, as with no terminal: narration, checkpoints, a question, and back. */
class TerminalRunTest {

    private static String run(String keys, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Lab.course(args, new BufferedReader(new StringReader(keys)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The block a step shows: from its header to the next prompt. */
    private static String block(String out, String header, int occurrence) {
        int at = -1;
        for (int i = 0; i < occurrence; i++) {
            at = out.indexOf(header, at + 1);
            assertTrue(at >= 0, "occurrence " + (i + 1) + " of '" + header + "' in:\n" + out);
        }
        int end = out.indexOf("\n[", at);
        int you = out.indexOf("\n  You answered", at);
        return out.substring(at, you >= 0 && you < end ? you : end);
    }

    @Test
    void narrationCheckpointsAQuestionAndBackShowsTheSameState() {
        // Enter: step 1. Enter: step 2 asks its question first; answer 2. Enter: step 3. b: back to step 2. q.
        String out = run("\n\n2\n\nb\nq\n", "run", "1");
        assertTrue(out.startsWith("Lab 1: Two-phase commit"), out);
        assertTrue(out.contains("c1 sent transaction c1.1 to the coordinator n1"), "narration of step 1:\n" + out);
        assertTrue(out.contains("? Why must a participant force its PREPARED record to disk before it votes yes?"), out);
        assertTrue(out.contains("  2) a yes is a promise to commit if told; it must survive a crash"), out);
        assertTrue(out.contains("  ✓ n2 is READY for c1.1"), "a checkpoint:\n" + out);
        assertTrue(out.contains("  You answered 2: right."), out);
        assertTrue(out.contains("  ✓ the run shows it: n2 has PREPARED c1.1 in its durable log"), out);
        assertTrue(out.contains("── step 3 of 7: phase two: the decision and its cost"), out);

        String first = block(out, "── step 2 of 7", 1);
        String again = block(out, "── step 2 of 7", 2);
        assertTrue(first.contains("  n2   up           participant   ready 1"), first);
        assertEquals(first, again, "after b the state shown is the state shown the first time");
        assertTrue(out.endsWith("Bye. To come back here: bin/lab run 1 --step 2\n"), out);
    }

    @Test
    void endOfInputQuitsAndAWrongAnswerIsAskedAgain() {
        String out = run("\nx\n7\n1\n", "run", "1");
        assertTrue(out.contains("(answer with a number from 1 to 3)"), out);
        assertTrue(out.contains("  You answered 1: not quite; the answer is 2."), out);
        assertTrue(out.endsWith("Bye. To come back here: bin/lab run 1 --step 2\n"), out);
    }

    @Test
    void startingAtAStepShowsWhatTheFullRunShowedThere() {
        String walked = run("\n\n2\n\nq\n", "run", "1");
        String jumped = run("q\n", "run", "1", "--step", "3");
        assertEquals(block(walked, "── step 3 of 7", 1), block(jumped, "── step 3 of 7", 1));
    }

    @Test
    void labsListsEveryLabWithItsTitle() {
        String out = run("", "labs");
        java.util.List<String> lines = out.lines().toList();
        assertTrue(lines.size() >= 9, "labs 0 to 8: " + out);
        assertTrue(lines.get(0).matches("0  simulator +The simulator.*"), out);
        assertTrue(lines.get(1).matches("1  2pc +Two-phase commit.*"), out);
        assertTrue(lines.get(4).matches("4  multipaxos +Multi-Paxos.*"), out);
        assertTrue(lines.get(8).matches("8  zk-recipes +Recipes on the znode service.*"), out);
        // the titles start in one column, however long a lab's slug
        int column = lines.get(0).indexOf("The simulator");
        assertEquals(column, lines.get(6).indexOf("ZAB recovery"), out);
        assertEquals(column, lines.get(1).indexOf("Two-phase commit"), out);
    }
}
