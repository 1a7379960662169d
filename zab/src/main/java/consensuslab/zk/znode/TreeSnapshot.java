package consensuslab.zk.znode;

import java.util.List;

/**
 * A whole data tree with its sessions, as of {@code lastZxid}: nodes in depth-first pre-order
 * from the root, each with its persisted stat (stored cversion and the internal ephemeral-owner
 * marker). Serializable with Jackson.
 */
public record TreeSnapshot(long lastZxid, List<SessionEntry> sessions, List<NodeEntry> nodes) {
    public TreeSnapshot {
        sessions = List.copyOf(sessions);
        nodes = List.copyOf(nodes);
    }

    public record SessionEntry(long sessionId, int timeout) {
    }

    public record NodeEntry(String path, byte[] data, List<Acl> acl, long czxid, long mzxid, long ctime, long mtime,
                            int version, int cversion, int aversion, long ephemeralOwner, long pzxid) {
    }
}
