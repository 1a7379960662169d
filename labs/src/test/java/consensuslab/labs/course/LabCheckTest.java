package consensuslab.labs.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import consensuslab.trace.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code bin/lab check}: every checkpoint and question of every lab on the classpath holds, and each lab is one run, byte for byte. */
class LabCheckTest {

    @TestFactory
    Stream<DynamicTest> everyCheckpointOfEveryLabPasses() {
        Catalog catalog = Catalog.load();
        assertTrue(catalog.all().size() >= 1, "labs found: " + catalog.all().size());
        return catalog.all().stream().map(s -> DynamicTest.dynamicTest("lab " + s.id() + " " + s.slug(), () -> {
            List<String> failures = LabCommands.checkOne(s, Lab.registry());
            assertEquals(List.of(), failures, String.join("\n", failures));
        }));
    }

    @TestFactory
    Stream<DynamicTest> sameLabSameTraceByteForByte() {
        return Catalog.load().all().stream().map(s -> DynamicTest.dynamicTest("lab " + s.id() + " " + s.slug(), () -> {
            String a = trace(s);
            String b = trace(s);
            assertTrue(a.length() > 1000, a);
            assertEquals(a, b);
        }));
    }

    private static String trace(Scenario s) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TraceWriter w = new TraceWriter(buf);
        LabRun r = LabRun.start(s, Lab.registry(), List.of(w));
        while (!r.finished()) {
            r.next();
        }
        w.close();
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkCommandPrintsOneLinePerLabAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Lab.run(new String[] {"check", "0"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, o + err);
        assertTrue(o.startsWith("lab 0 simulator: 10 steps, "), o);
    }

    @Test
    void aFailingCheckpointNamesTheStepExpectedSeenAndAReplayCommand() {
        Scenario s = ScenarioReader.read("labs/broken.json", """
                {"id": 42, "slug": "broken", "title": "a lab whose checkpoint is wrong", "protocol": "echo", "nodes": 3, "clients": 1,
                 "params": "ops=3", "seed": 7,
                 "steps": [
                   {"title": "first ping", "do": {"until": {"type": "deliver", "msg": "Ping"}}, "narrate": "delivered",
                    "check": [{"says": "n1 has served 5", "node": "n1", "state": {"count": 5}}]}
                 ]}
                """);
        List<String> f = LabCommands.checkOne(s, Lab.registry());
        assertEquals(1, f.size(), f.toString());
        assertEquals("lab 42 broken step 1 (first ping): FAILED \"n1 has served 5\": expected n1: /count = 5; seen n1: /count = 0;"
                + " replay: bin/lab run 42 --step 1", f.get(0));
    }
}
