package consensuslab.zk.znode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * The znode data tree: ZAB's replicated state machine. Deterministic and free of I/O.
 *
 * <p>Writes arrive only as {@link ZnodeTxn}s through {@link #apply(ZnodeTxn)}, each carrying the zxid and
 * time chosen by the leader; the tree validates them in ZooKeeper's order (so every replica
 * reaches the same verdict) and returns the result with the watch notifications to deliver.
 * Reads ({@link #getData}, {@link #exists}, {@link #getChildren}, {@link #getAcl}) are served
 * directly and may register watches for a watcher id (a connection at the serving server).
 */
public final class DataTree {
    /** Internal ephemeralOwner marker of container nodes (hidden from clients). */
    public static final long CONTAINER_OWNER = Long.MIN_VALUE;
    /** High byte marking TTL nodes; the low bits hold the TTL. */
    public static final long TTL_MARK = 0xFF00000000000000L;
    public static final long MAX_TTL = 0x000000FFFFFFFFFFL;
    public static final long NO_WATCHER = -1;

    private static final List<String> SPECIAL = List.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config");

    /** A znode as stored (stored cversion counts child creations). */
    private static final class Node {
        byte[] data;
        List<Acl> acl;
        long czxid;
        long mzxid;
        long ctime;
        long mtime;
        int version;
        int cversion;
        int aversion;
        long owner;
        long pzxid;
        final TreeSet<String> children = new TreeSet<>();

        Node copy() {
            Node n = new Node();
            n.data = data;
            n.acl = acl;
            n.czxid = czxid;
            n.mzxid = mzxid;
            n.ctime = ctime;
            n.mtime = mtime;
            n.version = version;
            n.cversion = cversion;
            n.aversion = aversion;
            n.owner = owner;
            n.pzxid = pzxid;
            n.children.addAll(children);
            return n;
        }
    }

    private final TreeConfig config;
    private final Map<String, Node> nodes = new HashMap<>(); // lookups only, never iterated
    private final TreeMap<Long, TreeSet<String>> ephemerals = new TreeMap<>();
    private final TreeSet<String> containers = new TreeSet<>();
    private final TreeSet<String> ttls = new TreeSet<>();
    private final TreeMap<Long, Integer> sessions = new TreeMap<>();
    private final WatchManager watches = new WatchManager();
    /** The identities each watcher had when it last registered a watch: events need READ on the node. */
    private final Map<Long, List<Id>> watcherAuth = new HashMap<>();
    private long lastZxid;
    private long dataBytes;

    // Set while a multi is being applied: the first saved state of every touched path.
    private Map<String, Node> undo;
    private List<Notification> pending;

    public DataTree(TreeConfig config) {
        this.config = config;
        Node root = new Node();
        root.data = new byte[0];
        root.acl = Acl.OPEN_ACL_UNSAFE;
        nodes.put("/", root);
        addSystemNode("/zookeeper", Acl.OPEN_ACL_UNSAFE);
        addSystemNode("/zookeeper/quota", Acl.OPEN_ACL_UNSAFE);
        addSystemNode("/zookeeper/config", Acl.READ_ACL_UNSAFE);
    }

    public DataTree() {
        this(TreeConfig.defaults());
    }

    private void addSystemNode(String path, List<Acl> acl) {
        Node n = new Node();
        n.data = new byte[0];
        n.acl = acl;
        nodes.put(path, n);
        nodes.get(PathRules.parent(path)).children.add(PathRules.name(path));
    }

    public TreeConfig config() {
        return config;
    }

    /** The zxid of the last applied transaction (0 for a fresh tree). */
    public long lastZxid() {
        return lastZxid;
    }

    /**
     * Sets the content of /zookeeper/config (the ensemble's membership text), outside the
     * transaction stream, as ZooKeeper does when it loads its configuration.
     */
    public void setConfigData(byte[] data) {
        nodes.get("/zookeeper/config").data = data == null ? new byte[0] : data.clone();
    }

    // ---- writes -------------------------------------------------------------------------

    /** Applies one transaction. Its zxid must be above every zxid applied before. */
    public TxnResult apply(ZnodeTxn txn) {
        if (txn.zxid() <= lastZxid) {
            throw new IllegalArgumentException("txn zxid 0x" + Long.toHexString(txn.zxid())
                    + " is not after the last applied zxid 0x" + Long.toHexString(lastZxid));
        }
        pending = new ArrayList<>();
        OpResult result;
        if (txn.op() instanceof Op.Multi m) {
            result = applyMulti(txn, m);
        } else {
            try {
                result = applyOne(txn, txn.op());
            } catch (ZnodeException e) {
                result = new OpResult.Error(e.code(), e.path());
            }
        }
        lastZxid = txn.zxid();
        List<Notification> fired = pending;
        pending = null;
        return new TxnResult(txn.zxid(), result, fired);
    }

    private OpResult applyMulti(ZnodeTxn txn, Op.Multi m) {
        undo = new HashMap<>();
        Map<Long, TreeSet<String>> ephBefore = new TreeMap<>();
        ephemerals.forEach((k, v) -> ephBefore.put(k, new TreeSet<>(v)));
        TreeSet<String> containersBefore = new TreeSet<>(containers);
        TreeSet<String> ttlsBefore = new TreeSet<>(ttls);
        long bytesBefore = dataBytes;
        List<OpResult> results = new ArrayList<>();
        try {
            for (int i = 0; i < m.ops().size(); i++) {
                Op op = m.ops().get(i);
                try {
                    if (!(op instanceof Op.Create || op instanceof Op.Delete || op instanceof Op.SetData
                            || op instanceof Op.Check)) {
                        throw new ZnodeException(Code.BADARGUMENTS, null);
                    }
                    results.add(applyOne(txn, op));
                } catch (ZnodeException e) {
                    // roll back everything this multi did
                    undo.forEach((path, saved) -> {
                        if (saved == null) {
                            nodes.remove(path);
                        } else {
                            nodes.put(path, saved);
                        }
                    });
                    ephemerals.clear();
                    ephemerals.putAll(ephBefore);
                    containers.clear();
                    containers.addAll(containersBefore);
                    ttls.clear();
                    ttls.addAll(ttlsBefore);
                    dataBytes = bytesBefore;
                    pending.clear();
                    List<OpResult> errs = new ArrayList<>();
                    for (int j = 0; j < m.ops().size(); j++) {
                        errs.add(new OpResult.Error(j < i ? Code.OK : j == i ? e.code() : Code.RUNTIMEINCONSISTENCY,
                                j == i ? e.path() : null));
                    }
                    return new OpResult.MultiResult(errs);
                }
            }
            return new OpResult.MultiResult(results);
        } finally {
            undo = null;
        }
    }

    /** Records the state of {@code path} before a multi first changes it, then returns the live node. */
    private Node touch(String path) {
        Node n = nodes.get(path);
        if (undo != null && !undo.containsKey(path)) {
            undo.put(path, n == null ? null : n.copy());
            if (n != null) {
                // keep the saved copy intact: continue working on a fresh copy
                Node live = n.copy();
                nodes.put(path, live);
                return live;
            }
        }
        return n;
    }

    private OpResult applyOne(ZnodeTxn txn, Op op) throws ZnodeException {
        if (op instanceof Op.Create c) {
            return create(txn, c);
        } else if (op instanceof Op.Delete d) {
            return delete(txn, d);
        } else if (op instanceof Op.SetData s) {
            return setData(txn, s);
        } else if (op instanceof Op.SetAcl s) {
            return setAcl(txn, s);
        } else if (op instanceof Op.Check c) {
            return check(txn, c);
        } else if (op instanceof Op.CreateSession s) {
            sessions.put(s.sessionId(), s.timeout());
            return new OpResult.SessionCreated(s.sessionId(), s.timeout());
        } else if (op instanceof Op.CloseSession s) {
            return closeSession(txn, s.sessionId());
        } else if (op instanceof Op.DeleteContainer d) {
            return deleteContainer(txn, d.path());
        } else if (op instanceof Op.Multi) {
            throw new ZnodeException(Code.BADARGUMENTS, null);
        }
        throw new ZnodeException(Code.UNIMPLEMENTED, null);
    }

    private void checkSession(ZnodeTxn txn) throws ZnodeException {
        if (txn.sessionId() != 0 && !sessions.containsKey(txn.sessionId())) {
            throw new ZnodeException(Code.SESSIONEXPIRED, null);
        }
    }

    private static void checkPath(String path, boolean sequential) throws ZnodeException {
        if (PathRules.problem(path, sequential) != null) {
            throw new ZnodeException(Code.BADARGUMENTS, path);
        }
    }

    private void checkSize(byte[] data, String path) throws ZnodeException {
        if (data != null && data.length > config.maxDataBytes()) {
            throw new ZnodeException(Code.BADARGUMENTS, path);
        }
    }

    private OpResult create(ZnodeTxn txn, Op.Create c) throws ZnodeException {
        CreateMode mode = CreateMode.fromFlag(c.flags());
        String path = c.path();
        if (mode == null) {
            throw new ZnodeException(Code.BADARGUMENTS, path);
        }
        if (mode.isTTL()) {
            if (!config.extendedTypesEnabled()) {
                throw new ZnodeException(Code.UNIMPLEMENTED, path);
            }
            if (c.ttl() <= 0 || c.ttl() > MAX_TTL) {
                throw new ZnodeException(Code.BADARGUMENTS, path);
            }
        } else if (c.ttl() >= 0) {
            throw new ZnodeException(Code.BADARGUMENTS, path);
        }
        checkSession(txn);
        checkPath(path, mode.isSequential());
        checkSize(c.data(), path);
        List<Acl> acl = fixupAcl(c.acl(), txn.auth(), path);
        String parentPath = PathRules.parent(path);
        Node parent = nodes.get(parentPath);
        if (parent == null) {
            throw new ZnodeException(Code.NONODE, path);
        }
        checkAcl(parent.acl, Acl.CREATE, txn.auth(), path);
        if (mode.isSequential()) {
            path = path + String.format(Locale.ROOT, "%010d", parent.cversion);
        }
        checkPath(path, false);
        if (nodes.containsKey(path)) {
            throw new ZnodeException(Code.NODEEXISTS, path);
        }
        if (isEphemeralOwner(parent.owner)) {
            throw new ZnodeException(Code.NOCHILDRENFOREPHEMERALS, path);
        }
        parent = touch(parentPath);
        touch(path);
        Node n = new Node();
        n.data = c.data() == null ? null : c.data().clone();
        n.acl = acl;
        n.czxid = txn.zxid();
        n.mzxid = txn.zxid();
        n.pzxid = txn.zxid();
        n.ctime = txn.time();
        n.mtime = txn.time();
        if (mode.isEphemeral()) {
            n.owner = txn.sessionId();
            ephemerals.computeIfAbsent(txn.sessionId(), k -> new TreeSet<>()).add(path);
        } else if (mode.isContainer()) {
            n.owner = CONTAINER_OWNER;
            containers.add(path);
        } else if (mode.isTTL()) {
            n.owner = TTL_MARK | c.ttl();
            ttls.add(path);
        }
        nodes.put(path, n);
        dataBytes += path.length() + (n.data == null ? 0 : n.data.length);
        parent.children.add(PathRules.name(path));
        parent.cversion++;
        parent.pzxid = txn.zxid();
        fire(path, WatchEventType.NodeCreated, txn.zxid(), n.acl);
        fire(parentPath, WatchEventType.NodeChildrenChanged, txn.zxid(), parent.acl);
        return new OpResult.Created(path, stat(n));
    }

    /** Fires the watches for a change, keeping only watchers that may READ the node. */
    private void fire(String path, WatchEventType type, long zxid, List<Acl> acl) {
        int from = pending.size();
        watches.trigger(path, type, zxid, pending);
        for (int i = pending.size() - 1; i >= from; i--) {
            List<Id> auth = watcherAuth.get(pending.get(i).watcher());
            if (auth != null && !permitted(acl, Acl.READ, auth)) {
                pending.remove(i);
            }
        }
    }

    private void noteWatcher(long watcher, List<Id> auth) {
        if (watcher != NO_WATCHER) {
            watcherAuth.put(watcher, List.copyOf(auth));
        }
    }

    private static boolean isEphemeralOwner(long owner) {
        return owner != 0 && owner != CONTAINER_OWNER && (owner & TTL_MARK) != TTL_MARK;
    }

    private OpResult delete(ZnodeTxn txn, Op.Delete d) throws ZnodeException {
        String path = d.path();
        checkSession(txn);
        checkPath(path, false);
        if (SPECIAL.contains(path)) {
            throw new ZnodeException(Code.BADARGUMENTS, path);
        }
        Node parent = nodes.get(PathRules.parent(path));
        if (parent == null) {
            throw new ZnodeException(Code.NONODE, path);
        }
        checkAcl(parent.acl, Acl.DELETE, txn.auth(), path);
        Node n = nodes.get(path);
        if (n == null) {
            throw new ZnodeException(Code.NONODE, path);
        }
        if (d.version() != -1 && d.version() != n.version) {
            throw new ZnodeException(Code.BADVERSION, path);
        }
        if (!n.children.isEmpty()) {
            throw new ZnodeException(Code.NOTEMPTY, path);
        }
        removeNode(path, txn.zxid());
        return new OpResult.Deleted();
    }

    private void removeNode(String path, long zxid) {
        String parentPath = PathRules.parent(path);
        Node parent = touch(parentPath);
        Node n = touch(path);
        nodes.remove(path);
        dataBytes -= path.length() + (n.data == null ? 0 : n.data.length);
        parent.children.remove(PathRules.name(path));
        parent.pzxid = zxid;
        if (isEphemeralOwner(n.owner)) {
            TreeSet<String> s = ephemerals.get(n.owner);
            if (s != null) {
                s.remove(path);
                if (s.isEmpty()) {
                    ephemerals.remove(n.owner);
                }
            }
        }
        containers.remove(path);
        ttls.remove(path);
        fire(path, WatchEventType.NodeDeleted, zxid, n.acl);
        fire(parentPath, WatchEventType.NodeChildrenChanged, zxid, parent.acl);
    }

    private OpResult setData(ZnodeTxn txn, Op.SetData s) throws ZnodeException {
        String path = s.path();
        checkSession(txn);
        checkPath(path, false);
        Node n = nodes.get(path);
        if (n == null) {
            throw new ZnodeException(Code.NONODE, path);
        }
        checkAcl(n.acl, Acl.WRITE, txn.auth(), path);
        if (s.version() != -1 && s.version() != n.version) {
            throw new ZnodeException(Code.BADVERSION, path);
        }
        checkSize(s.data(), path);
        n = touch(path);
        dataBytes += (s.data() == null ? 0 : s.data().length) - (n.data == null ? 0 : n.data.length);
        n.data = s.data() == null ? null : s.data().clone();
        n.version++;
        n.mzxid = txn.zxid();
        n.mtime = txn.time();
        fire(path, WatchEventType.NodeDataChanged, txn.zxid(), n.acl);
        return new OpResult.DataSet(stat(n));
    }

    private OpResult setAcl(ZnodeTxn txn, Op.SetAcl s) throws ZnodeException {
        String path = s.path();
        checkSession(txn);
        checkPath(path, false);
        List<Acl> acl = fixupAcl(s.acl(), txn.auth(), path);
        Node n = nodes.get(path);
        if (n == null) {
            throw new ZnodeException(Code.NONODE, path);
        }
        checkAcl(n.acl, Acl.ADMIN, txn.auth(), path);
        if (s.version() != -1 && s.version() != n.aversion) {
            throw new ZnodeException(Code.BADVERSION, path);
        }
        n = touch(path);
        n.acl = acl;
        n.aversion++;
        return new OpResult.AclSet(stat(n));
    }

    private OpResult check(ZnodeTxn txn, Op.Check c) throws ZnodeException {
        checkSession(txn);
        checkPath(c.path(), false);
        Node n = nodes.get(c.path());
        if (n == null) {
            throw new ZnodeException(Code.NONODE, c.path());
        }
        checkAcl(n.acl, Acl.READ, txn.auth(), c.path());
        if (c.version() != -1 && c.version() != n.version) {
            throw new ZnodeException(Code.BADVERSION, c.path());
        }
        return new OpResult.Checked();
    }

    private OpResult closeSession(ZnodeTxn txn, long sessionId) {
        TreeSet<String> eph = ephemerals.get(sessionId);
        List<String> deleted = eph == null ? List.of() : List.copyOf(eph);
        for (String p : deleted) {
            removeNode(p, txn.zxid());
        }
        sessions.remove(sessionId);
        return new OpResult.SessionClosed(sessionId, deleted);
    }

    private OpResult deleteContainer(ZnodeTxn txn, String path) throws ZnodeException {
        Node n = nodes.get(path);
        if (n == null) {
            throw new ZnodeException(Code.NONODE, path);
        }
        if (n.owner != CONTAINER_OWNER && (n.owner & TTL_MARK) != TTL_MARK) {
            throw new ZnodeException(Code.BADARGUMENTS, path);
        }
        if (!n.children.isEmpty()) {
            throw new ZnodeException(Code.NOTEMPTY, path);
        }
        removeNode(path, txn.zxid());
        return new OpResult.Deleted();
    }

    // ---- ACLs ---------------------------------------------------------------------------

    private List<Acl> fixupAcl(List<Acl> acl, List<Id> auth, String path) throws ZnodeException {
        if (acl == null || acl.isEmpty()) {
            throw new ZnodeException(Code.INVALIDACL, path);
        }
        LinkedHashSet<Acl> out = new LinkedHashSet<>();
        for (Acl a : acl) {
            Id id = a.id();
            if (id == null || id.scheme() == null) {
                throw new ZnodeException(Code.INVALIDACL, path);
            }
            switch (id.scheme()) {
                case "world":
                    if (!"anyone".equals(id.id())) {
                        throw new ZnodeException(Code.INVALIDACL, path);
                    }
                    out.add(a);
                    break;
                case "auth":
                    boolean any = false;
                    for (Id cid : auth) {
                        if (cid.scheme().equals("digest") || cid.scheme().equals("super")) {
                            out.add(new Acl(a.perms(), cid));
                            any = true;
                        }
                    }
                    if (!any) {
                        throw new ZnodeException(Code.INVALIDACL, path);
                    }
                    break;
                case "digest":
                    if (id.id() == null || id.id().split(":", -1).length != 2) {
                        throw new ZnodeException(Code.INVALIDACL, path);
                    }
                    out.add(a);
                    break;
                case "ip":
                    if (!Digests.validIp(id.id())) {
                        throw new ZnodeException(Code.INVALIDACL, path);
                    }
                    out.add(a);
                    break;
                default:
                    throw new ZnodeException(Code.INVALIDACL, path);
            }
        }
        return List.copyOf(out);
    }

    private boolean isSuper(List<Id> auth) {
        for (Id id : auth) {
            if (id.scheme().equals("super")) {
                return true;
            }
            if (config.superDigest() != null && id.scheme().equals("digest") && id.id().equals(config.superDigest())) {
                return true;
            }
        }
        return false;
    }

    /** Does an identity set hold {@code perm} under this ACL? */
    public boolean permitted(List<Acl> acl, int perm, List<Id> auth) {
        if (isSuper(auth) || acl == null || acl.isEmpty()) {
            return true;
        }
        for (Acl a : acl) {
            if ((a.perms() & perm) == 0) {
                continue;
            }
            Id id = a.id();
            if (id.scheme().equals("world") && id.id().equals("anyone")) {
                return true;
            }
            for (Id cid : auth) {
                if (!cid.scheme().equals(id.scheme())) {
                    continue;
                }
                if (id.scheme().equals("ip") ? Digests.ipMatches(id.id(), cid.id()) : id.id().equals(cid.id())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void checkAcl(List<Acl> acl, int perm, List<Id> auth, String path) throws ZnodeException {
        if (!permitted(acl, perm, auth)) {
            throw new ZnodeException(Code.NOAUTH, path);
        }
    }

    // ---- reads --------------------------------------------------------------------------

    public record DataAndStat(byte[] data, Stat stat) {
    }

    public record ChildrenAndStat(List<String> children, Stat stat) {
    }

    public record AclAndStat(List<Acl> acl, Stat stat) {
    }

    private Node readable(String path, List<Id> auth, int perm) throws ZnodeException {
        checkPath(path, false);
        Node n = nodes.get(path);
        if (n == null) {
            throw new ZnodeException(Code.NONODE, path);
        }
        checkAcl(n.acl, perm, auth, path);
        return n;
    }

    /** getData; registers a data watch for {@code watcher} unless it is {@link #NO_WATCHER}. */
    public DataAndStat getData(String path, long watcher, List<Id> auth) throws ZnodeException {
        Node n = readable(path, auth, Acl.READ);
        if (watcher != NO_WATCHER) {
            noteWatcher(watcher, auth);
            watches.addData(path, watcher);
        }
        return new DataAndStat(n.data == null ? null : n.data.clone(), stat(n));
    }

    /** exists: NONODE if missing, but a watch is registered even then. */
    public Stat exists(String path, long watcher, List<Id> auth) throws ZnodeException {
        checkPath(path, false);
        Node n = nodes.get(path);
        if (n != null) {
            checkAcl(n.acl, Acl.READ, auth, path);
        }
        if (watcher != NO_WATCHER) {
            noteWatcher(watcher, auth);
            watches.addData(path, watcher);
        }
        if (n == null) {
            throw new ZnodeException(Code.NONODE, path);
        }
        return stat(n);
    }

    /** getChildren (sorted names) with the node's stat; a child watch only when the node exists. */
    public ChildrenAndStat getChildren(String path, long watcher, List<Id> auth) throws ZnodeException {
        Node n = readable(path, auth, Acl.READ);
        if (watcher != NO_WATCHER) {
            noteWatcher(watcher, auth);
            watches.addChild(path, watcher);
        }
        return new ChildrenAndStat(List.copyOf(n.children), stat(n));
    }

    /** getACL: needs READ or ADMIN; without ADMIN digest ids are masked as {@code user:x}. */
    public AclAndStat getAcl(String path, List<Id> auth) throws ZnodeException {
        checkPath(path, false);
        Node n = nodes.get(path);
        if (n == null) {
            throw new ZnodeException(Code.NONODE, path);
        }
        boolean admin = permitted(n.acl, Acl.ADMIN, auth);
        if (!admin && !permitted(n.acl, Acl.READ, auth)) {
            throw new ZnodeException(Code.NOAUTH, path);
        }
        List<Acl> acl = n.acl;
        if (!admin) {
            List<Acl> masked = new ArrayList<>();
            for (Acl a : acl) {
                if (a.id().scheme().equals("digest")) {
                    String u = a.id().id();
                    int colon = u.indexOf(':');
                    masked.add(new Acl(a.perms(), new Id("digest", (colon < 0 ? u : u.substring(0, colon)) + ":x")));
                } else {
                    masked.add(a);
                }
            }
            acl = masked;
        }
        return new AclAndStat(List.copyOf(acl), stat(n));
    }

    /** The stat of a node, or null. No ACL check (for the server's own use). */
    public Stat statOf(String path) {
        Node n = nodes.get(path);
        return n == null ? null : stat(n);
    }

    /** Paths of the ephemerals of a session under a prefix (empty or "/" = all), sorted. */
    public List<String> getEphemerals(long sessionId, String prefix) {
        TreeSet<String> s = ephemerals.get(sessionId);
        if (s == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String p : s) {
            if (prefix == null || prefix.isBlank() || prefix.equals("/") || p.startsWith(prefix)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Number of all descendants of a node (not counting it). */
    public int getAllChildrenNumber(String path) throws ZnodeException {
        return getAllChildrenNumber(path, null);
    }

    /** getAllChildrenNumber as a client asks it: NOAUTH without READ on the node, as ZooKeeper checks (auth null: no check). */
    public int getAllChildrenNumber(String path, List<Id> auth) throws ZnodeException {
        checkPath(path, false);
        Node n = nodes.get(path);
        if (n == null) {
            throw new ZnodeException(Code.NONODE, path);
        }
        if (auth != null) {
            checkAcl(n.acl, Acl.READ, auth, path);
        }
        int count = 0;
        Deque<String> todo = new ArrayDeque<>();
        todo.push(path);
        while (!todo.isEmpty()) {
            String p = todo.pop();
            for (String c : nodes.get(p).children) {
                count++;
                todo.push(PathRules.child(p, c));
            }
        }
        return count;
    }

    private Stat stat(Node n) {
        int numChildren = n.children.size();
        long owner = isEphemeralOwner(n.owner) ? n.owner : 0;
        return new Stat(n.czxid, n.mzxid, n.ctime, n.mtime, n.version, 2 * n.cversion - numChildren, n.aversion,
                owner, n.data == null ? 0 : n.data.length, numChildren, n.pzxid);
    }

    // ---- watches --------------------------------------------------------------------------

    /** addWatch: a persistent (data + child) or persistent-recursive watch. */
    public void addWatch(String path, AddWatchMode mode, long watcher) throws ZnodeException {
        addWatch(path, mode, watcher, null);
    }

    /** addWatch with the watcher's identities (events then need READ on the changed node). */
    public void addWatch(String path, AddWatchMode mode, long watcher, List<Id> auth) throws ZnodeException {
        checkPath(path, false);
        if (auth != null) {
            noteWatcher(watcher, auth);
        }
        watches.addPersistent(path, watcher, mode == AddWatchMode.PERSISTENT_RECURSIVE);
    }

    /** checkWatches: does the watcher hold such a watch? NOWATCHER if not. */
    public void checkWatches(String path, WatcherType type, long watcher) throws ZnodeException {
        if (!watches.has(path, type, watcher)) {
            throw new ZnodeException(Code.NOWATCHER, path);
        }
    }

    /** removeWatches: NOWATCHER if the watcher held none of that type. */
    public void removeWatches(String path, WatcherType type, long watcher) throws ZnodeException {
        if (!watches.remove(path, type, watcher)) {
            throw new ZnodeException(Code.NOWATCHER, path);
        }
    }

    /** Forgets a watcher (its connection closed). */
    public void removeWatcher(long watcher) {
        watches.removeWatcher(watcher);
        watcherAuth.remove(watcher);
    }

    /** Re-registers watches after a reconnect, firing those whose change the client missed. */
    public List<Notification> setWatches(long relativeZxid, List<String> dataW, List<String> existW, List<String> childW,
                                         List<String> persistentW, List<String> recursiveW, long watcher) {
        List<Notification> out = new ArrayList<>();
        for (String p : nz(dataW)) {
            Node n = nodes.get(p);
            if (n == null) {
                out.add(new Notification(watcher, WatchEventType.NodeDeleted, p, -1));
            } else if (n.mzxid > relativeZxid) {
                out.add(new Notification(watcher, WatchEventType.NodeDataChanged, p, -1));
            } else {
                watches.addData(p, watcher);
            }
        }
        for (String p : nz(existW)) {
            if (nodes.containsKey(p)) {
                out.add(new Notification(watcher, WatchEventType.NodeCreated, p, -1));
            } else {
                watches.addData(p, watcher);
            }
        }
        for (String p : nz(childW)) {
            Node n = nodes.get(p);
            if (n == null) {
                out.add(new Notification(watcher, WatchEventType.NodeDeleted, p, -1));
            } else if (n.pzxid > relativeZxid) {
                out.add(new Notification(watcher, WatchEventType.NodeChildrenChanged, p, -1));
            } else {
                watches.addChild(p, watcher);
            }
        }
        for (String p : nz(persistentW)) {
            watches.addPersistent(p, watcher, false);
        }
        for (String p : nz(recursiveW)) {
            watches.addPersistent(p, watcher, true);
        }
        return out;
    }

    private static List<String> nz(List<String> l) {
        return l == null ? List.of() : l;
    }

    public WatchManager watches() {
        return watches;
    }

    // ---- sessions, reaping, statistics ----------------------------------------------------

    /** Live sessions (id to negotiated timeout), sorted by id. */
    public TreeMap<Long, Integer> sessions() {
        return new TreeMap<>(sessions);
    }

    /** How many sessions are live, without copying them (the replica's view counts them after every handler). */
    public int sessionCount() {
        return sessions.size();
    }

    public boolean hasSession(long sessionId) {
        return sessions.containsKey(sessionId);
    }

    /** Ephemeral paths per session, sorted. */
    public TreeMap<Long, List<String>> ephemerals() {
        TreeMap<Long, List<String>> out = new TreeMap<>();
        ephemerals.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    public int ephemeralCount() {
        int n = 0;
        for (TreeSet<String> s : ephemerals.values()) {
            n += s.size();
        }
        return n;
    }

    public int nodeCount() {
        return nodes.size();
    }

    /** Sum of path lengths and data lengths of user-created nodes (like zk_approximate_data_size). */
    public long approximateDataSize() {
        return dataBytes;
    }

    /**
     * Containers and TTL nodes the reaper should delete at {@code now}: empty containers that had
     * a child once, and childless TTL nodes not modified for their TTL. The leader turns each into
     * an {@link Op.DeleteContainer} transaction.
     */
    public List<String> reapable(long now) {
        List<String> out = new ArrayList<>();
        for (String p : containers) {
            Node n = nodes.get(p);
            if (n.children.isEmpty() && n.cversion > 0) {
                out.add(p);
            }
        }
        for (String p : ttls) {
            Node n = nodes.get(p);
            long ttl = n.owner & ~TTL_MARK;
            if (n.children.isEmpty() && now - n.mtime > ttl) {
                out.add(p);
            }
        }
        return out;
    }

    // ---- snapshots -------------------------------------------------------------------------

    public TreeSnapshot snapshot() {
        List<TreeSnapshot.SessionEntry> ss = new ArrayList<>();
        sessions.forEach((k, v) -> ss.add(new TreeSnapshot.SessionEntry(k, v)));
        List<TreeSnapshot.NodeEntry> ns = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.push("/");
        while (!todo.isEmpty()) {
            String p = todo.pop();
            Node n = nodes.get(p);
            ns.add(new TreeSnapshot.NodeEntry(p, n.data == null ? null : n.data.clone(), n.acl, n.czxid, n.mzxid,
                    n.ctime, n.mtime, n.version, n.cversion, n.aversion, n.owner, n.pzxid));
            for (String c : n.children.descendingSet()) {
                todo.push(PathRules.child(p, c));
            }
        }
        return new TreeSnapshot(lastZxid, ss, ns);
    }

    /** A tree rebuilt from a snapshot (watches are not part of it). */
    public static DataTree restore(TreeSnapshot s, TreeConfig config) {
        DataTree t = new DataTree(config);
        t.nodes.clear();
        for (TreeSnapshot.NodeEntry e : s.nodes()) {
            Node n = new Node();
            n.data = e.data() == null ? null : e.data().clone();
            n.acl = List.copyOf(e.acl());
            n.czxid = e.czxid();
            n.mzxid = e.mzxid();
            n.ctime = e.ctime();
            n.mtime = e.mtime();
            n.version = e.version();
            n.cversion = e.cversion();
            n.aversion = e.aversion();
            n.owner = e.ephemeralOwner();
            n.pzxid = e.pzxid();
            t.nodes.put(e.path(), n);
            if (!e.path().equals("/")) {
                Node parent = t.nodes.get(PathRules.parent(e.path()));
                if (parent == null) {
                    throw new IllegalArgumentException("snapshot lists " + e.path() + " before its parent");
                }
                parent.children.add(PathRules.name(e.path()));
                if (!SPECIAL.contains(e.path())) {
                    t.dataBytes += e.path().length() + (n.data == null ? 0 : n.data.length);
                }
            }
            if (isEphemeralOwner(n.owner)) {
                t.ephemerals.computeIfAbsent(n.owner, k -> new TreeSet<>()).add(e.path());
            } else if (n.owner == CONTAINER_OWNER) {
                t.containers.add(e.path());
            } else if ((n.owner & TTL_MARK) == TTL_MARK) {
                t.ttls.add(e.path());
            }
        }
        for (TreeSnapshot.SessionEntry se : s.sessions()) {
            t.sessions.put(se.sessionId(), se.timeout());
        }
        t.lastZxid = s.lastZxid();
        return t;
    }

    /** A digest of the whole replicated state (tree + sessions + last zxid), for comparing replicas. */
    public long digest() {
        CRC32 crc = new CRC32();
        TreeSnapshot s = snapshot();
        crc.update(Long.toString(s.lastZxid()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (TreeSnapshot.SessionEntry e : s.sessions()) {
            crc.update((e.sessionId() + "=" + e.timeout() + ";").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (TreeSnapshot.NodeEntry e : s.nodes()) {
            crc.update((e.path() + "|" + e.acl() + "|" + e.czxid() + "|" + e.mzxid() + "|" + e.ctime() + "|" + e.mtime()
                    + "|" + e.version() + "|" + e.cversion() + "|" + e.aversion() + "|" + e.ephemeralOwner() + "|"
                    + e.pzxid() + "|").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            crc.update(e.data() == null ? new byte[] {(byte) 0xff} : e.data());
        }
        return crc.getValue();
    }

    @Override
    public String toString() {
        return "DataTree(nodes=" + nodes.size() + ", lastZxid=0x" + Long.toHexString(lastZxid) + ")";
    }

    static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
