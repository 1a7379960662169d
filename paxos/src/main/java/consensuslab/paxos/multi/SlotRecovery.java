package consensuslab.paxos.multi;

import java.util.List;
import java.util.SortedMap;
import java.util.function.LongPredicate;

/**
 * What a new Multi-Paxos leader proposes once a majority has promised: lab 4's graded exercise
 * ({@code bin/lab grade multipaxos-recovery}). The {@link Proposer} proposes, in its own ballot,
 * exactly the commands returned, slot by slot. The protocol's own answer is
 * {@link consensuslab.paxos.reference.ReferenceSlotRecovery}.
 */
public interface SlotRecovery {

    /**
     * @param start     the first slot this leader does not know to be chosen (its commit index)
     * @param maxChosen the highest slot it knows to be chosen ({@code start - 1} if none)
     * @param promises  what each promising acceptor reported: its accepted (slot, ballot, command)
     *                  entries; entries below {@code start} may appear and are not to be proposed
     * @param chosen    whether this leader already knows a slot to be chosen (those need no proposal)
     * @return the command to propose in every slot from {@code start} up to the highest slot
     *         reported or known chosen, except the slots already chosen; {@link Command#noop()}
     *         where nothing was reported
     */
    SortedMap<Long, Command> recover(long start, long maxChosen, List<List<MultiPaxosMessage.AcceptedEntry>> promises, LongPredicate chosen);
}
