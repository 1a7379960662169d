package consensuslab.paxos.perop;

import consensuslab.core.Message;
import consensuslab.paxos.basic.PaxosMessage;

/** Messages of {@link PerOpPaxos}: a client's request, the decision, and single-decree Paxos messages of one instance. */
public sealed interface PerOpMessage extends Message permits PerOpMessage.Decide, PerOpMessage.Decided, PerOpMessage.In {

    /** Client to a server: run instance {@code instance} (the client's id and sequence number) as its proposer. */
    record Decide(String instance) implements PerOpMessage {
    }

    /** Server to client: {@code value} was chosen in {@code instance}. */
    record Decided(String instance, String value) implements PerOpMessage {
    }

    /** A single-decree Paxos message of one instance. */
    record In(String instance, PaxosMessage m) implements PerOpMessage {
    }
}
