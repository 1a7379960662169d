package consensuslab.zk.sim;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The znode workload's replicas ({@code workload=znode}): (1) every two servers that published a
 * tree at the same last zxid published the same tree digest; (2) once a client's closeSession
 * returned with zxid z, no server whose tree is at z or later holds that session or an ephemeral
 * it owned; (3) no tree holds an ephemeral whose owner is not an open session in that tree.
 * Reads only the servers' published {@code data} (lastZxid, digest, sessions, nodes) and the
 * clients' invoke/return events.
 */
public final class ZnodeTreeChecker implements Checker {

    private final List<Violation> violations = new ArrayList<>();
    /** lastZxid → "digest by node" as first seen. */
    private final Map<Long, String[]> digests = new TreeMap<>();
    /** "c1:7" → session of an outstanding closeSession. */
    private final Map<String, String> closing = new HashMap<>();
    /** session → zxid its close was acknowledged at. */
    private final Map<String, Long> closed = new TreeMap<>();

    @Override
    public String name() {
        return "znode-replicas";
    }

    @Override
    public void onEvent(TraceEvent e) {
        if (e.node() == null || !violations.isEmpty()) {
            return;
        }
        if (e.type() == EventType.INVOKE && e.node().startsWith("c")) {
            JsonNode op = TraceEvent.json(e.op());
            if (op != null && "closeSession".equals(op.path("f").asText())) {
                closing.put(e.node() + ":" + e.id(), op.path("session").asText());
            }
        } else if (e.type() == EventType.RETURN && e.node().startsWith("c")) {
            String s = closing.remove(e.node() + ":" + e.id());
            JsonNode r = TraceEvent.json(e.result());
            if (s != null && r != null && r.path("zxid").asLong() > 0) {
                closed.merge(s, r.path("zxid").asLong(), Math::min);
            }
        } else if (e.type() == EventType.STATE && e.node().startsWith("n")) {
            JsonNode data = TraceEvent.json(e.state()).path("data");
            if (!data.has("digest") || !data.has("lastZxid")) {
                return;
            }
            onTree(e, data);
        }
    }

    private void onTree(TraceEvent e, JsonNode data) {
        long zxid = Long.decode(data.path("lastZxid").asText());
        String digest = data.path("digest").asText();
        String[] first = digests.get(zxid);
        if (first == null) {
            digests.put(zxid, new String[] {digest, e.node()});
        } else if (!first[0].equals(digest)) {
            fail(e.node() + " has tree digest " + digest + " at zxid 0x" + Long.toHexString(zxid) + " but " + first[1]
                    + " had " + first[0] + " at that zxid", e.seq());
            return;
        }
        List<String> sessions = new ArrayList<>();
        for (JsonNode s : data.path("sessions")) {
            sessions.add(s.asText());
        }
        for (Map.Entry<String, Long> c : closed.entrySet()) {
            if (zxid >= c.getValue() && sessions.contains(c.getKey())) {
                fail(e.node() + " still holds session " + c.getKey() + " at zxid 0x" + Long.toHexString(zxid)
                        + " after its close was acknowledged at 0x" + Long.toHexString(c.getValue()), e.seq());
                return;
            }
        }
        for (JsonNode n : data.path("nodes")) {
            String owner = n.path("ephemeralOwner").isTextual() ? n.path("ephemeralOwner").asText() : null;
            if (owner == null) {
                continue;
            }
            Long at = closed.get(owner);
            if (at != null && zxid >= at) {
                fail(e.node() + " still holds ephemeral " + n.path("path").asText() + " of session " + owner + " at zxid 0x"
                        + Long.toHexString(zxid) + ", after that session's close at 0x" + Long.toHexString(at), e.seq());
                return;
            }
            if (!sessions.contains(owner)) {
                fail(e.node() + " holds ephemeral " + n.path("path").asText() + " of session " + owner
                        + " which is not open in its tree (zxid 0x" + Long.toHexString(zxid) + ")", e.seq());
                return;
            }
        }
    }

    private void fail(String message, long seq) {
        violations.add(new Violation(name(), message, seq));
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
