package consensuslab.labs.grade;

import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.labs.student.StudentRecovery;
import consensuslab.prop.FaultBounds;
import consensuslab.twopc.LogRecord;
import consensuslab.twopc.Txn;
import consensuslab.twopc.TxnState;
import consensuslab.twopc.reference.ReferenceRecovery;
import consensuslab.twopc.two.ParticipantRecovery;
import consensuslab.twopc.two.TwoPhaseCommit;
import java.util.List;
import java.util.Map;

/** Lab 1: a 2PC participant's recovery from its log. */
public final class TwoPcRecoveryExercise extends Exercise<ParticipantRecovery> {

    private static Txn txn(String id, String key, String value) {
        return new Txn(id, "c1", Map.of("n2", Map.of(key, value), "n3", Map.of(key, value + "@n3")));
    }

    private static LogRecord prepared(Txn t) {
        return new LogRecord("PREPARED", t.id(), t);
    }

    private static LogRecord record(String kind, String txn) {
        return new LogRecord(kind, txn, null);
    }

    @Override
    public String name() {
        return "2pc-recovery";
    }

    @Override
    public int lab() {
        return 1;
    }

    @Override
    public String title() {
        return "a 2PC participant rebuilds itself from its log after a crash";
    }

    @Override
    public String skeleton() {
        return "labs/src/main/java/consensuslab/labs/student/StudentRecovery.java";
    }

    @Override
    public ParticipantRecovery reference() {
        return new ReferenceRecovery();
    }

    @Override
    public ParticipantRecovery student() {
        return new StudentRecovery();
    }

    @Override
    public Protocol<?> protocol(ParticipantRecovery solution) {
        return TwoPhaseCommit.withRecovery(solution);
    }

    @Override
    public List<Test<ParticipantRecovery>> tests() {
        Txn a = txn("c1.1", "k1", "a");
        Txn b = txn("c1.2", "k1", "b");
        return List.of(
                new Test<>("an empty log: nothing to recover", r -> {
                    ParticipantRecovery.Recovered x = r.recover(List.of(), "n2");
                    return expect(x.states().isEmpty() && x.store().isEmpty(), "expected no transactions and an empty store, got " + x);
                }),
                new Test<>("PREPARED alone: READY (voted yes, in doubt), nothing applied", r -> {
                    ParticipantRecovery.Recovered x = r.recover(List.of(prepared(a)), "n2");
                    return expect(x.states().equals(Map.of("c1.1", TxnState.READY)) && x.store().isEmpty(),
                            "expected {c1.1=READY} and an empty store, got " + x);
                }),
                new Test<>("PREPARED then COMMIT: COMMITTED, this participant's writes redone", r -> {
                    ParticipantRecovery.Recovered x = r.recover(List.of(prepared(a), record("COMMIT", "c1.1")), "n3");
                    return expect(x.states().equals(Map.of("c1.1", TxnState.COMMITTED)) && x.store().equals(Map.of("k1", "a@n3")),
                            "expected {c1.1=COMMITTED} and store {k1=a@n3} (n3's write), got " + x);
                }),
                new Test<>("PREPARED then ABORT, and ABORT alone: ABORTED, nothing applied", r -> {
                    ParticipantRecovery.Recovered x = r.recover(List.of(prepared(a), record("ABORT", "c1.1"), record("ABORT", "c1.2")), "n2");
                    return expect(x.states().equals(Map.of("c1.1", TxnState.ABORTED, "c1.2", TxnState.ABORTED)) && x.store().isEmpty(),
                            "expected both ABORTED and an empty store, got " + x);
                }),
                new Test<>("two commits of one key: the later one wins, in log order", r -> {
                    ParticipantRecovery.Recovered x = r.recover(List.of(prepared(a), prepared(b), record("COMMIT", "c1.2"), record("COMMIT", "c1.1")), "n2");
                    return expect(x.store().equals(Map.of("k1", "a")) && x.states().get("c1.2") == TxnState.COMMITTED,
                            "expected store {k1=a} (c1.1 committed last), got " + x);
                }));
    }

    @Override
    public List<String> scenarios() {
        return List.of("exercises/2pc-recovery.json");
    }

    @Override
    public Property property() {
        return new Property(4, 2, 4_000, Params.parse("txns=3"),
                FaultBounds.none().crashes(2).maxDown(1).syncCrashes(1).drops(0.1).horizon(1_500), "txns",
                "up to 2 crashes and restarts, 1 crash at a sync, 10% drops");
    }
}
