package consensuslab.net;

/**
 * Counters of one TCP runtime (one process), over every node it hosted.
 *
 * @param events    handler calls: starts, deliveries, timer fires and link-downs
 * @param sent      messages sent by this process's nodes
 * @param delivered messages delivered to this process's nodes
 * @param dropped   messages dropped by this process's links before they were written (no connection,
 *                  link broken, queue full); bytes lost inside a breaking TCP connection are not counted
 * @param linkDowns link-down notifications (connection protocols)
 */
public record TcpStats(long events, long sent, long delivered, long dropped, long linkDowns) {
}
