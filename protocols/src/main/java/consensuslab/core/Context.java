package consensuslab.core;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything a node may touch. The simulator and the TCP runtime each implement it; protocol code
 * must not use threads, sockets, files, the system clock or unseeded randomness directly.
 */
public interface Context<M extends Message> {

    /** This node's name. */
    NodeId id();

    /** All server nodes n1..nN, in order, including this one. */
    List<NodeId> servers();

    /** All clients c1..cM, in order. */
    List<NodeId> clients();

    /** Sends to one node. Delivery is up to the link: it may be late, lost or duplicated. */
    void send(NodeId to, M message);

    /** Sends to every server except this one. */
    default void broadcast(M message) {
        for (NodeId n : servers()) {
            if (!n.equals(id())) {
                send(n, message);
            }
        }
    }

    /** Arms a timer that calls {@link Node#onTimer} after {@code delayMs}; returns its handle. */
    long setTimer(Timer timer, long delayMs);

    /** Cancels a timer by handle; cancelling a fired or unknown timer does nothing. */
    void cancelTimer(long handle);

    /** Current time in ms: virtual in the simulator, wall-clock over TCP. */
    long now();

    /** This node's random source, derived from the run's seed, the node's name and its incarnation. */
    SplittableRandom random();

    /** Durable storage that survives crashes, but only up to the last {@link Storage#sync()}. */
    Storage storage();

    /**
     * Asks for every write made to {@link #storage()} so far to become durable, without waiting: the
     * node goes on handling inputs, and {@link Node#onTimer} gets {@link Synced}{@code (token)} once
     * those writes are durable (later writes may be covered too). A crash before then may lose
     * them, and the answer never comes. The TCP runtime forces the files on a thread of its own;
     * the simulator takes one virtual ms and syncs when it answers. This default syncs at once and
     * answers through a timer of 0 ms.
     */
    default void requestSync(long token) {
        storage().sync();
        setTimer(new Synced(token), 0);
    }

    /**
     * Publishes this node's state for observers (trace, visualizer, checkers). Call it after every
     * change worth seeing; an unchanged value (by {@code equals}) is not traced again. By
     * convention the record has a {@code role} field (what colour to draw) and may have a
     * {@code label} field (one short line shown under the node).
     */
    void publish(Object state);

    /**
     * Publishes the state that {@code state} builds, as {@link #publish(Object)} would, but lets the
     * runtime build it only when someone looks. A runtime that traces (the simulator, or the TCP
     * runtime with a trace listener) builds it at once; the TCP runtime with no listener keeps the
     * supplier and builds it on the node's own thread when the node's state is read
     * ({@code TcpRuntime.state}), or never. So the supplier must read only the node's own state,
     * and the node must call this (or {@code publish}) again after every input that changes what the
     * supplier reads: building it later then gives what building it now would have given.
     */
    default void publishLazily(java.util.function.Supplier<?> state) {
        publish(state.get());
    }

    /** Records that a client started an operation (trace event {@code invoke}). Clients only. */
    void invoke(long opId, Object operation);

    /** Records that a client's operation finished (trace event {@code return}). Clients only. */
    void complete(long opId, Object result);

    /** A free-form note in the trace ({@code note} event), e.g. a phase change worth narrating. */
    void note(String text);

    /** Protocol parameters given to the run (e.g. {@code ops=20}), with defaults. */
    Params params();
}
