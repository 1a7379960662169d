package consensuslab.labs.grade;

import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.labs.student.StudentAcceptorRules;
import consensuslab.paxos.Ballot;
import consensuslab.paxos.basic.Acceptor.AcceptorRecord;
import consensuslab.paxos.basic.AcceptorRules;
import consensuslab.paxos.basic.AcceptorRules.Decision;
import consensuslab.paxos.basic.BasicPaxos;
import consensuslab.paxos.reference.ReferenceAcceptorRules;
import consensuslab.prop.FaultBounds;
import java.util.List;

/** Lab 3: the acceptor's promise and accept rules. */
public final class PaxosAcceptorExercise extends Exercise<AcceptorRules> {

    private static final AcceptorRecord FRESH = new AcceptorRecord(Ballot.ZERO, Ballot.ZERO, null);

    private static Ballot b(long round, int proposer) {
        return new Ballot(round, proposer);
    }

    @Override
    public String name() {
        return "paxos-acceptor";
    }

    @Override
    public int lab() {
        return 3;
    }

    @Override
    public String title() {
        return "the acceptor's promise and accept rules";
    }

    @Override
    public String skeleton() {
        return "labs/src/main/java/consensuslab/labs/student/StudentAcceptorRules.java";
    }

    @Override
    public AcceptorRules reference() {
        return new ReferenceAcceptorRules();
    }

    @Override
    public AcceptorRules student() {
        return new StudentAcceptorRules();
    }

    @Override
    public Protocol<?> protocol(AcceptorRules solution) {
        return BasicPaxos.withAcceptorRules(solution);
    }

    @Override
    public List<Test<AcceptorRules>> tests() {
        return List.of(
                new Test<>("a fresh acceptor promises and remembers the ballot", r -> {
                    Decision d = r.onPrepare(FRESH, b(1, 1));
                    return expect(d.reply() && d.next().equals(new AcceptorRecord(b(1, 1), Ballot.ZERO, null)),
                            "expected a reply and state (promised 1.1, nothing accepted), got " + d);
                }),
                new Test<>("a Prepare below the promise gets no reply and changes nothing", r -> {
                    AcceptorRecord s = new AcceptorRecord(b(2, 1), Ballot.ZERO, null);
                    Decision d = r.onPrepare(s, b(1, 2));
                    return expect(!d.reply() && d.next().equals(s), "expected silence and the same state, got " + d);
                }),
                new Test<>("a promise keeps (and so reports) what was accepted", r -> {
                    AcceptorRecord s = new AcceptorRecord(b(1, 1), b(1, 1), "v1");
                    Decision d = r.onPrepare(s, b(2, 2));
                    return expect(d.reply() && d.next().equals(new AcceptorRecord(b(2, 2), b(1, 1), "v1")),
                            "expected promised 2.2 with v1 accepted at 1.1 kept, got " + d);
                }),
                new Test<>("an Accept at the promised ballot is accepted", r -> {
                    Decision d = r.onAccept(new AcceptorRecord(b(2, 1), Ballot.ZERO, null), b(2, 1), "v1");
                    return expect(d.reply() && d.next().equals(new AcceptorRecord(b(2, 1), b(2, 1), "v1")),
                            "expected v1 accepted at 2.1, got " + d);
                }),
                new Test<>("an Accept below the promise is refused", r -> {
                    AcceptorRecord s = new AcceptorRecord(b(2, 1), b(1, 1), "v1");
                    Decision d = r.onAccept(s, b(1, 2), "v2");
                    return expect(!d.reply() && d.next().equals(s), "expected silence and v1 still accepted, got " + d);
                }),
                new Test<>("an Accept above the promise is accepted and promises its ballot", r -> {
                    Decision d = r.onAccept(new AcceptorRecord(b(1, 1), Ballot.ZERO, null), b(3, 2), "v2");
                    return expect(d.reply() && d.next().equals(new AcceptorRecord(b(3, 2), b(3, 2), "v2")),
                            "expected promised and accepted 3.2 = v2, got " + d);
                }));
    }

    @Override
    public List<String> scenarios() {
        return List.of("exercises/paxos-acceptor.json");
    }

    @Override
    public Property property() {
        return new Property(3, 0, 2_500, Params.parse("proposers=3,retry=30,backoff=random,bound=1500"),
                FaultBounds.none().crashes(2).maxDown(1).partitions(1).drops(0.2).dups(0.1).reorders(0.2).horizon(1_000), null,
                "up to 2 crashes, a partition, 20% drops, duplicates and reordering");
    }
}
