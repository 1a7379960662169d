package consensuslab.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * protocols/ is the programming model, the runtimes, the trace, the checkers and the property
 * runner: it knows no protocol module, no lab, no visualizer, and no command-line code (that lives
 * in labs/, whose {@code bin/lab} drives it).
 */
class LayeringTest {

    private static final JavaClasses PROTOCOLS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("consensuslab");

    @Test
    void theImportSeesTheWholeModule() {
        assertTrue(PROTOCOLS.contain("consensuslab.sim.Simulator"), "imported: " + PROTOCOLS.size() + " classes");
        assertTrue(PROTOCOLS.contain("consensuslab.prop.PropertyRunner"));
        assertTrue(PROTOCOLS.size() > 50, "imported only " + PROTOCOLS.size() + " classes");
    }

    @Test
    void protocolsDependOnNoModuleAboveThem() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "consensuslab.twopc..", "consensuslab.paxos..", "consensuslab.zab..", "consensuslab.labs..", "consensuslab.visualizer..")
                .because("protocols/ is the bottom layer: the protocol modules, labs and the visualizer build on it")
                .check(PROTOCOLS);
    }

    @Test
    void protocolsHoldNoCommandCode() {
        noClasses().should().resideInAnyPackage("consensuslab.cli..", "consensuslab.bench..")
                .orShould().haveSimpleNameEndingWith("Command")
                .because("bin/lab's commands live in labs/ (consensuslab.labs.cli, consensuslab.labs.bench)")
                .check(PROTOCOLS);
    }
}
