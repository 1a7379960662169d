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
import consensuslab.zab.Zab;
import consensuslab.zab.ZabBench;
import java.io.PrintStream;
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
                .add(new Zab());
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
        return Main.run(args, registry(), out, err);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }
}
