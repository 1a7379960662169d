package consensuslab.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BallotTest {

    @Test
    void ordersByRoundThenProposer() {
        List<Ballot> bs = new ArrayList<>(List.of(new Ballot(2, 1), new Ballot(1, 3), Ballot.ZERO, new Ballot(1, 1), new Ballot(2, 3)));
        bs.sort(null);
        assertEquals(List.of(Ballot.ZERO, new Ballot(1, 1), new Ballot(1, 3), new Ballot(2, 1), new Ballot(2, 3)), bs);
        assertTrue(new Ballot(1, 2).greaterThan(new Ballot(1, 1)));
        assertFalse(new Ballot(1, 2).greaterThan(new Ballot(1, 2)));
        assertTrue(new Ballot(1, 2).atLeast(new Ballot(1, 2)));
        assertEquals(new Ballot(4, 2), Ballot.above(new Ballot(3, 5), 2));
        assertTrue(Ballot.above(new Ballot(3, 5), 2).greaterThan(new Ballot(3, 5)));
    }

    @Test
    void roundTripsThroughJsonAndPrintsShort() {
        Ballot b = new Ballot(7, 3);
        assertEquals(b, Json.MAPPER.convertValue(Json.tree(b), Ballot.class));
        assertEquals("{\"round\":7,\"proposer\":3}", Json.string(b));
        assertEquals("7.3", b.toString());
    }
}
