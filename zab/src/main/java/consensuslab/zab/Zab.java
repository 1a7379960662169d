package consensuslab.zab;

import consensuslab.check.Checker;
import consensuslab.check.LinearizabilityChecker;
import consensuslab.core.Json;
import consensuslab.core.LinkKind;
import consensuslab.core.NodeFactory;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.zab.check.ZabCheckers;
import consensuslab.zab.check.ZnodeTreeChecker;
import java.util.List;

/**
 * Zab as ZooKeeper 3.9 runs it: fast leader election, discovery, synchronization (DIFF, TRUNC,
 * SNAP), broadcast with observers, group-committed transaction log and snapshots. Registered as
 * {@code zab}.
 */
public final class Zab implements Protocol<ZabMessage> {

    static {
        Json.registerSealed(ZabMessage.class);
    }

    @Override
    public String name() {
        return "zab";
    }

    @Override
    public String summary() {
        return "ZooKeeper's atomic broadcast: FLE, discovery, DIFF/TRUNC/SNAP sync, broadcast, observers "
                + "(params: workload=kv|znode, ops, outstanding, observers, tickTime, initLimit, syncLimit, snapCount, commitLogCount, flushDelay)";
    }

    @Override
    public Class<ZabMessage> messageType() {
        return ZabMessage.class;
    }

    @Override
    public LinkKind linkKind() {
        return LinkKind.CONNECTION;
    }

    @Override
    public int defaultClients() {
        return 2;
    }

    @Override
    public long defaultUntil() {
        return 5_000;
    }

    @Override
    public NodeFactory<ZabMessage> factory(Params params) {
        validate(params);
        if (znodeWorkload(params)) {
            return ctx -> ctx.id().isClient() ? new ZnodeClient(ctx) : new QuorumPeer(ctx, new ZnodeSimStateMachine());
        }
        return ctx -> ctx.id().isClient() ? new ZabClient(ctx) : new QuorumPeer(ctx, new KvStateMachine());
    }

    /** {@code workload=znode}: the data tree with sessions instead of the key-value map. */
    static boolean znodeWorkload(Params p) {
        return "znode".equals(p.get("workload", "kv"));
    }

    /** Checks the parameters once, before any node starts: one clear line for a bad value. */
    static void validate(Params p) {
        for (String k : List.of("tickTime", "finalizeWait", "maxNotificationInterval", "clientTimeout", "retryDelay")) {
            if (p.values().containsKey(k) && p.getLong(k, 1) < 1) {
                throw new IllegalArgumentException("parameter " + k + "=" + p.get(k, "") + " must be at least 1 (ms)");
            }
        }
        for (String k : List.of("initLimit", "syncLimit", "snapCount", "commitLogCount", "snapRetainCount", "keys", "outstanding")) {
            if (p.values().containsKey(k) && p.getInt(k, 1) < 1) {
                throw new IllegalArgumentException("parameter " + k + "=" + p.get(k, "") + " must be at least 1");
            }
        }
        for (String k : List.of("flushDelay", "clientStart", "observers", "ops", "publishLog")) {
            if (p.values().containsKey(k) && p.getLong(k, 0) < 0) {
                throw new IllegalArgumentException("parameter " + k + "=" + p.get(k, "") + " must not be negative");
            }
        }
        String f = p.get("snapshotSizeFactor", "0.33");
        try {
            double d = Double.parseDouble(f);
            if (!(d >= 0)) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter snapshotSizeFactor=" + f + " is not a non-negative number");
        }
        String workload = p.get("workload", "kv");
        if (!workload.equals("kv") && !workload.equals("znode")) {
            throw new IllegalArgumentException("parameter workload=" + workload + " is unknown (workloads: kv, znode)");
        }
        String bug = p.get("bug", "");
        if (!bug.isEmpty() && !bug.equals("lowzxid") && !bug.equals("skiptrunc")) {
            throw new IllegalArgumentException("parameter bug=" + bug + " is unknown (planted bugs: lowzxid, skiptrunc)");
        }
    }

    @Override
    public List<Checker> checkers(Params params, int servers, int clients) {
        List<Checker> all = new java.util.ArrayList<>(ZabCheckers.all(params, servers));
        if (znodeWorkload(params)) {
            all.add(new ZnodeTreeChecker());
        } else {
            // ZooKeeper's writes are linearizable (its plain reads are not; these clients only write)
            all.add(new LinearizabilityChecker());
        }
        return all;
    }
}
