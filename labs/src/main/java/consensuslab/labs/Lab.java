package consensuslab.labs;

import consensuslab.cli.Main;
import consensuslab.cli.Registry;
import consensuslab.echo.Echo;
import consensuslab.paxos.basic.BasicPaxos;
import consensuslab.paxos.multi.MultiPaxos;
import consensuslab.twopc.three.ThreePhaseCommit;
import consensuslab.twopc.two.TwoPhaseCommit;

/** {@code bin/lab}: every protocol module registers itself here. */
public final class Lab {

    private Lab() {
    }

    /** All protocols known to {@code bin/lab sim --protocol NAME}. */
    public static Registry registry() {
        return new Registry()
                .add(new Echo())
                .add(new TwoPhaseCommit())
                .add(new ThreePhaseCommit())
                .add(new BasicPaxos())
                .add(new MultiPaxos());
    }

    public static void main(String[] args) {
        System.exit(Main.run(args, registry(), System.out, System.err));
    }
}
