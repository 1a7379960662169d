package consensuslab.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.LinkKind;
import consensuslab.core.NodeId;
import consensuslab.core.Storage;
import consensuslab.faults.FaultSchedule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageDurabilityTest {

    private static final NodeId N1 = NodeId.server(1);

    private Simulator<Probe.Msg> sim(FaultSchedule faults, boolean torn) {
        SimConfig cfg = SimConfig.of(3, 1, 0, LinkKind.DATAGRAM).withFaults(faults).withTornWrites(torn);
        Simulator<Probe.Msg> sim = new Simulator<>(cfg, Probe::new);
        sim.runUntil(0);
        return sim;
    }

    private static Probe probe(Simulator<Probe.Msg> sim) {
        return (Probe) sim.node(N1);
    }

    @Test
    void aWriteNotSyncedIsLostInACrash() {
        Simulator<Probe.Msg> sim = sim(FaultSchedule.NONE, false);
        Storage st = probe(sim).ctx.storage();
        st.writeJson("x", 41L);
        assertEquals(41L, st.readJson("x", Long.class), "visible before the crash");
        sim.crash(N1);
        sim.restart(N1);
        assertNull(probe(sim).ctx.storage().readJson("x", Long.class));
    }

    @Test
    void aSyncedWriteSurvivesACrashAndLaterUnsyncedOnesDoNot() {
        Simulator<Probe.Msg> sim = sim(FaultSchedule.NONE, false);
        Storage st = probe(sim).ctx.storage();
        st.writeJson("x", 1L);
        st.appendRecord("log", "a");
        st.sync();
        st.writeJson("x", 2L);
        st.appendRecord("log", "b");
        st.delete("gone-if-synced");
        sim.crash(N1);
        sim.restart(N1);
        Storage after = probe(sim).ctx.storage();
        assertEquals(1L, after.readJson("x", Long.class));
        assertEquals(List.of("a"), after.readRecords("log", String.class).records());
    }

    @Test
    void deleteAndTruncateAreDurableOnlyAfterSync() {
        Simulator<Probe.Msg> sim = sim(FaultSchedule.NONE, false);
        Storage st = probe(sim).ctx.storage();
        st.append("f", "hello world".getBytes(StandardCharsets.UTF_8));
        st.write("g", new byte[] {1, 2, 3});
        st.sync();
        st.truncate("f", 5);
        st.delete("g");
        assertEquals("hello", st.readString("f"));
        sim.crash(N1);
        sim.restart(N1);
        Storage after = probe(sim).ctx.storage();
        assertEquals("hello world", after.readString("f"), "truncate was not synced");
        assertArrayEquals(new byte[] {1, 2, 3}, after.read("g"), "delete was not synced");
        after.truncate("f", 5);
        after.delete("g");
        after.sync();
        sim.crash(N1);
        sim.restart(N1);
        assertEquals("hello", probe(sim).ctx.storage().readString("f"));
        assertFalse(probe(sim).ctx.storage().files().contains("g"));
    }

    /** On any message: v=1, sync, v=2, sync. */
    private static final class TwoSyncs implements consensuslab.core.Node<Probe.Msg> {
        private final consensuslab.core.Context<Probe.Msg> ctx;

        TwoSyncs(consensuslab.core.Context<Probe.Msg> ctx) {
            this.ctx = ctx;
        }

        @Override
        public void onStart() {
        }

        @Override
        public void onMessage(NodeId from, Probe.Msg m) {
            ctx.storage().writeJson("v", 1L);
            ctx.storage().sync();
            ctx.storage().writeJson("v", 2L);
            ctx.storage().sync();
            ctx.storage().writeJson("v", 3L);
        }

        @Override
        public void onTimer(consensuslab.core.Timer t) {
        }
    }

    @Test
    void crashJustBeforeOrJustAfterAChosenSync() {
        for (String point : List.of("before", "after")) {
            SimConfig cfg = SimConfig.of(5, 2, 0, LinkKind.DATAGRAM).withFaults(FaultSchedule.parse("crash n1@" + point + "-sync2"));
            Simulator<Probe.Msg> sim = new Simulator<>(cfg, TwoSyncs::new);
            sim.runUntil(0);
            sim.inject(NodeId.server(2), N1, new Probe.Num(0));
            sim.runUntil(100);
            assertFalse(sim.isUp(N1), "crashed at the " + point + "-sync2 point");
            sim.restart(N1);
            long expected = point.equals("after") ? 2L : 1L;
            assertEquals(expected, sim.storage(N1).readJson("v", Long.class), point);
        }
    }

    @Test
    void tornWritesKeepOnlyAPrefixAndReadersStopAtTheTear() {
        boolean sawTorn = false;
        for (long seed = 1; seed <= 20; seed++) {
            SimConfig cfg = SimConfig.of(seed, 1, 0, LinkKind.DATAGRAM).withTornWrites(true);
            Simulator<Probe.Msg> sim = new Simulator<>(cfg, Probe::new);
            sim.runUntil(0);
            Storage st = probe(sim).ctx.storage();
            st.appendRecord("log", "synced-record");
            st.sync();
            st.appendRecord("log", "a-long-unsynced-record-that-may-be-torn");
            sim.crash(N1);
            sim.restart(N1);
            Storage.LogRead<String> read = probe(sim).ctx.storage().readRecords("log", String.class);
            assertEquals("synced-record", read.records().get(0), "synced data always survives");
            assertTrue(read.records().size() <= 2);
            sawTorn |= read.torn();
        }
        assertTrue(sawTorn, "some seed tears the unsynced record");
    }
}
