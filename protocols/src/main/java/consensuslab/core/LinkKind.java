package consensuslab.core;

/** How links between nodes behave in the simulator. */
public enum LinkKind {
    /** Anything may happen: loss, duplication, reordering, delay. */
    DATAGRAM,
    /**
     * Like TCP: FIFO per direction, no loss or duplication while connected; a partition or crash
     * breaks the connection, drops what was in flight, and both ends get {@link Node#onLinkDown}.
     */
    CONNECTION
}
