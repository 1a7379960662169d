package consensuslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.check.Violation;
import consensuslab.labs.cli.Args;
import consensuslab.core.Registry;
import consensuslab.labs.cli.SimCommand;
import consensuslab.sim.SimRun;
import consensuslab.twopc.three.ThreePhaseCommit;
import consensuslab.twopc.two.TwoPhaseCommit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every {@code bin/lab sim} command in docs/twopc.md is parsed as the CLI parses it, run as the
 * CLI runs it, and must end as the {@code # expect:} line under it says: {@code ok}, or
 * {@code violation NAME[,NAME]} (the checkers that report).
 */
class TwoPcDocCommandsTest {

    static final Path DOC = Path.of("..", "docs", "twopc.md");

    @Test
    void everyDocumentedCommandDoesWhatTheDocSays() throws Exception {
        assertTrue(Files.exists(DOC), DOC.toAbsolutePath() + " exists");
        List<String> lines = Files.readAllLines(DOC);
        Registry reg = new Registry().add(new TwoPhaseCommit()).add(new ThreePhaseCommit());
        int checked = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.startsWith("bin/lab sim ")) {
                continue;
            }
            String expect = i + 1 < lines.size() ? lines.get(i + 1).trim() : "";
            assertTrue(expect.startsWith("# expect: "), "line " + (i + 2) + " of docs/twopc.md says what to expect of: " + line);
            expect = expect.substring("# expect: ".length()).trim();
            List<String> argv = Args.shellWords(line.substring("bin/lab sim ".length()));
            int t = argv.indexOf("--trace");
            if (t >= 0) {
                argv.remove(t + 1);
                argv.remove(t);
            }
            SimCommand.Parsed p = SimCommand.parse(argv, reg);
            SimRun.Result r = SimRun.run(p.protocol(), p.options(), List.of());
            TreeSet<String> names = new TreeSet<>();
            for (Violation v : r.violations()) {
                names.add(v.checker());
            }
            String got = names.isEmpty() ? "ok" : "violation " + String.join(",", names);
            System.out.println(line + "\n  -> " + SimCommand.summary(p.protocol().name(), r));
            r.violations().forEach(v -> System.out.println("  VIOLATION " + v));
            assertEquals(expect, got, line);
            checked++;
        }
        assertTrue(checked >= 8, "docs/twopc.md has its commands (" + checked + ")");
    }

}
