package consensuslab.core;

import consensuslab.check.Checker;
import java.util.List;

/**
 * A protocol as the tools see it: how to build its nodes, which link kind it assumes, and which
 * checkers judge its runs. Registered under {@link #name()} for {@code bin/lab sim --protocol}.
 */
public interface Protocol<M extends Message> {

    /** Registry name, e.g. "2pc". */
    String name();

    /** One line for {@code bin/lab list}. */
    String summary();

    /** The protocol's sealed message interface (used to read messages back from JSON). */
    Class<M> messageType();

    LinkKind linkKind();

    /**
     * A binary encoding of the messages for the TCP runtime's links, or null (the default) for
     * JSON frames. The trace stays JSON lines either way.
     */
    default MessageCodec<M> codec() {
        return null;
    }

    default int defaultNodes() {
        return 3;
    }

    default int defaultClients() {
        return 1;
    }

    /** Default virtual run length in ms when none is given. */
    default long defaultUntil() {
        return 10_000;
    }

    /** Builds servers and clients alike; look at {@code ctx.id().isClient()}. */
    NodeFactory<M> factory(Params params);

    /** Fresh checkers for one run of {@code servers} servers and {@code clients} clients. */
    default List<Checker> checkers(Params params, int servers, int clients) {
        return List.of();
    }
}
