package consensuslab.paxos.multi;

import consensuslab.core.Message;
import consensuslab.paxos.Ballot;
import java.util.List;

/**
 * Multi-Paxos messages: phase 1 once per leader over all open slots (Prepare / Promise), phase 2
 * per slot (Accept / Accepted), plus heartbeats, catch-up and the client protocol.
 */
public sealed interface MultiPaxosMessage extends Message permits MultiPaxosMessage.Request, MultiPaxosMessage.Reply,
        MultiPaxosMessage.Redirect, MultiPaxosMessage.Prepare, MultiPaxosMessage.Promise, MultiPaxosMessage.Nack,
        MultiPaxosMessage.Accept, MultiPaxosMessage.Accepted, MultiPaxosMessage.Heartbeat, MultiPaxosMessage.CatchUpRequest,
        MultiPaxosMessage.CatchUp {

    /** Client to server: run {@code command} (its client and seq make a retry run once). */
    record Request(long seq, Command command) implements MultiPaxosMessage {
    }

    /** Server to client: the result of request {@code seq}. */
    record Reply(long seq, boolean ok, String value) implements MultiPaxosMessage {
    }

    /** Server to client: I am not the leader; try {@code leader} (null: unknown). */
    record Redirect(long seq, String leader) implements MultiPaxosMessage {
    }

    /** Phase 1a for every slot from {@code fromSlot} on (the candidate's commit index). */
    record Prepare(Ballot ballot, long fromSlot) implements MultiPaxosMessage {
    }

    /**
     * Phase 1b: the promise, with every proposal this acceptor accepted at or after {@code fromSlot};
     * {@code snapshot} is this replica's state when it has applied past {@code fromSlot} (slots it
     * may already have compacted away), else null.
     */
    record Promise(Ballot ballot, long fromSlot, List<AcceptedEntry> accepted, KvSnapshot snapshot) implements MultiPaxosMessage {
    }

    /** Refusal: {@code ballot} is below the acceptor's {@code promised}. */
    record Nack(Ballot ballot, Ballot promised) implements MultiPaxosMessage {
    }

    /** Phase 2a for one slot; {@code commitIndex}: every slot below it is chosen (phase 3, piggybacked). */
    record Accept(Ballot ballot, long slot, Command command, long commitIndex) implements MultiPaxosMessage {
    }

    /** Phase 2b. */
    record Accepted(Ballot ballot, long slot) implements MultiPaxosMessage {
    }

    /** The leader is alive; every slot below {@code commitIndex} is chosen. */
    record Heartbeat(Ballot ballot, long commitIndex) implements MultiPaxosMessage {
    }

    /** A lagging replica asks for the chosen commands from {@code fromSlot} on. */
    record CatchUpRequest(long fromSlot) implements MultiPaxosMessage {
    }

    /** Chosen commands (and a snapshot first, if the asker is behind the sender's log start). */
    record CatchUp(KvSnapshot snapshot, List<ChosenEntry> entries) implements MultiPaxosMessage {
    }

    /** An acceptor's accepted proposal for one slot. */
    record AcceptedEntry(long slot, Ballot ballot, Command command) {
    }

    /** A chosen command. */
    record ChosenEntry(long slot, Command command) {
    }
}
