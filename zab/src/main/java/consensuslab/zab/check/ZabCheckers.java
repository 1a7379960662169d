package consensuslab.zab.check;

import consensuslab.check.Checker;
import consensuslab.core.Params;
import java.util.List;

/** The Zab checkers for one run, sharing one {@link ZabHistory}. */
public final class ZabCheckers {

    private ZabCheckers() {
    }

    public static List<Checker> all(Params params, int servers) {
        ZabHistory h = new ZabHistory();
        int observers = Math.max(0, Math.min(servers - 1, params.getInt("observers", 0)));
        return List.of(new IntegrityChecker(h), new TotalOrderChecker(h), new AgreementChecker(h), new LocalPrimaryOrderChecker(h),
                new GlobalPrimaryOrderChecker(h), new PrimaryIntegrityChecker(h), new AckedInLaterLeaderChecker(h),
                new ObserversNeverVoteChecker(h, servers, observers));
    }
}
