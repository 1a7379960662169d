package consensuslab.twopc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Params;
import consensuslab.prop.FaultBounds;
import consensuslab.prop.PropertyRunner;
import consensuslab.twopc.two.TwoPhaseCommit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The property test can fail: with {@code bug=noforce} a participant votes yes without forcing its
 * PREPARED record, so a crash right after the vote makes it forget a transaction the coordinator
 * goes on to commit. The runner must find such a seed among the first few hundred and shrink it.
 */
class PlantedBugTest {

    @Test
    void runnerFindsTheUnforcedYesVote() {
        Optional<PropertyRunner.Failure> f = PropertyRunner.of(new TwoPhaseCommit()).nodes(4).clients(2).until(4_000)
                .params(Params.parse("txns=3,bug=noforce")).shrinkParam("txns")
                .faults(FaultBounds.none().crashes(2).maxDown(1).horizon(1_500)).seeds(400).search();
        assertTrue(f.isPresent(), "the planted bug was not found in 400 seeds");
        System.out.println(f.get().report());
        assertTrue(f.get().command().contains("bug=noforce"));
        assertTrue(f.get().minimal().faults().size() <= f.get().original().faults().size());
    }
}
