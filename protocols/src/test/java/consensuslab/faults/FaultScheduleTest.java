package consensuslab.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultScheduleTest {

    @Test
    void theIssueExampleParsesIntoTheRightFaults() {
        FaultSchedule s = FaultSchedule.parse("drop=0.1; partition@2s n1|n2,n3; heal@5s; crash n2@3s; restart n2@4s");
        assertEquals(List.of(
                new Fault.Impair(Fault.Impair.Kind.DROP, 0.1, 0, Long.MAX_VALUE),
                new Fault.Partition(2000, List.of(List.of(NodeId.of("n1")), List.of(NodeId.of("n2"), NodeId.of("n3")))),
                new Fault.Heal(5000),
                new Fault.NodeFault(Fault.NodeFault.Action.CRASH, NodeId.of("n2"), 3000),
                new Fault.NodeFault(Fault.NodeFault.Action.RESTART, NodeId.of("n2"), 4000)), s.faults());
    }

    @Test
    void everyKindRoundTripsThroughItsRendering() {
        String text = "drop=0.1; dup=0.05@1s-3s; reorder=0.2@500ms-; latency=2-20ms; partition@1500ms n1,c1|n2,n3; heal@5s; "
                + "crash n2@3s; restart n2@4s; pause n3@1s; resume n3@2s; crash n1@before-sync3; crash n1@after-sync4";
        FaultSchedule s = FaultSchedule.parse(text);
        assertEquals(12, s.faults().size());
        assertEquals(s, FaultSchedule.parse(s.toString()));
        assertEquals(text, s.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "drop=1.5                 # bad fault 'drop=1.5': probability 1.5 is outside 0..1",
        "crash n2                 # bad fault 'crash n2': expected crash NODE@TIME",
        "crash x2@3s              # bad fault 'crash x2@3s': 'x2' is not a node name (n1..nN, c1..cM) or a role (leader, coordinator, follower, participant)",
        "explode n2@3s            # bad fault 'explode n2@3s': unknown fault 'explode' (expected drop, dup, reorder, latency, partition, heal, crash, restart, pause, resume, start)",
        "crash boss@3s            # bad fault 'crash boss@3s': 'boss' is not a node name (n1..nN, c1..cM) or a role (leader, coordinator, follower, participant)",
        "crash follower0@3s       # bad fault 'crash follower0@3s': 'follower0' is not a node name (n1..nN, c1..cM) or a role (leader, coordinator, follower, participant)",
        "partition@2s leader|chef # bad fault 'partition@2s leader|chef': 'chef' is not a node name (n1..nN, c1..cM) or a role (leader, coordinator, follower, participant)",
        "partition@2s+9x n1|n2    # bad fault 'partition@2s+9x n1|n2': '9x' is not a message type, e.g. partition@2s+PreCommit n1,n2",
        "start leader@3s          # bad fault 'start leader@3s': start needs a node, not a role: nobody holds a role before it starts",
        "heal@soon                # bad fault 'heal@soon': 'soon' is not a time (use 250ms, 2s or 1.5s)",
        "partition@2s             # bad fault 'partition@2s': expected partition@TIME GROUP|GROUP, e.g. partition@2s n1|n2,n3",
        "crash n1@before-syncX    # bad fault 'crash n1@before-syncX': 'before-syncX' needs a sync number, e.g. before-sync3",
        "dup=0.1@3s-1s            # bad fault 'dup=0.1@3s-1s': the window's end must come after its start",
    })
    void badSchedulesNameTheBadToken(String text, String message) {
        FaultSyntaxException e = assertThrows(FaultSyntaxException.class, () -> FaultSchedule.parse(text));
        assertEquals(message, e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void nodesOutsideTheRunAreRejected() {
        FaultSchedule s = FaultSchedule.parse("crash n4@1s");
        FaultSyntaxException e = assertThrows(FaultSyntaxException.class, () -> s.validate(3, 2));
        assertEquals("bad fault 'crash n4@1s': no node n4 in a run with 3 servers and 2 clients", e.getMessage());
    }

    @Test
    void roleTargetsAndLateStartsRoundTrip() {
        String text = "crash leader@2s; restart leader@3s; pause follower2@1s; resume follower2@1500ms; crash coordinator@4s; "
                + "crash participant@5s; partition@2s leader,follower|follower2,follower3; partition@6s n1,leader|n3; start n4@3s; "
                + "partition@2s+PreCommit leader,follower; partition@3s+Commit n1|n2";
        FaultSchedule s = FaultSchedule.parse(text);
        assertEquals(11, s.faults().size());
        assertEquals(text, s.toString());
        assertEquals(s, FaultSchedule.parse(s.toString()));
        assertEquals(new Fault.RoleFault(Fault.NodeFault.Action.CRASH, new Fault.RoleTarget(Fault.Role.LEADER, 1), 2000), s.faults().get(0));
        assertEquals(new Fault.NodeFault(Fault.NodeFault.Action.START, NodeId.of("n4"), 3000), s.faults().get(8));
        assertTrue(s.faults().get(6) instanceof Fault.RolePartition);
        s.validate(5, 1);
    }

    @Test
    void aLateStarterCannotBeTouchedBeforeItStartsNorStartTwice() {
        FaultSyntaxException e = assertThrows(FaultSyntaxException.class,
                () -> FaultSchedule.parse("start n4@3s; crash n4@1s").validate(5, 1));
        assertEquals("bad fault 'crash n4@1s': n4 only starts at 3s", e.getMessage());
        e = assertThrows(FaultSyntaxException.class, () -> FaultSchedule.parse("start n4@3s; start n4@4s").validate(5, 1));
        assertEquals("bad fault 'start n4@4s': n4 is started twice", e.getMessage());
        e = assertThrows(FaultSyntaxException.class, () -> FaultSchedule.parse("crash follower7@3s").validate(5, 1));
        assertEquals("bad fault 'crash follower7@3s': rank 7 but a run with 5 servers", e.getMessage());
    }
}
