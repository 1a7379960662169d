package consensuslab.paxos.reference;

import consensuslab.paxos.multi.Command;
import consensuslab.paxos.multi.MultiPaxosMessage.AcceptedEntry;
import consensuslab.paxos.multi.SlotRecovery;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/** The reference solution of lab 4's exercise: the Paxos rule per slot, and no-ops in the gaps. */
public final class ReferenceSlotRecovery implements SlotRecovery {

    @Override
    public SortedMap<Long, Command> recover(long start, long maxChosen, List<List<AcceptedEntry>> promises, LongPredicate chosen) {
        TreeMap<Long, AcceptedEntry> best = new TreeMap<>();
        for (List<AcceptedEntry> reported : promises) {
            for (AcceptedEntry e : reported) {
                AcceptedEntry b = best.get(e.slot());
                if (e.slot() >= start && (b == null || e.ballot().greaterThan(b.ballot()))) {
                    best.put(e.slot(), e); // the highest-ballot proposal reported for the slot
                }
            }
        }
        long max = Math.max(maxChosen, best.isEmpty() ? start - 1 : best.lastKey());
        SortedMap<Long, Command> plan = new TreeMap<>();
        for (long s = start; s <= max; s++) {
            if (!chosen.test(s)) {
                AcceptedEntry e = best.get(s);
                plan.put(s, e != null ? e.command() : Command.noop()); // a gap: nothing was chosen there
            }
        }
        return plan;
    }
}
