package consensuslab.sim;

import consensuslab.core.LinkKind;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;

/**
 * Everything that determines a simulated run: same config, same run, byte for byte.
 *
 * @param seed       the run's seed; network choices and every node's random source derive from it
 * @param servers    number of server nodes n1..nN
 * @param clients    number of clients c1..cM
 * @param linkKind   datagram or connection links
 * @param params     protocol parameters
 * @param faults     the fault schedule
 * @param minLatency smallest message latency, ms (a {@code latency=} fault overrides it)
 * @param maxLatency largest message latency, ms
 * @param tornWrites on a crash, keep a random prefix of each file's unsynced appended tail
 */
public record SimConfig(long seed, int servers, int clients, LinkKind linkKind, Params params,
                        FaultSchedule faults, long minLatency, long maxLatency, boolean tornWrites) {

    public SimConfig {
        if (servers < 1 || servers > 99) {
            throw new IllegalArgumentException("--nodes must be between 1 and 99, not " + servers);
        }
        if (clients < 0 || clients > 99) {
            throw new IllegalArgumentException("--clients must be between 0 and 99, not " + clients);
        }
        faults.validate(servers, clients);
    }

    public static SimConfig of(long seed, int servers, int clients, LinkKind kind) {
        return new SimConfig(seed, servers, clients, kind, consensuslab.core.Params.EMPTY, FaultSchedule.NONE, 1, 10, false);
    }

    public SimConfig withFaults(FaultSchedule f) {
        return new SimConfig(seed, servers, clients, linkKind, params, f, minLatency, maxLatency, tornWrites);
    }

    public SimConfig withParams(Params p) {
        return new SimConfig(seed, servers, clients, linkKind, p, faults, minLatency, maxLatency, tornWrites);
    }

    public SimConfig withSeed(long s) {
        return new SimConfig(s, servers, clients, linkKind, params, faults, minLatency, maxLatency, tornWrites);
    }

    public SimConfig withLatency(long min, long max) {
        return new SimConfig(seed, servers, clients, linkKind, params, faults, min, max, tornWrites);
    }

    public SimConfig withTornWrites(boolean torn) {
        return new SimConfig(seed, servers, clients, linkKind, params, faults, minLatency, maxLatency, torn);
    }
}
