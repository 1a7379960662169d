package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.check.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The checkers are not vacuous: planted bugs are caught within a few random schedules. */
class PlantedBugsScenario {

    /** A random schedule: up to two crash/restart pairs, maybe a partition, maybe more latency. */
    static String schedule(long seed, int n, long horizon) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> f = new ArrayList<>();
        int crashes = r.nextInt(3);
        for (int i = 0; i < crashes; i++) {
            int node = 1 + r.nextInt(n);
            long at = r.nextLong(horizon - 200);
            long back = at + 1 + r.nextLong(horizon - at);
            f.add("crash n" + node + "@" + at + "ms");
            f.add("restart n" + node + "@" + back + "ms");
        }
        if (r.nextBoolean()) {
            long at = r.nextLong(horizon - 200);
            long heal = at + 1 + r.nextLong(horizon - at);
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                (r.nextBoolean() ? a : b).add("n" + i);
            }
            if (!a.isEmpty() && !b.isEmpty()) {
                f.add("partition@" + at + "ms " + String.join(",", a) + "|" + String.join(",", b));
                f.add("heal@" + heal + "ms");
            }
        }
        if (r.nextInt(3) == 0) {
            f.add("latency=1-" + (2 + r.nextInt(30)) + "ms");
        }
        return String.join("; ", f);
    }


    private static String firstCaught(String params, int seeds) {
        for (long seed = 1; seed <= seeds; seed++) {
            String faults = schedule(seed, 3, 2000);
            ZabKit k = new ZabKit(3, 2, seed, params, faults);
            k.sim.runUntil(5000);
            List<Violation> v = k.finish();
            if (!v.isEmpty()) {
                String msg = "seed " + seed + " faults \"" + faults + "\": " + v.get(0);
                System.out.println(params + " caught: " + msg);
                return msg;
            }
        }
        return null;
    }

    @Test
    void electingTheLowestZxidLosesCommittedWrites() {
        String caught = firstCaught("ops=8,bug=lowzxid", 200);
        assertTrue(caught != null, "bug=lowzxid went unnoticed in 200 schedules");
    }

    @Test
    void ignoringTruncDeliversDivergentTransactions() {
        String caught = firstCaught("ops=8,bug=skiptrunc", 300);
        assertTrue(caught != null, "bug=skiptrunc went unnoticed in 300 schedules");
    }
}
