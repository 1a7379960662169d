package consensuslab.labs.student;

import consensuslab.paxos.multi.Command;
import consensuslab.paxos.multi.MultiPaxosMessage.AcceptedEntry;
import consensuslab.paxos.multi.SlotRecovery;
import java.util.List;
import java.util.SortedMap;
import java.util.function.LongPredicate;

/**
 * Lab 4's exercise: what a new Multi-Paxos leader proposes once a majority has promised. Fill in
 * {@link #recover}, then run {@code bin/lab grade multipaxos-recovery}.
 *
 * <p>For every slot from {@code start} up to the highest slot reported (or {@code maxChosen}),
 * skipping the slots {@code chosen} says are chosen: the command of the highest-ballot entry
 * reported for that slot ({@code e.ballot().greaterThan(...)}), or {@link Command#noop()} if no
 * promise reported one. Entries below {@code start} are not proposed again.
 */
public final class StudentSlotRecovery implements SlotRecovery {

    @Override
    public SortedMap<Long, Command> recover(long start, long maxChosen, List<List<AcceptedEntry>> promises, LongPredicate chosen) {
        throw new UnsupportedOperationException("not written yet: fill in StudentSlotRecovery.recover");
    }
}
