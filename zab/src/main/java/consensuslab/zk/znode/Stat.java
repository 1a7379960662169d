package consensuslab.zk.znode;

/**
 * A znode's status as clients see it, fields in ZooKeeper's wire order.
 * {@code cversion} is the reported child version (creations + deletions of children) and
 * {@code ephemeralOwner} is the owning session for ephemerals, 0 for every other kind.
 */
public record Stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion, int aversion,
                   long ephemeralOwner, int dataLength, int numChildren, long pzxid) {
}
