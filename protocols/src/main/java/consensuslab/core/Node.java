package consensuslab.core;

/**
 * A protocol role: a deterministic, single-threaded event handler.
 *
 * <p>A node is constructed with its {@link Context} and reaches the world only through it. The
 * runtime calls exactly one handler at a time. A crash throws the instance away; a restart builds a
 * new one with the same durable {@link Storage}, so anything not synced there is forgotten.
 *
 * @param <M> the protocol's sealed message interface
 */
public interface Node<M extends Message> {

    /** Called once after construction, and again for the new instance after every restart. */
    void onStart();

    /** A message from another node (or a client) has arrived. */
    void onMessage(NodeId from, M message);

    /** A timer set through {@link Context#setTimer} has fired (cancelled timers never fire). */
    void onTimer(Timer timer);

    /**
     * Connection links only: the connection to {@code peer} broke (partition, peer crash).
     * Messages that were in flight on it are gone. Datagram links never call this.
     */
    default void onLinkDown(NodeId peer) {
    }
}
