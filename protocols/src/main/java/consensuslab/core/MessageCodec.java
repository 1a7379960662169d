package consensuslab.core;

/**
 * A protocol's own binary encoding of its messages on the TCP runtime's links, offered through
 * {@link Protocol#codec()}. Optional: without one, every message travels as JSON. Traces are
 * JSON lines either way; the simulator never encodes messages at all.
 *
 * <p>Implementations are stateless and thread-safe: link threads call them concurrently.
 *
 * @param <M> the protocol's sealed message type
 */
public interface MessageCodec<M extends Message> {

    /**
     * Writes {@code message}, or returns false to have it sent as JSON instead (a message this
     * codec does not cover; what it wrote is then discarded).
     */
    boolean write(M message, BinaryWriter out);

    /**
     * Reads one message that {@link #write} wrote. Damaged input throws an
     * {@link IllegalArgumentException} with one line saying what was wrong.
     */
    M read(BinaryReader in);
}
