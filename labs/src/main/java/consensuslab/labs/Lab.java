package consensuslab.labs;

import consensuslab.cli.Main;
import consensuslab.cli.Registry;
import consensuslab.echo.Echo;

/** {@code bin/lab}: every protocol module registers itself here. */
public final class Lab {

    private Lab() {
    }

    /** All protocols known to {@code bin/lab sim --protocol NAME}. */
    public static Registry registry() {
        return new Registry()
                .add(new Echo());
    }

    public static void main(String[] args) {
        System.exit(Main.run(args, registry(), System.out, System.err));
    }
}
