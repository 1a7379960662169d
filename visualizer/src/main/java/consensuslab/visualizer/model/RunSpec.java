package consensuslab.visualizer.model;

import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;

/**
 * What the user chose for a live run: everything that, with the recorded user actions, determines it.
 *
 * @param protocol registry name
 * @param nodes    servers (3 to 9 in the chooser)
 * @param clients  clients
 * @param seed     the run's seed
 * @param faults   fault schedule (docs/FAULTS.md syntax), may be empty
 * @param params   protocol parameters "k=v,k=v", may be empty
 * @param until    virtual ms after which the run stops
 */
public record RunSpec(String protocol, int nodes, int clients, long seed, String faults, String params, long until) {

    public RunSpec {
        faults = faults == null ? "" : faults.trim();
        params = params == null ? "" : params.trim();
    }

    public static RunSpec defaults(Protocol<?> p, long seed) {
        return new RunSpec(p.name(), p.defaultNodes(), p.defaultClients(), seed, "", "", p.defaultUntil());
    }

    public RunSpec withNodes(int n) {
        return new RunSpec(protocol, n, clients, seed, faults, params, until);
    }

    public RunSpec withSeed(long s) {
        return new RunSpec(protocol, nodes, clients, s, faults, params, until);
    }

    public RunSpec withFaults(String f) {
        return new RunSpec(protocol, nodes, clients, seed, f, params, until);
    }

    public RunSpec withParams(String p) {
        return new RunSpec(protocol, nodes, clients, seed, faults, p, until);
    }

    public RunSpec withUntil(long u) {
        return new RunSpec(protocol, nodes, clients, seed, faults, params, u);
    }

    /** The simulator options; throws IllegalArgumentException (one line) on a bad schedule or parameter. */
    public SimRun.Options options() {
        return new SimRun.Options(nodes, clients, seed, until, FaultSchedule.parse(faults), Params.parse(params), false, true);
    }

    /** The equivalent command line. */
    public String command() {
        return "bin/lab sim --protocol " + protocol + " --nodes " + nodes + " --clients " + clients + " --seed " + seed
                + " --until " + until + "ms" + (faults.isEmpty() ? "" : " --faults \"" + faults + "\"")
                + (params.isEmpty() ? "" : paramArgs());
    }

    private String paramArgs() {
        StringBuilder sb = new StringBuilder();
        for (String kv : params.split(",")) {
            sb.append(" --param ").append(kv.trim());
        }
        return sb.toString();
    }
}
