package consensuslab.zab;

import consensuslab.check.Checker;
import consensuslab.core.Json;
import consensuslab.core.LinkKind;
import consensuslab.core.MessageCodec;
import consensuslab.core.NodeFactory;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.zab.check.ZabCheckers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zab as ZooKeeper 3.9 runs it: fast leader election, discovery, synchronization (DIFF, TRUNC,
 * SNAP), broadcast with observers, group-committed transaction log and snapshots. Registered as
 * {@code zab}. What it replicates is a {@link ZabWorkload}: the key-value map by default, others
 * (the znode service's tree) added with {@link #with}.
 */
public final class Zab implements Protocol<ZabMessage> {

    static {
        Json.registerSealed(ZabMessage.class);
    }

    private final Map<String, ZabWorkload> workloads = new LinkedHashMap<>();
    private ZabRules rules = ZabRules.reference();

    /** Zab with the key-value workload only. */
    public Zab() {
        KvWorkload kv = new KvWorkload();
        workloads.put(kv.name(), kv);
    }

    /** Zab with the key-value workload and {@code extra} ones, selected by {@code workload=NAME}. */
    public static Zab with(ZabWorkload... extra) {
        Zab z = new Zab();
        for (ZabWorkload w : extra) {
            z.workloads.put(w.name(), w);
        }
        return z;
    }

    /** The same Zab, with other election and sync rules (a graded exercise run). */
    public Zab using(ZabRules other) {
        Zab z = new Zab();
        z.workloads.putAll(workloads);
        z.rules = other;
        return z;
    }

    public ZabRules rules() {
        return rules;
    }

    @Override
    public String name() {
        return "zab";
    }

    @Override
    public String summary() {
        return "ZooKeeper's atomic broadcast: FLE, discovery, DIFF/TRUNC/SNAP sync, broadcast, observers "
                + "(params: workload=kv|znode|recipes, recipe, ops, outstanding, observers, tickTime, initLimit, syncLimit, snapCount, commitLogCount)";
    }

    @Override
    public Class<ZabMessage> messageType() {
        return ZabMessage.class;
    }

    @Override
    public LinkKind linkKind() {
        return LinkKind.CONNECTION;
    }

    /** Binary peer frames on TCP ({@link ZabCodec}); traces stay JSON. */
    @Override
    public MessageCodec<ZabMessage> codec() {
        return ZabCodec.codec();
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
        ZabWorkload w = workload(params);
        ZabRules r = rules;
        return ctx -> ctx.id().isClient() ? w.client(ctx) : new QuorumPeer(ctx, w.stateMachine(), r);
    }

    /** The workload that {@code workload=NAME} selects (default {@code kv}). */
    private ZabWorkload workload(Params p) {
        String name = p.get("workload", "kv");
        ZabWorkload w = workloads.get(name);
        if (w == null) {
            throw new IllegalArgumentException("parameter workload=" + name + " is unknown (workloads: " + String.join(", ", workloads.keySet()) + ")");
        }
        return w;
    }

    /** Checks the parameters once, before any node starts: one clear line for a bad value. */
    void validate(Params p) {
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
        for (String k : List.of("clientStart", "observers", "ops", "publishLog")) {
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
        workload(p);
        String bug = p.get("bug", "");
        if (!bug.isEmpty() && !bug.equals("lowzxid") && !bug.equals("skiptrunc")) {
            throw new IllegalArgumentException("parameter bug=" + bug + " is unknown (planted bugs: lowzxid, skiptrunc)");
        }
    }

    @Override
    public List<Checker> checkers(Params params, int servers, int clients) {
        List<Checker> all = new java.util.ArrayList<>(ZabCheckers.all(params, servers));
        all.addAll(workload(params).checkers());
        return all;
    }
}
