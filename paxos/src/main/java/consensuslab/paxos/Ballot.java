package consensuslab.paxos;

/**
 * A ballot (proposal number): ordered first by {@code round}, then by the proposer's server index,
 * so two proposers never use the same ballot. {@link #ZERO} is below every real ballot.
 *
 * @param round    the round, counting from 1
 * @param proposer the proposing server's index (2 for n2); 0 only in {@link #ZERO}
 */
public record Ballot(long round, int proposer) implements Comparable<Ballot> {

    public static final Ballot ZERO = new Ballot(0, 0);

    /** The smallest ballot of {@code proposer} above {@code seen}. */
    public static Ballot above(Ballot seen, int proposer) {
        return new Ballot(seen.round() + 1, proposer);
    }

    @Override
    public int compareTo(Ballot o) {
        int c = Long.compare(round, o.round);
        return c != 0 ? c : Integer.compare(proposer, o.proposer);
    }

    public boolean greaterThan(Ballot o) {
        return compareTo(o) > 0;
    }

    public boolean atLeast(Ballot o) {
        return compareTo(o) >= 0;
    }

    /** "3.2": round 3 of n2. */
    @Override
    public String toString() {
        return round + "." + proposer;
    }
}
