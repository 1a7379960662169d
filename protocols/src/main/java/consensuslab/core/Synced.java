package consensuslab.core;

/**
 * The answer to {@link Context#requestSync}: every write the node made to its {@link Storage}
 * before it asked for the sync with this {@code token} is now durable. It reaches the node through
 * {@link Node#onTimer}, on its event loop like every other input, and appears in the trace as a
 * timer named {@code Synced}. A crash before it arrives may lose those writes, and the answer
 * never comes.
 *
 * @param token the number the node passed to {@link Context#requestSync}
 */
public record Synced(long token) implements Timer {
}
