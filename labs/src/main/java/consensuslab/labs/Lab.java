package consensuslab.labs;

import consensuslab.check.LinBench;

import consensuslab.core.Registry;
import consensuslab.core.Json;
import consensuslab.labs.cli.Main;
import consensuslab.echo.Echo;
import consensuslab.paxos.PaxosBench;
import consensuslab.paxos.basic.BasicPaxos;
import consensuslab.paxos.multi.MultiPaxos;
import consensuslab.paxos.perop.PerOpPaxos;
import consensuslab.twopc.three.ThreePhaseCommit;
import consensuslab.twopc.two.TwoPhaseCommit;
import consensuslab.zab.bench.ZabBench;
import consensuslab.zk.sim.ZnodeWorkload;
import consensuslab.labs.cli.CliException;
import consensuslab.labs.course.Catalog;
import consensuslab.labs.course.LabCommands;
import consensuslab.labs.course.ScenarioException;
import consensuslab.labs.grade.GradeCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** {@code bin/lab}: every protocol module registers itself here. */
public final class Lab {

    private Lab() {
    }

    /** All protocols known to {@code bin/lab sim --protocol NAME}. */
    public static Registry registry() {
        return new Registry()
                .add(new Echo())
                .add(new TwoPhaseCommit())
                .add(new ThreePhaseCommit())
                .add(new BasicPaxos())
                .add(new PerOpPaxos())
                .add(new MultiPaxos())
                .add(ZnodeWorkload.protocol());
    }

    /** Benchmarks that live in the protocol modules: {@code bin/lab bench NAME [key=value ...]}. */
    static Map<String, Function<String[], String>> benchmarks() {
        Map<String, Function<String[], String>> m = new LinkedHashMap<>();
        m.put("lin", LinBench::run);
        m.put("multipaxos", PaxosBench::run);
        m.put("zab", ZabBench::run);
        return m;
    }

    /** Runs a command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length >= 2 && args[0].equals("bench") && benchmarks().containsKey(args[1])) {
            try {
                out.println(benchmarks().get(args[1]).apply(Arrays.copyOfRange(args, 2, args.length)));
                return 0;
            } catch (IllegalArgumentException e) {
                err.println("lab: " + Json.firstLine(e));
                return 2;
            }
        }
        if (args.length >= 1 && COURSE.contains(args[0]) && !(args[0].equals("run") && (args.length == 1 || args[1].startsWith("--")))) {
            return course(args, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out, err);
        }
        return Main.run(args, registry(), out, err);
    }

    private static final Set<String> COURSE = Set.of("labs", "run", "check", "grade");

    /**
     * The course's commands: {@code labs}, {@code run LAB} (reading keys from {@code in}) and
     * {@code check [LAB]}. {@code run --protocol ...} stays the TCP run.
     */
    public static int course(String[] args, BufferedReader in, PrintStream out, PrintStream err) {
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            Catalog catalog = Catalog.load();
            return switch (args[0]) {
                case "labs" -> LabCommands.list(catalog, out);
                case "run" -> LabCommands.run(rest, catalog, registry(), in, out);
                case "check" -> LabCommands.check(rest, catalog, registry(), out);
                case "grade" -> GradeCommand.run(rest, out);
                default -> throw new IllegalStateException(args[0]);
            };
        } catch (ScenarioException | CliException e) {
            err.println("lab: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("lab: " + Json.firstLine(e));
            return 2;
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }
}
