package consensuslab.zk.compat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the cross-check suite asks of a ZooKeeper client, in plain values, so that one suite drives
 * Apache's Java client ({@link ApacheZk}) and ours ({@link OurZk}) alike. Failures are
 * {@link ZkError}s carrying ZooKeeper's code name (NONODE, BADVERSION...); watch events go to
 * {@link #events()} as {@code "<type> <path>"} lines and connection states as {@code "state <State>"}.
 */
interface Zk extends AutoCloseable {

    /** A Stat with ids and times set aside: what the cross-check compares. */
    record St(long czxid, long mzxid, long pzxid, int version, int cversion, int aversion, long ephemeralOwner, int dataLength,
              int numChildren) {
    }

    /** One op of a multi: kind is create, delete, setData or check. */
    record MOp(String kind, String path, String data, int version, String mode) {
        static MOp create(String path, String data, String mode) {
            return new MOp("create", path, data, -1, mode);
        }

        static MOp delete(String path, int version) {
            return new MOp("delete", path, null, version, null);
        }

        static MOp setData(String path, String data, int version) {
            return new MOp("setData", path, data, version, null);
        }

        static MOp check(String path, int version) {
            return new MOp("check", path, null, version, null);
        }
    }

    /** A failed operation: ZooKeeper's code name, as KeeperException.Code spells it. */
    final class ZkError extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        ZkError(String code) {
            super(code, null, false, false);
            this.code = code;
        }
    }

    /** Creates a node; acl is a list of "perms:scheme:id" (perms from cdrwa), mode a CreateMode name. */
    String create(String path, String data, List<String> acl, String mode, long ttl) throws ZkError;

    /** create2: the path and the new node's Stat. */
    Object[] create2(String path, String data, List<String> acl, String mode, long ttl) throws ZkError;

    void delete(String path, int version) throws ZkError;

    /** exists; null when there is no such node. */
    St exists(String path, boolean watch) throws ZkError;

    /** getData: data as a UTF-8 string (null for null data) and the Stat. */
    Object[] getData(String path, boolean watch) throws ZkError;

    St setData(String path, String data, int version) throws ZkError;

    /** getChildren2: children as the server orders them, and the parent's Stat. */
    Object[] getChildren(String path, boolean watch) throws ZkError;

    /** getACL as "perms:scheme:id" strings, and the Stat. */
    Object[] getAcl(String path) throws ZkError;

    St setAcl(String path, List<String> acl, int aclVersion) throws ZkError;

    void sync(String path) throws ZkError;

    /** multi: per op "create <path>", "delete", "setData", "check" or "error <CODE>"; a failed multi throws with these. */
    List<String> multi(List<MOp> ops) throws ZkError;

    /** multiRead of getData and getChildren ops ("getData <path>" / "getChildren <path>"), results as strings. */
    List<String> multiRead(List<String> ops) throws ZkError;

    void addWatch(String path, boolean recursive) throws ZkError;

    /** removeWatches of a type (Data, Children, Any, Persistent, PersistentRecursive) on the server. */
    void removeWatches(String path, String type) throws ZkError;

    void addAuth(String scheme, String auth);

    List<String> getEphemerals(String prefix) throws ZkError;

    int getAllChildrenNumber(String path) throws ZkError;

    /** whoAmI: "scheme:id" strings. */
    List<String> whoAmI() throws ZkError;

    /** reconfig (incremental: add this server line); only its outcome matters here. */
    void reconfig(String joining) throws ZkError;

    /** getConfig: the content of /zookeeper/config. */
    String getConfig() throws ZkError;

    long sessionId();

    byte[] password();

    int sessionTimeout();

    /** Watch events and state changes, in delivery order. */
    BlockingQueue<String> events();

    /** Closes the session. */
    @Override
    void close() throws Exception;

    /** Up to {@code n} events (waiting up to 3 s for them), then whatever else arrives within 150 ms. */
    default List<String> takeEvents(int n) throws InterruptedException {
        List<String> out = new java.util.ArrayList<>();
        long end = System.currentTimeMillis() + 3000;
        while (out.size() < n) {
            String e = events().poll(Math.max(1, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (e == null) {
                break;
            }
            if (!e.startsWith("state ")) {
                out.add(e);
            }
        }
        String e;
        while ((e = events().poll(150, TimeUnit.MILLISECONDS)) != null) {
            if (!e.startsWith("state ")) {
                out.add(e);
            }
        }
        return out;
    }

    /** Opens sessions of one client library. */
    interface Factory {
        String name();

        /** Connects (and waits for the session) with this session timeout. */
        Zk connect(String connectString, int timeoutMs) throws Exception;

        /** Resumes a session, e.g. on another member; the result's events show state Expired when refused. */
        Zk resume(String connectString, int timeoutMs, long sessionId, byte[] password) throws Exception;
    }
}
