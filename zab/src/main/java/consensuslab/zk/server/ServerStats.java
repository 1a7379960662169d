package consensuslab.zk.server;

/**
 * A server's statistics, as ZooKeeper's ServerStats keeps them for srvr, stat and mntr: packets
 * in and out, request latency (ms) and response sizes. Touched by the processor only.
 */
final class ServerStats {
    private long packetsReceived;
    private long packetsSent;
    private long minLatency = Long.MAX_VALUE;
    private long maxLatency;
    private long totalLatency;
    private long latencyCount;
    private long authFailed;
    private int lastResponseSize;
    private int minResponseSize = Integer.MAX_VALUE;
    private int maxResponseSize;

    void received() {
        packetsReceived++;
    }

    void sent() {
        packetsSent++;
    }

    void authFailed() {
        authFailed++;
    }

    /** A reply of {@code size} bytes to a request that took {@code latency} ms. */
    void replied(long latency, int size) {
        minLatency = Math.min(minLatency, latency);
        maxLatency = Math.max(maxLatency, latency);
        totalLatency += latency;
        latencyCount++;
        lastResponseSize = size;
        minResponseSize = Math.min(minResponseSize, size);
        maxResponseSize = Math.max(maxResponseSize, size);
    }

    /** min, max, total latency (ms) and the number of replies timed. */
    long[] latency() {
        return new long[] {latencyCount == 0 ? 0 : minLatency, maxLatency, totalLatency, latencyCount};
    }

    /** packets received, sent, auth failures, last, min and max response size. */
    long[] packets() {
        return new long[] {packetsReceived, packetsSent, authFailed, lastResponseSize,
                minResponseSize == Integer.MAX_VALUE ? 0 : minResponseSize, maxResponseSize};
    }

    void reset() {
        packetsReceived = 0;
        packetsSent = 0;
        minLatency = Long.MAX_VALUE;
        maxLatency = 0;
        totalLatency = 0;
        latencyCount = 0;
        lastResponseSize = 0;
        minResponseSize = Integer.MAX_VALUE;
        maxResponseSize = 0;
    }
}
