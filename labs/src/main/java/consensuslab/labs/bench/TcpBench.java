package consensuslab.labs.bench;

import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.echo.Echo;
import consensuslab.echo.EchoMessage;
import consensuslab.net.ClusterSpec;
import consensuslab.net.LocalPorts;
import consensuslab.net.TcpRuntime;

/**
 * The TCP runtime's message rate: echo servers with {@code tokens=K} in one process on 127.0.0.1,
 * each token a message that is serialized, framed, written to a loopback socket, read, parsed and
 * handled on the receiver's event loop. Tracing is off. Counts deliveries during a measured
 * window that starts after a short warm-up.
 */
public final class TcpBench {

    /** Deliveries counted over {@code nanos} of wall time. */
    public record Measurement(long delivered, long nanos) {
        public double perSecond() {
            return delivered * 1e9 / nanos;
        }
    }

    private TcpBench() {
    }

    /** {@code basePort} 0 picks free ports. */
    public static Measurement run(int nodes, int tokens, long millis, int basePort) {
        int base = basePort == 0 ? LocalPorts.freeBase(nodes) : basePort;
        ClusterSpec cluster = ClusterSpec.local(nodes, 0, "127.0.0.1", base);
        try (TcpRuntime<EchoMessage> rt = new TcpRuntime<>(new Echo(), cluster, Params.EMPTY.with("tokens", tokens), 1, null)) {
            rt.start(cluster.servers());
            sleep(Math.min(1000, millis / 2)); // connections up, JIT warm
            long d0 = rt.stats().delivered();
            long t0 = System.nanoTime();
            sleep(millis);
            long d1 = rt.stats().delivered();
            long t1 = System.nanoTime();
            for (NodeId n : cluster.servers()) {
                rt.stop(n);
            }
            return new Measurement(d1 - d0, t1 - t0);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
