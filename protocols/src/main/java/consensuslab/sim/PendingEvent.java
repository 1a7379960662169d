package consensuslab.sim;

import consensuslab.core.NodeId;

/**
 * A scheduled event, as shown to a user or a search stepping through a run.
 *
 * @param seq    handle to pass to {@link Simulator#deliver(long)}
 * @param time   when it is due (ms)
 * @param kind   "deliver", "timer", "fault", "link_down" or "start"
 * @param node   where it happens
 * @param from   the sender, for deliveries
 * @param what   the message or timer type, or the fault's syntax
 * @param msgId  the message id, for deliveries (matches the trace's {@code id})
 */
public record PendingEvent(long seq, long time, String kind, NodeId node, NodeId from, String what, long msgId) {
}
