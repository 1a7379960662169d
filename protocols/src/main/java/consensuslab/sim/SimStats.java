package consensuslab.sim;

/** Counters for a run. {@code events} counts every processed event of the queue. */
public record SimStats(long events, long sent, long delivered, long dropped, long duplicated, long virtualTime) {
}
