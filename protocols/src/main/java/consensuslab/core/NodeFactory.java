package consensuslab.core;

/** Builds the node that plays {@code ctx.id()}; called at start and at every restart. */
@FunctionalInterface
public interface NodeFactory<M extends Message> {
    Node<M> create(Context<M> ctx);
}
