package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Restart recovery from damaged storage: a torn final log record and a corrupt latest snapshot. */
class RecoveryScenario {

    @Test
    void tornFinalLogRecordIsCutAndTheRestSyncedFromTheLeader() {
        int torn = 0;
        for (long seed = 1; seed <= 30; seed++) {
            // n1..n3 each crash at a sync point, with torn writes: the unsynced tail of the log survives in part
            int node = 1 + (int) (seed % 3);
            int sync = 4 + (int) (seed % 7);
            String faults = "crash n" + node + "@before-sync" + sync + "; restart n" + node + "@1500ms";
            String replay = "bin/lab sim --protocol zab --seed " + seed + " --torn --param ops=10,outstanding=3 --faults \"" + faults + "\"";
            ZabKit k = new ZabKit(3, 2, seed, "ops=10,outstanding=3", faults, true);
            k.sim.runUntil(1600);
            assertTrue(k.settle(k.sim.now() + 4000), k.divergence() + "; " + replay);
            k.sim.runUntil(k.sim.now() + 2000);
            assertTrue(k.settle(k.sim.now() + 4000), k.divergence() + "; " + replay);
            assertEquals(List.of(), k.finish(), replay);
            List<String> notes = k.notes(node).stream().filter(t -> t.contains("torn final record")).collect(Collectors.toList());
            if (!notes.isEmpty()) {
                torn++;
                assertTrue(notes.get(0).startsWith("recovery: log."), notes.get(0));
                assertTrue(k.state(node).syncMode() != null, "n" + node + " synced from the leader after recovering");
            }
        }
        System.out.println(torn + " of 30 sync-point crashes left a torn final log record; all recovered and resynced");
        assertTrue(torn >= 3, "torn records were produced and detected (" + torn + ")");
    }

    @Test
    void corruptLatestSnapshotFallsBackToAnOlderOne() {
        ZabKit k = new ZabKit(3, 2, 4, "ops=15,snapCount=4", "");
        assertTrue(k.runUntil(s -> k.acked() >= 24, 6000));
        int leader = k.establishedLeader();
        int f = k.followersOf(leader).get(0);
        List<String> snaps = k.sim.storage(ZabKit.n(f)).files().stream().filter(x -> x.startsWith("snapshot.")).sorted(
                (a, b) -> Long.compare(Long.parseLong(a.substring(9), 16), Long.parseLong(b.substring(9), 16))).collect(Collectors.toList());
        assertTrue(snaps.size() >= 2, "follower has several snapshots: " + snaps);
        String latest = snaps.get(snaps.size() - 1);
        String older = snaps.get(snaps.size() - 2);
        k.sim.crash(ZabKit.n(f));
        k.sim.corruptFile(ZabKit.n(f), latest, 40);
        k.sim.restart(ZabKit.n(f));
        k.sim.runUntil(k.sim.now() + 1);
        List<String> notes = k.notes(f);
        assertTrue(notes.stream().anyMatch(t -> t.startsWith("recovery: " + latest + " is corrupt")), notes.toString());
        List<String> files = k.sim.storage(ZabKit.n(f)).files();
        assertTrue(files.contains(latest + ".corrupt") && !files.contains(latest), "kept aside, not deleted: " + files);
        assertTrue(notes.stream().anyMatch(t -> t.startsWith("loaded: snapshot 0x" + older.substring(9))), notes.toString());
        assertTrue(k.settle(k.sim.now() + 4000), k.divergence());
        k.sim.runUntil(k.sim.now() + 3000);
        assertTrue(k.settle(k.sim.now() + 4000), k.divergence());
        assertEquals(List.of(), k.finish());
    }
}
