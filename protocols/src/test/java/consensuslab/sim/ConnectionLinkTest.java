package consensuslab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.LinkKind;
import consensuslab.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionLinkTest {

    private static final NodeId N1 = NodeId.server(1);
    private static final NodeId N2 = NodeId.server(2);
    private static final NodeId N3 = NodeId.server(3);

    private static Simulator<Probe.Msg> sim(LinkKind kind, long seed) {
        // Wide latency spread: datagrams would overtake each other often.
        Simulator<Probe.Msg> sim = new Simulator<>(SimConfig.of(seed, 3, 0, kind).withLatency(1, 50), Probe::new);
        sim.runUntil(0);
        return sim;
    }

    private static Probe p(Simulator<Probe.Msg> sim, NodeId n) {
        return (Probe) sim.node(n);
    }

    @Test
    void connectionLinksDeliverInFifoOrder() {
        Simulator<Probe.Msg> sim = sim(LinkKind.CONNECTION, 11);
        for (int i = 0; i < 200; i++) {
            p(sim, N1).ctx.send(N2, new Probe.Num(i));
        }
        sim.runUntil(10_000);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add("n1:" + i);
        }
        assertEquals(expected, p(sim, N2).received);
    }

    @Test
    void datagramLinksDoReorderWithTheSameLatencies() {
        Simulator<Probe.Msg> sim = sim(LinkKind.DATAGRAM, 11);
        for (int i = 0; i < 200; i++) {
            p(sim, N1).ctx.send(N2, new Probe.Num(i));
        }
        sim.runUntil(10_000);
        assertEquals(200, p(sim, N2).received.size());
        List<String> sorted = new ArrayList<>(p(sim, N2).received);
        sorted.sort((a, b) -> Integer.compare(Integer.parseInt(a.substring(3)), Integer.parseInt(b.substring(3))));
        assertTrue(!sorted.equals(p(sim, N2).received), "the contrast case: datagrams arrive out of order");
    }

    @Test
    void aPartitionBreaksTheConnectionDropsInFlightAndBothEndsSeeIt() {
        Simulator<Probe.Msg> sim = sim(LinkKind.CONNECTION, 3);
        for (int i = 0; i < 10; i++) {
            p(sim, N1).ctx.send(N2, new Probe.Num(i));
        }
        p(sim, N3).ctx.send(N2, new Probe.Num(100));
        long before = sim.stats().dropped();
        sim.partition(List.of(List.of(N1), List.of(N2, N3)));
        sim.runUntil(5_000);
        assertEquals(List.of("n3:100"), p(sim, N2).received, "in-flight n1→n2 messages are gone; n3's same-side one arrives");
        assertEquals(10, sim.stats().dropped() - before);
        assertEquals(List.of(N2), p(sim, N1).linkDowns);
        assertEquals(List.of(N1), p(sim, N2).linkDowns);
        assertEquals(List.of(), p(sim, N3).linkDowns, "n3's link to n2 was not cut; n3 never used n1");

        p(sim, N1).ctx.send(N2, new Probe.Num(50));
        sim.runUntil(6_000);
        assertEquals(List.of("n3:100"), p(sim, N2).received, "no connection across the partition");

        sim.heal();
        p(sim, N1).ctx.send(N2, new Probe.Num(51));
        sim.runUntil(7_000);
        assertEquals(List.of("n3:100", "n1:51"), p(sim, N2).received, "a new connection after the heal");
    }

    @Test
    void aCrashBreaksItsConnectionsAndThePeerSeesIt() {
        Simulator<Probe.Msg> sim = sim(LinkKind.CONNECTION, 4);
        p(sim, N2).ctx.send(N1, new Probe.Num(1));
        sim.runUntil(100);
        p(sim, N2).ctx.send(N1, new Probe.Num(2));
        sim.crash(N1);
        sim.runUntil(1_000);
        assertEquals(List.of(N1), p(sim, N2).linkDowns);
        sim.restart(N1);
        assertEquals(List.of(), p(sim, N1).received, "a restarted node is a new instance; message 2 died with the connection");
    }

    @Test
    void datagramPartitionsDropButDoNotNotify() {
        Simulator<Probe.Msg> sim = sim(LinkKind.DATAGRAM, 5);
        sim.partition(List.of(List.of(N1), List.of(N2, N3)));
        p(sim, N1).ctx.send(N2, new Probe.Num(1));
        sim.runUntil(1_000);
        assertEquals(List.of(), p(sim, N2).received);
        assertEquals(List.of(), p(sim, N1).linkDowns);
        assertEquals(1, sim.stats().dropped());
    }
}
