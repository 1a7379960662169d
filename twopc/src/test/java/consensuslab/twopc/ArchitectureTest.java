package consensuslab.twopc;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;

import consensuslab.arch.ProtocolPurity;
import org.junit.jupiter.api.Test;

/** 2PC and 3PC reach the world only through their Context (ArchUnit). */
class ArchitectureTest {

    @Test
    void protocolCodeReachesTheWorldOnlyThroughItsContext() {
        // TxnCounter is a command-line tool that reads a trace file, not node code
        ProtocolPurity.onlyThroughContext(resideInAPackage("consensuslab.twopc..").and(not(simpleName("TxnCounter"))))
                .check(ProtocolPurity.importMain("consensuslab.twopc"));
    }
}
