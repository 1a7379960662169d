package consensuslab.zab;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import consensuslab.arch.ProtocolPurity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * zab/ is two layers: the ZAB engine ({@code consensuslab.zab}) and the znode service built on it
 * ({@code consensuslab.zk}). The engine knows nothing of the service, and its code (all but the
 * benchmark runner in {@code consensuslab.zab.bench}) reaches the world only through its Context.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ProtocolPurity.importMain("consensuslab");
    }

    @Test
    void theEngineKnowsNothingOfTheZnodeService() {
        noClasses().that().resideInAPackage("consensuslab.zab..").should().dependOnClassesThat().resideInAPackage("consensuslab.zk..")
                .as("the ZAB engine (consensuslab.zab) depends on no class of the znode service (consensuslab.zk)")
                .check(classes);
    }

    @Test
    void engineCodeReachesTheWorldOnlyThroughItsContext() {
        ProtocolPurity.onlyThroughContext(resideInAPackage("consensuslab.zab..").and(not(resideInAPackage("consensuslab.zab.bench.."))))
                .check(classes);
    }

    @Test
    void theSimulatedZnodeWorkloadIsProtocolCodeToo() {
        // what runs inside a simulated server or client: the tree, the request processors and the sim workload
        ProtocolPurity.onlyThroughContext(resideInAPackage("consensuslab.zk.sim..").or(resideInAPackage("consensuslab.zk.znode.."))
                        .or(resideInAPackage("consensuslab.zk.request..")))
                .check(classes);
    }
}
