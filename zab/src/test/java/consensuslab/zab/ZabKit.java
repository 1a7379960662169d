package consensuslab.zab;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.faults.FaultSchedule;
import consensuslab.sim.SimRun;
import consensuslab.sim.Simulator;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Test helpers: a simulator of the registered Zab protocol with its checkers and an event recorder.
 * Public for the znode service's simulated-workload tests ({@code consensuslab.zk.sim}).
 */
public final class ZabKit {

    static final Zab ZAB = new Zab();

    public final Simulator<ZabMessage> sim;
    final List<Checker> checkers;
    public final List<TraceEvent> events = new ArrayList<>();
    final int servers;

    ZabKit(int servers, int clients, long seed, String params, String faults) {
        this(servers, clients, seed, params, faults, false);
    }

    ZabKit(int servers, int clients, long seed, String params, String faults, boolean torn) {
        this(ZAB, servers, clients, seed, params, faults, torn);
    }

    /** A run of {@code protocol} (Zab with extra workloads). */
    public ZabKit(Zab protocol, int servers, int clients, long seed, String params, String faults) {
        this(protocol, servers, clients, seed, params, faults, false);
    }

    private ZabKit(Zab protocol, int servers, int clients, long seed, String params, String faults, boolean torn) {
        this.servers = servers;
        Params p = Params.parse(params);
        SimRun.Options o = new SimRun.Options(servers, clients, seed, 10_000, FaultSchedule.parse(faults), p, torn, true);
        sim = SimRun.build(protocol, o);
        checkers = protocol.checkers(p, servers, clients);
        TraceListener rec = events::add;
        sim.addListener(rec);
        for (Checker c : checkers) {
            sim.addListener(c);
        }
    }

    static NodeId n(int i) {
        return NodeId.server(i);
    }

    public ZabState state(int i) {
        return (ZabState) sim.state(n(i));
    }

    public QuorumPeer peer(int i) {
        return (QuorumPeer) sim.node(n(i));
    }

    public boolean runUntil(Predicate<Simulator<ZabMessage>> p, long maxTime) {
        return sim.runUntil(p, maxTime);
    }

    /** The leader that is established now, or 0. */
    int establishedLeader() {
        for (int i = 1; i <= servers; i++) {
            if (sim.isUp(n(i)) && state(i) != null && state(i).established()) {
                return i;
            }
        }
        return 0;
    }

    /** Every up server is serving under one established leader. */
    public boolean allServing() {
        int l = establishedLeader();
        if (l == 0) {
            return false;
        }
        for (int i = 1; i <= servers; i++) {
            if (sim.isUp(n(i)) && !sim.isPaused(n(i)) && (state(i) == null || !state(i).serving())) {
                return false;
            }
        }
        return true;
    }

    public List<Violation> finish() {
        List<Violation> out = new ArrayList<>();
        for (Checker c : checkers) {
            c.finish(sim.now());
            out.addAll(c.violations());
        }
        return out;
    }

    List<String> notes(int i) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.type() == EventType.NOTE && ("n" + i).equals(e.node())) {
                out.add(e.text());
            }
        }
        return out;
    }

    public List<String> allNotes() {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.type() == EventType.NOTE && e.node() != null) {
                out.add(e.time() + " " + e.node() + ": " + e.text());
            }
        }
        return out;
    }

    /** The up servers other than {@code leader}. */
    List<Integer> followersOf(int leader) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= servers; i++) {
            if (i != leader && sim.isUp(n(i))) {
                out.add(i);
            }
        }
        return out;
    }

    /** Every up server has the same committed zxid, map and log tail as the leader. */
    String divergence() {
        int l = establishedLeader();
        if (l == 0) {
            return "no established leader";
        }
        ZabState ls = state(l);
        for (int i = 1; i <= servers; i++) {
            if (i == l || !sim.isUp(n(i))) {
                continue;
            }
            ZabState s = state(i);
            if (s.lastCommittedZxid() != ls.lastCommittedZxid() || !s.data().equals(ls.data()) || !sameEntries(s.log(), ls.log())) {
                return "n" + i + " differs from leader n" + l + ": " + s.label() + " " + s.data() + " vs " + ls.label() + " " + ls.data();
            }
        }
        return null;
    }

    /** Log entries with the same zxid are the same, and both tails end at the same zxid. */
    static boolean sameEntries(List<ZabState.LogEntry> a, List<ZabState.LogEntry> b) {
        java.util.Map<String, ZabState.LogEntry> m = new java.util.HashMap<>();
        b.forEach(e -> m.put(e.zxid(), e));
        for (ZabState.LogEntry e : a) {
            ZabState.LogEntry o = m.get(e.zxid());
            if (o != null && !o.equals(e)) {
                return false;
            }
        }
        if (a.isEmpty() || b.isEmpty()) {
            return true; // a learner synced by SNAP starts with an empty log
        }
        return a.get(a.size() - 1).zxid().equals(b.get(b.size() - 1).zxid());
    }

    /** Runs until every up server serves and agrees with the leader (or maxTime). */
    boolean settle(long maxTime) {
        return sim.runUntil(s -> allServing() && divergence() == null, maxTime);
    }

    /** Count of successful client returns. */
    long acked() {
        return events.stream().filter(e -> e.type() == EventType.RETURN).count();
    }
}
