package consensuslab.zab.bench;

import consensuslab.zab.Zab;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ZabBenchTest {

    @Test
    void simBenchReportsThroughputAndGroupCommit() {
        String out = ZabBench.run(new String[] {"runtime=sim", "runs=1", "virtual-ms=300", "--clients", "2", "--outstanding", "8"});
        System.out.print(out);
        assertTrue(out.contains("bench zab sim: median"), out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("median ([0-9,]+) committed proposals per virtual second.*median ([0-9.]+) proposals per sync")
                .matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, out);
        assertTrue(Double.parseDouble(m.group(2)) > 1.0, "with 16 writes outstanding one sync covers several proposals: " + out);
    }

    @Test
    void badParameterIsOneClearLine() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Zab().factory(consensuslab.core.Params.parse("tickTime=abc")));
        org.junit.jupiter.api.Assertions.assertEquals("parameter tickTime=abc is not a whole number", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Zab().factory(consensuslab.core.Params.parse("snapshotSizeFactor=x")));
        org.junit.jupiter.api.Assertions.assertEquals("parameter snapshotSizeFactor=x is not a non-negative number", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Zab().factory(consensuslab.core.Params.parse("syncLimit=0")));
        org.junit.jupiter.api.Assertions.assertEquals("parameter syncLimit=0 must be at least 1", e.getMessage());
    }

    @Test
    void badOptionIsOneClearLine() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ZabBench.run(new String[] {"--nodes", "x"}));
        org.junit.jupiter.api.Assertions.assertEquals("bench zab: nodes=x is not a whole number", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ZabBench.run(new String[] {"frobnicate=1"}));
        assertTrue(e.getMessage().startsWith("bench zab: unknown option frobnicate"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ZabBench.run(new String[] {"runtime=udp"}));
        org.junit.jupiter.api.Assertions.assertEquals("bench zab: runtime=udp is not sim, tcp or both", e.getMessage());
    }
}
