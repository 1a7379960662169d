package consensuslab.zk.ensemble;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Waiting for a real ensemble to serve, as its operators see it: every member's {@code srvr}
 * reports {@code Mode: leader} (exactly one) or {@code Mode: follower}. Shared by the tests that
 * run our servers or Apache ZooKeeper's as separate processes.
 */
public final class EnsembleWait {

    private EnsembleWait() {
    }

    /**
     * Polls {@code mode} (a member's id to its srvr mode, or null if it does not answer) until these
     * members are one leader and followers; returns the leader's id. Past {@code timeoutMs} it
     * throws, naming every member's last mode and {@code where} to look (the logs).
     */
    public static int awaitServing(List<Integer> members, IntFunction<String> mode, long timeoutMs, String where)
            throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        String last = "";
        while (System.currentTimeMillis() < end) {
            int leader = 0;
            int followers = 0;
            StringBuilder sb = new StringBuilder();
            for (int i : members) {
                String m = mode.apply(i);
                sb.append(" server.").append(i).append('=').append(m);
                if ("leader".equals(m)) {
                    leader = leader == 0 ? i : -1;
                } else if ("follower".equals(m)) {
                    followers++;
                }
            }
            last = sb.toString();
            if (leader > 0 && followers == members.size() - 1) {
                return leader;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no ensemble of " + members + " within " + timeoutMs + " ms:" + last + " (" + where + ")");
    }
}
