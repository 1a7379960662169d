package consensuslab.faults;

import consensuslab.core.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A list of faults, parsed from and rendered to the syntax of docs/FAULTS.md, e.g.
 * {@code drop=0.1; partition@2s n1|n2,n3; heal@5s; crash n2@3s; restart n2@4s}.
 */
public record FaultSchedule(List<Fault> faults) {

    public static final FaultSchedule NONE = new FaultSchedule(List.of());

    public FaultSchedule {
        faults = List.copyOf(faults);
    }

    public static FaultSchedule parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<Fault> out = new ArrayList<>();
        for (String raw : text.split(";")) {
            String item = raw.trim();
            if (!item.isEmpty()) {
                out.add(parseOne(item));
            }
        }
        return new FaultSchedule(out);
    }

    private static Fault parseOne(String item) {
        String lower = item.toLowerCase();
        for (Fault.Impair.Kind k : Fault.Impair.Kind.values()) {
            String prefix = k.name().toLowerCase() + "=";
            if (lower.startsWith(prefix)) {
                return parseImpair(k, item, item.substring(prefix.length()));
            }
        }
        if (lower.startsWith("latency=")) {
            String v = item.substring("latency=".length());
            if (v.endsWith("ms")) {
                v = v.substring(0, v.length() - 2);
            }
            String[] mm = v.split("-");
            if (mm.length != 2) {
                throw bad(item, "expected latency=MIN-MAXms");
            }
            long min = wholeMs(mm[0], item);
            long max = wholeMs(mm[1], item);
            if (min < 0 || max < min) {
                throw bad(item, "latency range must satisfy 0 <= MIN <= MAX");
            }
            return new Fault.Latency(min, max);
        }
        if (lower.startsWith("partition@")) {
            String rest = item.substring("partition@".length()).trim();
            int sp = rest.indexOf(' ');
            if (sp < 0) {
                throw bad(item, "expected partition@TIME GROUP|GROUP, e.g. partition@2s n1|n2,n3");
            }
            String when = rest.substring(0, sp);
            String trigger = null;
            int plus = when.indexOf('+');
            if (plus >= 0) {
                trigger = when.substring(plus + 1);
                when = when.substring(0, plus);
                if (!trigger.matches("[A-Za-z][A-Za-z0-9_]*")) {
                    throw bad(item, "'" + trigger + "' is not a message type, e.g. partition@2s+PreCommit n1,n2");
                }
            }
            long at = parseTime(when, item);
            Fault p = partitionGroups(item, at, rest.substring(sp + 1));
            return trigger == null ? p : new Fault.OnSend(p, trigger);
        }
        if (lower.startsWith("heal@")) {
            return new Fault.Heal(parseTime(item.substring("heal@".length()).trim(), item));
        }
        return parseNodeFault(item);
    }

    private static Fault partitionGroups(String item, long at, String spec) {
        List<List<Fault.Member>> groups = new ArrayList<>();
        boolean roles = false;
        for (String g : spec.trim().split("\\|")) {
            List<Fault.Member> group = new ArrayList<>();
            for (String n : g.split(",")) {
                Fault.RoleTarget t = roleTarget(n.trim());
                roles |= t != null;
                group.add(t != null ? t : new Fault.NodeMember(node(n.trim(), item)));
            }
            groups.add(group);
        }
        if (groups.size() < 1) {
            throw bad(item, "a partition needs at least one group");
        }
        if (roles) {
            return new Fault.RolePartition(at, groups);
        }
        return new Fault.Partition(at, groups.stream()
                .map(g -> g.stream().map(m -> ((Fault.NodeMember) m).node()).toList()).toList());
    }

    private static Fault parseNodeFault(String item) {
        String[] words = item.split("\\s+");
        if (words.length == 2) {
            Fault.NodeFault.Action action;
            try {
                action = Fault.NodeFault.Action.valueOf(words[0].toUpperCase());
            } catch (IllegalArgumentException e) {
                throw bad(item, "unknown fault '" + words[0] + "' (expected " + KINDS + ")");
            }
            int atSign = words[1].indexOf('@');
            if (atSign < 0) {
                throw bad(item, "expected " + words[0] + " NODE@TIME");
            }
            String who = words[1].substring(0, atSign);
            String when = words[1].substring(atSign + 1);
            Fault.RoleTarget role = roleTarget(who);
            if (role != null) {
                if (action == Fault.NodeFault.Action.START) {
                    throw bad(item, "start needs a node, not a role: nobody holds a role before it starts");
                }
                return new Fault.RoleFault(action, role, parseTime(when, item));
            }
            NodeId n = node(who, item);
            if (action == Fault.NodeFault.Action.CRASH && (when.startsWith("before-sync") || when.startsWith("after-sync"))) {
                boolean after = when.startsWith("after");
                String k = when.substring(after ? "after-sync".length() : "before-sync".length());
                int sync;
                try {
                    sync = Integer.parseInt(k);
                } catch (NumberFormatException e) {
                    throw bad(item, "'" + when + "' needs a sync number, e.g. before-sync3");
                }
                if (sync < 1) {
                    throw bad(item, "sync numbers start at 1");
                }
                return new Fault.CrashAtSync(n, sync, after);
            }
            return new Fault.NodeFault(action, n, parseTime(when, item));
        }
        throw bad(item, "unknown fault (expected " + KINDS + ")");
    }

    private static final String KINDS = "drop, dup, reorder, latency, partition, heal, crash, restart, pause, resume, start";

    /** "leader", "coordinator", "follower", "participant", with an optional rank ("follower2"); null if not a role word. */
    private static Fault.RoleTarget roleTarget(String word) {
        String w = word.trim().toLowerCase(java.util.Locale.ROOT);
        int end = w.length();
        while (end > 0 && Character.isDigit(w.charAt(end - 1))) {
            end--;
        }
        Fault.Role r = Fault.Role.of(w.substring(0, end));
        if (r == null) {
            return null;
        }
        if (end == w.length()) {
            return new Fault.RoleTarget(r, 1);
        }
        if (w.length() - end > 2 || Integer.parseInt(w.substring(end)) < 1) {
            return null; // not a role after all: the caller reports the word
        }
        return new Fault.RoleTarget(r, Integer.parseInt(w.substring(end)));
    }

    private static Fault parseImpair(Fault.Impair.Kind kind, String item, String spec) {
        String value = spec;
        long from = 0;
        long until = Long.MAX_VALUE;
        int at = spec.indexOf('@');
        if (at >= 0) {
            value = spec.substring(0, at);
            String window = spec.substring(at + 1);
            int dash = window.indexOf('-');
            if (dash < 0) {
                from = parseTime(window, item);
            } else {
                from = parseTime(window.substring(0, dash), item);
                String end = window.substring(dash + 1);
                until = end.isEmpty() ? Long.MAX_VALUE : parseTime(end, item);
            }
            if (until <= from) {
                throw bad(item, "the window's end must come after its start");
            }
        }
        double p;
        try {
            p = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw bad(item, "'" + value + "' is not a probability");
        }
        if (!(p >= 0 && p <= 1)) {
            throw bad(item, "probability " + value + " is outside 0..1");
        }
        return new Fault.Impair(kind, p, from, until);
    }

    /** Parses "2s", "1.5s", "250ms" or "250" (ms). */
    public static long parseTime(String t, String item) {
        String s = t.trim();
        try {
            if (s.endsWith("ms")) {
                return checkTime(Long.parseLong(s.substring(0, s.length() - 2)), item, t);
            }
            if (s.endsWith("s")) {
                return checkTime(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000), item, t);
            }
            if (s.endsWith("m")) {
                return checkTime(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000), item, t);
            }
            return checkTime(Long.parseLong(s), item, t);
        } catch (NumberFormatException e) {
            throw bad(item, "'" + t + "' is not a time (use 250ms, 2s or 1.5s)");
        }
    }

    private static long checkTime(long ms, String item, String t) {
        if (ms < 0) {
            throw bad(item, "time '" + t + "' is negative");
        }
        return ms;
    }

    private static long wholeMs(String s, String item) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw bad(item, "'" + s + "' is not a whole number of ms");
        }
    }

    private static NodeId node(String name, String item) {
        try {
            return NodeId.of(name);
        } catch (IllegalArgumentException e) {
            throw bad(item, "'" + name + "' is not a node name (n1..nN, c1..cM) or a role (leader, coordinator, follower, participant)");
        }
    }

    private static FaultSyntaxException bad(String item, String why) {
        return new FaultSyntaxException("bad fault '" + item + "': " + why);
    }

    static String time(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    static String num(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** Checks that every node named exists in a run of {@code servers} servers and {@code clients} clients. */
    public void validate(int servers, int clients) {
        for (Fault f : faults) {
            List<NodeId> named = new ArrayList<>();
            if (f instanceof Fault.Partition p) {
                p.groups().forEach(named::addAll);
            } else if (f instanceof Fault.NodeFault nf) {
                named.add(nf.node());
            } else if (f instanceof Fault.CrashAtSync cs) {
                named.add(cs.node());
            }
            Fault inner = f instanceof Fault.OnSend os ? os.partition() : f;
            if (inner instanceof Fault.Partition p) {
                p.groups().forEach(named::addAll);
            } else if (inner instanceof Fault.RolePartition rp) {
                rp.groups().forEach(g -> g.forEach(m -> {
                    if (m instanceof Fault.NodeMember nm) {
                        named.add(nm.node());
                    }
                }));
            } else if (f instanceof Fault.RoleFault rf && rf.target().rank() > servers) {
                throw new FaultSyntaxException("bad fault '" + f.render() + "': rank " + rf.target().rank()
                        + " but a run with " + servers + " servers");
            }
            for (NodeId n : named) {
                int limit = n.isClient() ? clients : servers;
                if (n.index() > limit) {
                    throw new FaultSyntaxException("bad fault '" + f.render() + "': no node " + n + " in a run with "
                            + servers + " servers and " + clients + " clients");
                }
            }
        }
        java.util.Map<NodeId, Long> starts = new java.util.TreeMap<>();
        for (Fault f : faults) {
            if (f instanceof Fault.NodeFault nf && nf.action() == Fault.NodeFault.Action.START
                    && starts.put(nf.node(), nf.at()) != null) {
                throw new FaultSyntaxException("bad fault '" + f.render() + "': " + nf.node() + " is started twice");
            }
        }
        for (Fault f : faults) {
            if (f instanceof Fault.NodeFault nf && nf.action() != Fault.NodeFault.Action.START
                    && starts.containsKey(nf.node()) && nf.at() < starts.get(nf.node())) {
                throw new FaultSyntaxException("bad fault '" + f.render() + "': " + nf.node() + " only starts at "
                        + time(starts.get(nf.node())));
            }
        }
    }

    /** The same schedule without the faults at the given positions (for shrinking). */
    public FaultSchedule without(java.util.Set<Integer> positions) {
        List<Fault> keep = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            if (!positions.contains(i)) {
                keep.add(faults.get(i));
            }
        }
        return new FaultSchedule(keep);
    }

    /** Faults sorted by time (stable), as they will be applied. */
    public List<Fault> byTime() {
        List<Fault> s = new ArrayList<>(faults);
        s.sort(Comparator.comparingLong(Fault::at));
        return s;
    }

    @Override
    public String toString() {
        return faults.stream().map(Fault::render).collect(Collectors.joining("; "));
    }
}
