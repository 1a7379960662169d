package consensuslab.paxos;

/**
 * One slot as a node publishes it: what it holds there and whether it knows it is chosen.
 *
 * @param slot    the log position (always 0 in single-decree Paxos)
 * @param command the value or command, rendered as text ("noop" for a gap filler)
 * @param ballot  the ballot it was accepted in, or "" when only learned
 * @param chosen  true once this node's learner knows the value is chosen
 */
public record LogEntry(long slot, String command, String ballot, boolean chosen) {
}
