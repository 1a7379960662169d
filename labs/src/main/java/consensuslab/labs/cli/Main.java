package consensuslab.labs.cli;

import consensuslab.core.Registry;
import consensuslab.faults.FaultSyntaxException;
import consensuslab.core.Protocol;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code bin/lab} command dispatcher. Bad input ends with one line on stderr and exit 2, never
 * a stack trace.
 */
public final class Main {

    private Main() {
    }

    public static final String USAGE = "usage: lab sim --protocol NAME [--nodes N] [--clients M] [--seed S] [--until 10s] "
            + "[--faults \"SCHEDULE\"] [--param k=v,...] [--trace FILE] [--torn] [--no-check] | lab list"
            + " | lab compare [--protocols 2pc,3pc,paxos,multipaxos,zab] [--scenario NAME] [--seeds 1..20] | lab compare --list"
            + " | lab run --protocol NAME [--nodes N] [--clients M] [--base-port 7100] [--seconds 5] [--only n1,n2] [--data DIR]"
            + " [--trace FILE] [--trace-port P] | " + SearchCommand.USAGE + " | lab bench sim|tcp|search"
            + " | lab labs | lab run LAB [--step N] | lab check [LAB] | lab grade EXERCISE [--solution reference] | lab grade --list";

    /** Runs a command; returns the exit code. */
    public static int run(String[] args, Registry registry, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "sim":
                    return SimCommand.run(rest, registry, out);
                case "run":
                    return RunCommand.run(rest, registry, out);
                case "compare":
                    return consensuslab.labs.compare.CompareCommand.run(rest, registry, out, err);
                case "search":
                    return SearchCommand.run(rest, registry, out);
                case "bench":
                    return consensuslab.labs.bench.BenchCommand.run(rest, out);
                case "list":
                    for (Protocol<?> p : registry.all()) {
                        out.printf("%-12s %s%n", p.name(), p.summary());
                    }
                    return 0;
                case "help":
                case "--help":
                    out.println(USAGE);
                    return 0;
                default:
                    err.println("lab: unknown command '" + args[0] + "'; " + USAGE);
                    return 2;
            }
        } catch (CliException | FaultSyntaxException e) {
            err.println("lab: " + e.getMessage());
            return 2;
        } catch (java.io.UncheckedIOException e) {
            // a file the command had to read or write: its message names it; one line, no stack trace
            err.println("lab: " + consensuslab.core.Json.firstLine(e));
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("lab: " + consensuslab.core.Json.firstLine(e));
            return 2;
        }
    }
}
