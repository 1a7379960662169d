package consensuslab.paxos.basic;

import consensuslab.paxos.LogEntry;
import java.util.List;

/**
 * What a single-decree Paxos server publishes.
 *
 * @param role           "proposer" while it has a proposal under way, "learner" once it learned,
 *                       "acceptor" otherwise
 * @param label          one line: ballot, promise, acceptance, learned value
 * @param input          the value this node's proposer would propose (null if it is not a proposer)
 * @param phase          the proposer's phase: IDLE, PREPARING, ACCEPTING, DONE
 * @param ballot         the proposer's current ballot
 * @param promisesFrom   acceptors that promised the current ballot
 * @param promised       the acceptor's promise
 * @param acceptedBallot the acceptor's accepted ballot ("0.0": none)
 * @param acceptedValue  the acceptor's accepted value
 * @param log            slot 0: the accepted or learned value, chosen = learned
 */
public record PaxosState(String role, String label, String input, String phase, String ballot, List<String> promisesFrom,
                         String promised, String acceptedBallot, String acceptedValue, List<LogEntry> log) {
}
