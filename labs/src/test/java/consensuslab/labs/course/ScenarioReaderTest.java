package consensuslab.labs.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.labs.Lab;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A malformed scenario file gets one line naming the file, the line and what was wrong. */
class ScenarioReaderTest {

    private static final String GOOD_HEAD = """
            {
              "id": 9, "slug": "t", "title": "t", "protocol": "echo", "nodes": 3, "clients": 1,
              "steps": [
                {"narrate": "x",
            """;

    private static String error(String text) {
        return assertThrows(ScenarioException.class, () -> ScenarioReader.read("labs/t.json", text)).getMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"do\": {\"crsh\": \"n1\"}}]}                | labs/t.json line 5: step 1: unknown action 'crsh' (one of: crash, drop, heal, partition, pause, restart, resume, run, send, start, until)",
        "\"do\": {\"crash\": \"n7\"}}]}               | labs/t.json line 5: there is no node n7 in this lab (n1..n3, c1..c1)",
        "\"do\": {\"run\": \"soon\"}}]}               | labs/t.json line 5: 'soon' is not a time (use 250ms, 2s or 1.5s)",
        "\"do\": {\"until\": {\"type\": \"sned\"}}}]} | labs/t.json line 5: step 1: unknown event type 'sned' (one of: start, send, deliver, drop, duplicate, timer_set, timer_fire, timer_cancel, crash, restart, pause, resume, partition, heal, link_down, sync, state, invoke, return, note)",
        "\"check\": [{\"says\": \"x\"}]}]}             | labs/t.json line 5: step 1: a checkpoint needs one of: state/contains (with node), up (with node), count, checker, predicate",
        "\"check\": [{\"says\": \"x\", \"predicate\": \"nope\"}]}]} | labs/t.json line 5: step 1: unknown predicate 'nope' (known: distinctAcross, propertyShrinks, replaysIdentically, sameAcross)",
        "\"colour\": 3}]}                             | labs/t.json line 5: unknown field 'colour' (allowed here: title, fresh, do, narrate, check, question)",
        "\"do\": {\"run\": \"1s\"}                     | labs/t.json line 6: not valid JSON: Unexpected end-of-input: expected close marker for Object",
    })
    void oneLineNamingFileLineAndWhat(String tail, String expected) {
        assertEquals(expected, error(GOOD_HEAD + tail + "\n"));
    }

    @Test
    void missingAndMistypedTopLevelFields() {
        assertEquals("labs/t.json line 1: missing \"slug\"", error("{\"id\": 1, \"title\": \"t\"}"));
        assertEquals("labs/t.json line 2: \"nodes\" must be a whole number from 1 to 99, not \"three\"",
                error("{\"id\": 1, \"slug\": \"t\", \"title\": \"t\", \"protocol\": \"echo\",\n \"nodes\": \"three\"}"));
        assertTrue(error("{\"id\": 1,\n \"slug\": \"t\",\n \"title\": ]}").startsWith("labs/t.json line 3: not valid JSON: Unexpected character (']'"));
    }

    @Test
    void theCliPrintsTheLineAndExitsTwoOnAnUnknownLab() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Lab.course(new String[] {"run", "99"}, new BufferedReader(new StringReader("")), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("lab: no lab '99' (known: 0 simulator"), e);
        assertEquals(1, e.lines().count(), e);
    }
}
