package consensuslab.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;
import java.util.Set;

/**
 * The house rule for protocol code, as ArchUnit rules the protocol modules share (twopc, paxos,
 * the zab engine): a node reaches the world only through its {@code Context}. No threads or
 * executors, sockets, files, clocks, unseeded randomness, reflection, Java serialization, no
 * runtime (simulator or TCP) and no static mutable state.
 */
public final class ProtocolPurity {

    private ProtocolPurity() {
    }

    /** Packages (and their subpackages) whose classes a node must not touch. */
    static final List<String> WORLD_PACKAGES = List.of("java.net", "java.nio.channels", "java.nio.file", "java.util.concurrent",
            "java.lang.reflect", "consensuslab.net", "consensuslab.sim");

    /** Single classes a node must not touch (files, threads, unseeded randomness, serialization, clocks). */
    static final Set<String> WORLD_CLASSES = Set.of("java.lang.Thread", "java.lang.ThreadGroup", "java.lang.Runtime", "java.lang.ProcessBuilder",
            "java.io.File", "java.io.FileInputStream", "java.io.FileOutputStream", "java.io.FileReader", "java.io.FileWriter",
            "java.io.RandomAccessFile", "java.io.ObjectInputStream", "java.io.ObjectOutputStream", "java.util.Random", "java.util.Timer",
            "java.time.Clock");

    /**
     * The classes of {@code packageName} (and below) as compiled, without tests (any test-classes
     * directory or test jar, whatever the build directory is called: -Dzab.build=target-mine).
     */
    public static JavaClasses importMain(String packageName) {
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        return new ClassFileImporter().withImportOption(mainOnly).importPackages(packageName);
    }

    private static final DescribedPredicate<JavaClass> THE_WORLD = DescribedPredicate.describe("the world outside a Context "
            + "(threads, sockets, files, clocks, unseeded randomness, reflection, serialization, a runtime)",
            c -> WORLD_CLASSES.contains(c.getName())
                    || WORLD_PACKAGES.stream().anyMatch(p -> c.getPackageName().equals(p) || c.getPackageName().startsWith(p + ".")));

    /** Protocol code ({@code protocolCode}) reaches the world only through its {@code Context}. */
    public static ArchRule onlyThroughContext(DescribedPredicate<JavaClass> protocolCode) {
        ArchRule imports = noClasses().that(protocolCode).should().dependOnClassesThat(THE_WORLD);
        ArchRule clocks = noClasses().that(protocolCode).should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "exit", int.class)
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callConstructor(java.util.SplittableRandom.class)
                .as("protocol code reads no clock, environment or unseeded randomness (only ctx.now(), ctx.random(), ctx.params())");
        ArchRule statics = fields().that().areDeclaredInClassesThat(protocolCode).and().areStatic().should().beFinal()
                .as("protocol code keeps no static mutable state (static fields are final)");
        return CompositeArchRule.of(imports).and(clocks).and(statics);
    }
}
