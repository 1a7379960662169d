package consensuslab.paxos;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;

import consensuslab.arch.ProtocolPurity;
import org.junit.jupiter.api.Test;

/** Basic and Multi-Paxos reach the world only through their Context (ArchUnit). */
class ArchitectureTest {

    @Test
    void protocolCodeReachesTheWorldOnlyThroughItsContext() {
        // PaxosBench drives the simulator and the TCP runtime; it is a runner, not node code
        ProtocolPurity.onlyThroughContext(resideInAPackage("consensuslab.paxos..").and(not(simpleName("PaxosBench"))))
                .check(ProtocolPurity.importMain("consensuslab.paxos"));
    }
}
