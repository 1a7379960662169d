package consensuslab.labs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.labs.Lab;
import consensuslab.prop.FaultBounds;
import consensuslab.prop.PropertyRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The command a failing property prints replays the failure through {@code bin/lab sim}. */
class PropertyReplayTest {

    @Test
    void printedCommandReplaysThePlantedBugThroughTheCli() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PropertyRunner runner = PropertyRunner.of(new Echo()).nodes(3).clients(2).until(3_000)
                .params(Params.parse("bug=nosync,ops=20")).shrinkParam("ops")
                .faults(FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.1).dups(0.05).horizon(1_500))
                .seeds(200).firstSeed(1)
                .out(new PrintStream(sink, true, StandardCharsets.UTF_8));
        Optional<PropertyRunner.Failure> found = runner.search();
        assertTrue(found.isPresent(), "the nosync bug was not found in 200 seeds");
        String command = found.get().command();

        List<String> words = Args.shellWords(command);
        assertEquals("bin/lab", words.get(0));
        String[] args = words.subList(1, words.size()).toArray(new String[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Lab.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, stdout + err.toString(StandardCharsets.UTF_8));
        assertTrue(stdout.lines().anyMatch(l -> l.startsWith("VIOLATION served-never-decreases")), stdout);
    }
}
