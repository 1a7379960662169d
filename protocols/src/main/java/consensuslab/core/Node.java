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

    /**
     * Optional, for the exhaustive search: an immutable value (a record) of every in-memory field
     * that affects this node's future behaviour, or null (the default) if the node does not offer
     * one. Two instances with equal keys, equal storage and equal armed timers must behave alike on
     * every future input; the search then counts them as one state (docs/SEARCH.md, "Node states
     * by key"). So the key must include any timer handles the node keeps, and the state of the
     * random source if the node draws from {@code ctx.random()} (e.g. how many draws it made). A
     * node that reads {@code ctx.now()} may offer a key only if every time it keeps (a deadline, when
     * it last heard from a peer, anything computed from the clock) is in the key as the absolute
     * value it holds (the search's global state holds the clock, so equal keys at equal clocks behave
     * alike). On the search's set network with ordered timers, which normalizes time by shifting the
     * clock, a keyed node must not read it at all (the search reports such a read as a handler
     * error). The protocol's checkers must remember nothing about the node that its state (key,
     * storage, timers, published state) does not show.
     * On the search's set network ({@code --network set}) a keyed node's timer handles are reused
     * (the lowest one not armed), so it must not cancel a timer that already fired or was cancelled.
     */
    default Object stateKey() {
        return null;
    }
}
