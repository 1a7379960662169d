package consensuslab.labs.grade;

import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.labs.student.StudentSlotRecovery;
import consensuslab.paxos.Ballot;
import consensuslab.paxos.multi.Command;
import consensuslab.paxos.multi.MultiPaxos;
import consensuslab.paxos.multi.MultiPaxosMessage.AcceptedEntry;
import consensuslab.paxos.multi.SlotRecovery;
import consensuslab.paxos.reference.ReferenceSlotRecovery;
import consensuslab.prop.FaultBounds;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Lab 4: the new leader's slot recovery. */
public final class SlotRecoveryExercise extends Exercise<SlotRecovery> {

    private static Command put(String client, String v) {
        return new Command(client, 1, "put", "k", v, null);
    }

    private static AcceptedEntry at(long slot, long round, int proposer, Command c) {
        return new AcceptedEntry(slot, new Ballot(round, proposer), c);
    }

    @Override
    public String name() {
        return "multipaxos-recovery";
    }

    @Override
    public int lab() {
        return 4;
    }

    @Override
    public String title() {
        return "a new Multi-Paxos leader's slot recovery: the Paxos rule per slot, no-ops in the gaps";
    }

    @Override
    public String skeleton() {
        return "labs/src/main/java/consensuslab/labs/student/StudentSlotRecovery.java";
    }

    @Override
    public SlotRecovery reference() {
        return new ReferenceSlotRecovery();
    }

    @Override
    public SlotRecovery student() {
        return new StudentSlotRecovery();
    }

    @Override
    public Protocol<?> protocol(SlotRecovery solution) {
        return MultiPaxos.withSlotRecovery(solution);
    }

    @Override
    public List<Test<SlotRecovery>> tests() {
        Command a = put("c1", "a");
        Command b = put("c2", "b");
        Command c = put("c3", "c");
        return List.of(
                new Test<>("nothing reported, nothing chosen: nothing to propose", r -> {
                    SortedMap<Long, Command> p = r.recover(0, -1, List.of(List.of(), List.of()), s -> false);
                    return expect(p.isEmpty(), "expected no proposals, got " + p);
                }),
                new Test<>("each slot gets the command of its highest-ballot report", r -> {
                    SortedMap<Long, Command> p = r.recover(0, -1, List.of(List.of(at(0, 1, 1, a), at(1, 1, 1, b)), List.of(at(1, 2, 2, c))), s -> false);
                    return expect(p.equals(new TreeMap<>(Map.of(0L, a, 1L, c))), "expected {0=a, 1=c (ballot 2.2 beats 1.1)}, got " + p);
                }),
                new Test<>("a slot nobody reported, below a reported one, gets a no-op", r -> {
                    SortedMap<Long, Command> p = r.recover(3, 2, List.of(List.of(at(3, 1, 1, a), at(5, 1, 1, c)), List.of()), s -> s <= 2);
                    return expect(p.equals(new TreeMap<>(Map.of(3L, a, 4L, Command.noop(), 5L, c))), "expected {3=a, 4=noop, 5=c}, got " + p);
                }),
                new Test<>("slots below the start and slots known chosen are not proposed", r -> {
                    SortedMap<Long, Command> p = r.recover(2, 3, List.of(List.of(at(1, 1, 1, a), at(2, 1, 1, b), at(4, 1, 1, c))), s -> s == 3);
                    return expect(p.equals(new TreeMap<>(Map.of(2L, b, 4L, c))), "expected {2=b, 4=c} (1 is below the start, 3 is chosen), got " + p);
                }));
    }

    @Override
    public List<String> scenarios() {
        return List.of("labs/4-multipaxos.json");
    }

    @Override
    public Property property() {
        return new Property(3, 2, 5_000, Params.parse("ops=4,keys=2,snapshot=4,bound=3000"),
                FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.2).dups(0.1).reorders(0.2).horizon(2_000), null,
                "up to 2 crashes, a partition, 20% drops, duplicates and reordering");
    }
}
