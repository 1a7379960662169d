package consensuslab.sim;

/** Thrown through a node's handler when a crash is scheduled at one of its syncs. Never catch it. */
final class NodeCrash extends Error {
    private static final long serialVersionUID = 1L;

    NodeCrash() {
        super("crash", null, false, false);
    }
}
