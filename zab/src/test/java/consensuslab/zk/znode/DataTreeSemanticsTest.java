package consensuslab.zk.znode;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ZooKeeper 3.9's data tree semantics: Stat fields, node kinds, versions, multi, ACLs, watches, sessions. */
class DataTreeSemanticsTest {
    static final long S1 = 0x100000000001L;
    static final long S2 = 0x100000000002L;
    static final List<Id> NOAUTH = List.of();
    static final long W1 = 1;
    static final long W2 = 2;

    DataTree tree;
    long zxid;
    long time;

    @BeforeEach
    void setUp() {
        tree = new DataTree(new TreeConfig(1024, true, Digests.digestId("super:secret")));
        zxid = 0x100000000L;
        time = 1_000_000L;
        apply(0, new Op.CreateSession(S1, 30000));
        apply(0, new Op.CreateSession(S2, 30000));
    }

    TxnResult apply(long session, Op op) {
        return apply(session, NOAUTH, op);
    }

    TxnResult apply(long session, List<Id> auth, Op op) {
        zxid++;
        time += 10;
        return tree.apply(new ZnodeTxn(zxid, time, session, auth, op));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    OpResult create(String path, String data, CreateMode mode) {
        return apply(S1, new Op.Create(path, data == null ? null : b(data), Acl.OPEN_ACL_UNSAFE, mode.flag(), -1)).result();
    }

    Stat stat(String path) {
        return tree.statOf(path);
    }

    static Code code(OpResult r) {
        return r instanceof OpResult.Error e ? e.code() : Code.OK;
    }

    @Test
    void freshTreeHasZooKeeperSystemNodes() throws Exception {
        DataTree t = new DataTree();
        assertEquals(List.of("zookeeper"), t.getChildren("/", -1, NOAUTH).children());
        assertEquals(List.of("config", "quota"), t.getChildren("/zookeeper", -1, NOAUTH).children());
        assertEquals(-1, t.statOf("/").cversion());
        assertEquals(-2, t.statOf("/zookeeper").cversion());
        assertEquals(0, t.getData("/", -1, NOAUTH).data().length);
        assertEquals(Acl.READ_ACL_UNSAFE, t.getAcl("/zookeeper/config", NOAUTH).acl());
    }

    @Test
    void statFieldsAfterCreateSetDataSetAclAndChildChanges() throws Exception {
        OpResult r = create("/a", "hello", CreateMode.PERSISTENT);
        long cz = zxid;
        long ct = time;
        Stat s = ((OpResult.Created) r).stat();
        assertEquals(new Stat(cz, cz, ct, ct, 0, 0, 0, 0, 5, 0, cz), s);
        assertEquals(s, stat("/a"));

        apply(S1, new Op.SetData("/a", b("hi"), -1));
        long mz = zxid;
        long mt = time;
        assertEquals(new Stat(cz, mz, ct, mt, 1, 0, 0, 0, 2, 0, cz), stat("/a"));

        apply(S1, new Op.SetAcl("/a", Acl.OPEN_ACL_UNSAFE, -1));
        assertEquals(new Stat(cz, mz, ct, mt, 1, 0, 1, 0, 2, 0, cz), stat("/a"), "setACL changes only aversion");

        create("/a/x", null, CreateMode.PERSISTENT);
        long pz1 = zxid;
        assertEquals(new Stat(cz, mz, ct, mt, 1, 1, 1, 0, 2, 1, pz1), stat("/a"), "child create: cversion+1, pzxid, numChildren");
        assertEquals(0, stat("/a/x").dataLength(), "null data has length 0");

        apply(S1, new Op.SetData("/a/x", b("v"), -1));
        assertEquals(new Stat(cz, mz, ct, mt, 1, 1, 1, 0, 2, 1, pz1), stat("/a"), "setData on a child changes nothing on the parent");

        apply(S1, new Op.Delete("/a/x", -1));
        long pz2 = zxid;
        assertEquals(new Stat(cz, mz, ct, mt, 1, 2, 1, 0, 2, 0, pz2), stat("/a"), "child delete: cversion+1, pzxid");
    }

    @Test
    void rootCversionMatchesRealZooKeeperTranscript() {
        // zkCli session: create /zk, create -s /seq-, create -e /eph -> ls -s / shows cversion = 2, numChildren 4
        create("/zk", "testData", CreateMode.PERSISTENT);
        OpResult seq = create("/seq-", "a", CreateMode.PERSISTENT_SEQUENTIAL);
        assertEquals("/seq-0000000001", ((OpResult.Created) seq).path());
        create("/eph", "x", CreateMode.EPHEMERAL);
        Stat root = stat("/");
        assertEquals(2, root.cversion());
        assertEquals(4, root.numChildren());
        assertEquals(zxid, root.pzxid());
        assertEquals(0, root.mzxid());
    }

    @Test
    void sequentialNamesComeFromTheParentsCreationCounter() {
        create("/abc", null, CreateMode.PERSISTENT);
        assertEquals("/abc/def0000000000", ((OpResult.Created) create("/abc/def", null, CreateMode.PERSISTENT_SEQUENTIAL)).path());
        assertEquals("/abc/def0000000001", ((OpResult.Created) create("/abc/def", null, CreateMode.PERSISTENT_SEQUENTIAL)).path());
        create("/abc/defg", null, CreateMode.PERSISTENT);
        apply(S1, new Op.Delete("/abc/defg", -1));
        assertEquals("/abc/def0000000003", ((OpResult.Created) create("/abc/def", null, CreateMode.PERSISTENT_SEQUENTIAL)).path(),
                "deletions do not advance the counter; plain creates do");
        assertEquals("/abc/0000000004", ((OpResult.Created) create("/abc/", null, CreateMode.EPHEMERAL_SEQUENTIAL)).path());
        assertEquals(Code.BADARGUMENTS, code(create("/abc/", null, CreateMode.PERSISTENT)), "trailing slash only for sequential");
    }

    @Test
    void ephemeralNodesReportOwnerAndCannotHaveChildren() {
        create("/e", "x", CreateMode.EPHEMERAL);
        assertEquals(S1, stat("/e").ephemeralOwner());
        assertEquals(Code.NOCHILDRENFOREPHEMERALS, code(create("/e/c", "x", CreateMode.EPHEMERAL)));
        assertEquals(List.of("/e"), tree.getEphemerals(S1, "/"));
        assertEquals(List.of(), tree.getEphemerals(S2, "/"));
    }

    @Test
    void ephemeralsRemovedOnCloseAndOnExpiryWithEvents() throws Exception {
        create("/p", null, CreateMode.PERSISTENT);
        apply(S1, new Op.Create("/p/e1", null, Acl.OPEN_ACL_UNSAFE, 1, -1));
        apply(S2, new Op.Create("/p/e2", null, Acl.OPEN_ACL_UNSAFE, 1, -1));
        tree.exists("/p/e1", W1, NOAUTH);
        tree.getChildren("/p", W2, NOAUTH);
        int cv = stat("/p").cversion();
        TxnResult closed = apply(S1, new Op.CloseSession(S1));
        assertEquals(new OpResult.SessionClosed(S1, List.of("/p/e1")), closed.result());
        assertNull(stat("/p/e1"));
        assertEquals(cv + 1, stat("/p").cversion());
        assertEquals(zxid, stat("/p").pzxid());
        assertEquals(List.of(new Notification(W1, WatchEventType.NodeDeleted, "/p/e1", zxid),
                new Notification(W2, WatchEventType.NodeChildrenChanged, "/p", zxid)), closed.notifications());
        assertFalse(tree.hasSession(S1));
        assertEquals(1, tree.sessionCount(), "S2 is still live");
        assertEquals(Code.SESSIONEXPIRED, code(create("/late", null, CreateMode.EPHEMERAL)), "a closed session cannot write");

        // expiry: the tracker decides, the leader submits CloseSession
        SessionTracker tracker = new SessionTracker(2000);
        tracker.add(S2, 4000, 0);
        assertEquals(List.of(), tracker.expired(4000));
        tracker.touch(S2, 3000);
        assertEquals(List.of(), tracker.expired(7999));
        assertEquals(List.of(S2), tracker.expired(8000));
        apply(0, new Op.CloseSession(S2));
        assertNull(stat("/p/e2"));
        assertEquals(0, tree.ephemeralCount());
        assertEquals(0, tree.sessionCount());
    }

    @Test
    void versionConflicts() {
        create("/v", "1", CreateMode.PERSISTENT);
        assertEquals(Code.BADVERSION, code(apply(S1, new Op.SetData("/v", b("2"), 5)).result()));
        assertEquals(Code.OK, code(apply(S1, new Op.SetData("/v", b("2"), 0)).result()));
        assertEquals(Code.BADVERSION, code(apply(S1, new Op.SetData("/v", b("3"), 0)).result()));
        assertEquals(Code.BADVERSION, code(apply(S1, new Op.Delete("/v", 0)).result()));
        assertEquals(Code.BADVERSION, code(apply(S1, new Op.SetAcl("/v", Acl.OPEN_ACL_UNSAFE, 3)).result()));
        assertEquals(1, stat("/v").version());
        assertEquals(Code.OK, code(apply(S1, new Op.Delete("/v", 1)).result()));
    }

    @Test
    void errorsInZooKeepersCheckOrder() {
        assertEquals(Code.NONODE, code(create("/missing/child", "x", CreateMode.PERSISTENT)));
        create("/n", null, CreateMode.PERSISTENT);
        assertEquals(Code.NODEEXISTS, code(create("/n", null, CreateMode.PERSISTENT)));
        create("/n/c", null, CreateMode.PERSISTENT);
        assertEquals(Code.NOTEMPTY, code(apply(S1, new Op.Delete("/n", -1)).result()));
        assertEquals(Code.NONODE, code(apply(S1, new Op.Delete("/nope", -1)).result()));
        assertEquals(Code.NONODE, code(apply(S1, new Op.SetData("/nope", null, -1)).result()));
        assertEquals(Code.BADARGUMENTS, code(apply(S1, new Op.Delete("/zookeeper", -1)).result()));
        assertEquals(Code.BADARGUMENTS, code(create("bad", null, CreateMode.PERSISTENT)));
        assertEquals(Code.BADARGUMENTS, code(create("/a//b", null, CreateMode.PERSISTENT)));
        assertEquals(Code.BADARGUMENTS, code(create("/a/./b", null, CreateMode.PERSISTENT)));
        assertEquals(Code.BADARGUMENTS, code(apply(S1, new Op.Create("/f", null, Acl.OPEN_ACL_UNSAFE, 9, -1)).result()));
        assertEquals(Code.BADARGUMENTS, code(apply(S1, new Op.Create("/big", new byte[1025], Acl.OPEN_ACL_UNSAFE, 0, -1)).result()),
                "data above the configured maximum");
        assertEquals(Code.INVALIDACL, code(apply(S1, new Op.Create("/acl", null, List.of(), 0, -1)).result()));
        assertEquals(Code.INVALIDACL, code(apply(S1, new Op.Create("/acl", null, Acl.CREATOR_ALL_ACL, 0, -1)).result()),
                "auth scheme with no authenticated identity");
        long before = zxid;
        assertEquals(before, tree.lastZxid(), "failed writes still consume their zxid");
    }

    @Test
    void containersAndTtlNodes() {
        create("/c", null, CreateMode.CONTAINER);
        assertEquals(0, stat("/c").ephemeralOwner(), "container marker hidden");
        assertEquals(List.of(), tree.reapable(time), "never-used container stays");
        create("/c/x", null, CreateMode.PERSISTENT);
        assertEquals(List.of(), tree.reapable(time));
        apply(S1, new Op.Delete("/c/x", -1));
        assertEquals(List.of("/c"), tree.reapable(time));
        apply(0, new Op.DeleteContainer("/c"));
        assertNull(stat("/c"));

        OpResult ttl = apply(S1, new Op.Create("/t", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL.flag(), 500)).result();
        assertEquals(0, ((OpResult.Created) ttl).stat().ephemeralOwner());
        assertEquals(List.of(), tree.reapable(time + 100));
        assertEquals(List.of("/t"), tree.reapable(time + 501));
        assertEquals(Code.BADARGUMENTS, code(apply(S1, new Op.Create("/t2", null, Acl.OPEN_ACL_UNSAFE, 5, 0)).result()));
        assertEquals(Code.BADARGUMENTS, code(apply(S1, new Op.Create("/t2", null, Acl.OPEN_ACL_UNSAFE, 0, 10)).result()));
        assertEquals(Code.BADARGUMENTS, code(apply(0, new Op.DeleteContainer("/zookeeper/quota")).result()));

        DataTree noTtl = new DataTree();
        assertEquals(Code.UNIMPLEMENTED, code(noTtl.apply(new ZnodeTxn(1, 1, 0, NOAUTH,
                new Op.Create("/t", null, Acl.OPEN_ACL_UNSAFE, 5, 100))).result()), "TTL disabled by default");
    }

    @Test
    void multiIsAllOrNothingWithPerOpResults() {
        create("/m", "0", CreateMode.PERSISTENT);
        Stat before = stat("/m");
        TxnResult r = apply(S1, new Op.Multi(List.of(
                new Op.Create("/m/a", null, Acl.OPEN_ACL_UNSAFE, 0, -1),
                new Op.SetData("/m", b("1"), -1),
                new Op.Check("/m", 7),
                new Op.Delete("/m/a", -1))));
        assertEquals(new OpResult.MultiResult(List.of(new OpResult.Error(Code.OK, null),
                new OpResult.Error(Code.OK, null), new OpResult.Error(Code.BADVERSION, "/m"),
                new OpResult.Error(Code.RUNTIMEINCONSISTENCY, null))), r.result());
        assertNull(stat("/m/a"));
        assertEquals(before, stat("/m"), "nothing applied");
        assertEquals(List.of(), r.notifications());

        TxnResult ok = apply(S1, new Op.Multi(List.of(
                new Op.Create("/m/a", null, Acl.OPEN_ACL_UNSAFE, 0, -1),
                new Op.Create("/m/a/b", null, Acl.OPEN_ACL_UNSAFE, 2, -1),
                new Op.SetData("/m", b("1"), 0),
                new Op.Check("/m", 1))));
        List<OpResult> rs = ((OpResult.MultiResult) ok.result()).results();
        assertEquals("/m/a/b0000000000", ((OpResult.Created) rs.get(1)).path());
        assertEquals(zxid, stat("/m/a").czxid());
        assertEquals(zxid, stat("/m/a/b0000000000").czxid(), "all ops share one zxid");
        assertEquals(zxid, stat("/m").mzxid());
        assertEquals(1, stat("/m").version());
    }

    @Test
    void aclDenialsDigestIpAuthAndSuper() throws Exception {
        Id alice = new Id("digest", Digests.digestId("alice:pw"));
        List<Id> aliceAuth = List.of(alice);
        apply(S1, aliceAuth, new Op.Create("/secret", b("s"), Acl.CREATOR_ALL_ACL, 0, -1));
        assertEquals(List.of(new Acl(Acl.ALL, alice)), tree.getAcl("/secret", aliceAuth).acl());
        ZnodeException e = assertThrows(ZnodeException.class, () -> tree.getData("/secret", -1, NOAUTH));
        assertEquals(Code.NOAUTH, e.code());
        assertEquals(Code.NOAUTH, code(apply(S2, new Op.SetData("/secret", null, -1)).result()));
        assertEquals(Code.NOAUTH, code(apply(S2, new Op.Create("/secret/c", null, Acl.OPEN_ACL_UNSAFE, 0, -1)).result()));
        assertEquals("s", new String(tree.getData("/secret", -1, aliceAuth).data(), StandardCharsets.UTF_8));
        assertEquals("s", new String(tree.getData("/secret", -1, List.of(new Id("digest", Digests.digestId("super:secret")))).data(),
                StandardCharsets.UTF_8), "superuser digest bypasses ACLs");

        apply(S1, aliceAuth, new Op.Create("/ro", null, List.of(new Acl(Acl.READ, Id.ANYONE), new Acl(Acl.ALL, alice)), 0, -1));
        assertEquals(List.of(new Acl(Acl.READ, Id.ANYONE), new Acl(Acl.ALL, new Id("digest", "alice:x"))),
                tree.getAcl("/ro", NOAUTH).acl(), "digest ids masked without ADMIN");
        assertEquals(Code.NOAUTH, code(apply(S2, new Op.SetAcl("/ro", Acl.OPEN_ACL_UNSAFE, -1)).result()));
        assertEquals(Code.OK, code(apply(S2, new Op.Delete("/ro", -1)).result()), "root grants DELETE to anyone");

        apply(S1, new Op.Create("/lan", null, List.of(new Acl(Acl.ALL, new Id("ip", "10.1.0.0/16"))), 0, -1));
        assertNotNull(tree.getData("/lan", -1, List.of(new Id("ip", "10.1.2.3"))));
        assertEquals(Code.NOAUTH, assertThrows(ZnodeException.class,
                () -> tree.getData("/lan", -1, List.of(new Id("ip", "10.2.0.1")))).code());
        assertEquals(Code.INVALIDACL, code(apply(S1, new Op.Create("/x", null, List.of(new Acl(Acl.ALL, new Id("ip", "nope"))), 0, -1)).result()));
        assertEquals(Code.INVALIDACL, code(apply(S1, new Op.Create("/x", null, List.of(new Acl(Acl.ALL, new Id("foo", "x"))), 0, -1)).result()));
        // delete needs DELETE on the parent, not on the node
        apply(S1, aliceAuth, new Op.Create("/locked", null, List.of(new Acl(Acl.READ | Acl.CREATE, Id.ANYONE)), 0, -1));
        apply(S1, new Op.Create("/locked/kid", null, Acl.OPEN_ACL_UNSAFE, 0, -1));
        assertEquals(Code.NOAUTH, code(apply(S1, new Op.Delete("/locked/kid", -1)).result()));
    }

    @Test
    void oneShotWatchesFireTheirEventTypeExactlyOnce() throws Exception {
        create("/w", "0", CreateMode.PERSISTENT);
        tree.getData("/w", W1, NOAUTH);
        tree.getChildren("/w", W2, NOAUTH);
        assertThrows(ZnodeException.class, () -> tree.exists("/w/new", W1, NOAUTH));
        TxnResult set = apply(S1, new Op.SetData("/w", b("1"), -1));
        assertEquals(List.of(new Notification(W1, WatchEventType.NodeDataChanged, "/w", zxid)), set.notifications());
        assertEquals(List.of(), apply(S1, new Op.SetData("/w", b("2"), -1)).notifications(), "one-shot: not again");
        TxnResult c = apply(S1, new Op.Create("/w/new", null, Acl.OPEN_ACL_UNSAFE, 0, -1));
        assertEquals(List.of(new Notification(W1, WatchEventType.NodeCreated, "/w/new", zxid),
                new Notification(W2, WatchEventType.NodeChildrenChanged, "/w", zxid)), c.notifications());
        assertEquals(List.of(), apply(S1, new Op.Delete("/w/new", -1)).notifications());
        tree.getData("/w", W1, NOAUTH);
        tree.getChildren("/w", W1, NOAUTH);
        TxnResult d = apply(S1, new Op.Delete("/w", -1));
        assertEquals(List.of(new Notification(W1, WatchEventType.NodeDeleted, "/w", zxid)), d.notifications(),
                "data + child watch of one watcher: one NodeDeleted");
    }

    @Test
    void eventsGoOnlyToWatchersThatMayReadTheNode() throws Exception {
        Id alice = new Id("digest", Digests.digestId("alice:pw"));
        create("/pub", null, CreateMode.PERSISTENT);
        tree.addWatch("/pub", AddWatchMode.PERSISTENT_RECURSIVE, W1, NOAUTH);
        tree.addWatch("/pub", AddWatchMode.PERSISTENT_RECURSIVE, W2, List.of(alice));
        TxnResult r = apply(S1, List.of(alice), new Op.Create("/pub/secret", null, List.of(new Acl(Acl.ALL, alice)), 0, -1));
        assertEquals(List.of(new Notification(W2, WatchEventType.NodeCreated, "/pub/secret", zxid)), r.notifications(),
                "W1 may not read /pub/secret");
        tree.removeWatcher(W2);
        assertEquals(List.of(), apply(S1, List.of(alice), new Op.SetData("/pub/secret", b("x"), -1)).notifications());
    }

    @Test
    void persistentAndRecursiveWatchesStayAndRemoveWatchesWorks() throws Exception {
        create("/r", null, CreateMode.PERSISTENT);
        tree.addWatch("/r", AddWatchMode.PERSISTENT_RECURSIVE, W1);
        tree.addWatch("/r", AddWatchMode.PERSISTENT, W2);
        TxnResult c1 = apply(S1, new Op.Create("/r/a", null, Acl.OPEN_ACL_UNSAFE, 0, -1));
        assertEquals(List.of(new Notification(W1, WatchEventType.NodeCreated, "/r/a", zxid),
                new Notification(W2, WatchEventType.NodeChildrenChanged, "/r", zxid)), c1.notifications());
        TxnResult c2 = apply(S1, new Op.Create("/r/a/b", null, Acl.OPEN_ACL_UNSAFE, 0, -1));
        assertEquals(List.of(new Notification(W1, WatchEventType.NodeCreated, "/r/a/b", zxid)), c2.notifications(),
                "recursive sees grandchildren, never NodeChildrenChanged");
        TxnResult s = apply(S1, new Op.SetData("/r", b("x"), -1));
        assertEquals(List.of(new Notification(W1, WatchEventType.NodeDataChanged, "/r", zxid),
                new Notification(W2, WatchEventType.NodeDataChanged, "/r", zxid)), s.notifications());
        assertEquals(2, apply(S1, new Op.SetData("/r", b("y"), -1)).notifications().size(), "persistent: fires again");
        tree.checkWatches("/r", WatcherType.PersistentRecursive, W1);
        tree.removeWatches("/r", WatcherType.PersistentRecursive, W1);
        assertEquals(Code.NOWATCHER, assertThrows(ZnodeException.class,
                () -> tree.removeWatches("/r", WatcherType.PersistentRecursive, W1)).code());
        assertEquals(List.of(new Notification(W2, WatchEventType.NodeDataChanged, "/r", zxid + 1)),
                apply(S1, new Op.SetData("/r", b("z"), -1)).notifications());
        tree.getData("/r/a", W1, NOAUTH);
        tree.removeWatches("/r/a", WatcherType.Data, W1);
        assertEquals(List.of(), apply(S1, new Op.SetData("/r/a", b("z"), -1)).notifications());
    }

    @Test
    void setWatchesFiresMissedChanges() throws Exception {
        create("/s", "0", CreateMode.PERSISTENT);
        long seen = zxid;
        apply(S1, new Op.SetData("/s", b("1"), -1));
        create("/made", null, CreateMode.PERSISTENT);
        List<Notification> n = tree.setWatches(seen, List.of("/s", "/gone"), List.of("/made", "/absent"), List.of(), List.of(), List.of(), W1);
        assertEquals(List.of(new Notification(W1, WatchEventType.NodeDataChanged, "/s", -1),
                new Notification(W1, WatchEventType.NodeDeleted, "/gone", -1),
                new Notification(W1, WatchEventType.NodeCreated, "/made", -1)), n);
        assertEquals(List.of(new Notification(W1, WatchEventType.NodeCreated, "/absent", zxid + 1)),
                apply(S1, new Op.Create("/absent", null, Acl.OPEN_ACL_UNSAFE, 0, -1)).notifications());
    }

    @Test
    void snapshotRestoresTreeAndSessionsExactly() throws Exception {
        create("/a", "1", CreateMode.PERSISTENT);
        create("/a/s", "2", CreateMode.PERSISTENT_SEQUENTIAL);
        create("/e", null, CreateMode.EPHEMERAL);
        create("/c", null, CreateMode.CONTAINER);
        apply(S1, new Op.Delete("/a/s0000000000", -1));
        TreeSnapshot snap = tree.snapshot();
        byte[] json = consensuslab.core.Json.bytes(snap);
        TreeSnapshot back = consensuslab.core.Json.MAPPER.readValue(json, TreeSnapshot.class);
        DataTree copy = DataTree.restore(back, tree.config());
        assertEquals(tree.digest(), copy.digest());
        assertEquals(tree.statOf("/a"), copy.statOf("/a"));
        assertEquals(tree.sessions(), copy.sessions());
        assertEquals(tree.ephemerals(), copy.ephemerals());
        assertEquals(tree.approximateDataSize(), copy.approximateDataSize());
        // the restored tree continues identically
        ZnodeTxn next = new ZnodeTxn(zxid + 1, time + 1, S1, NOAUTH, new Op.Create("/a/s", null, Acl.OPEN_ACL_UNSAFE, 2, -1));
        assertEquals(tree.apply(next), copy.apply(next));
        assertEquals(tree.digest(), copy.digest());
        ZnodeTxn close = new ZnodeTxn(zxid + 2, time + 2, 0, NOAUTH, new Op.CloseSession(S1));
        tree.apply(close);
        copy.apply(close);
        assertNull(copy.statOf("/e"));
        assertEquals(tree.digest(), copy.digest());
    }

    @Test
    void txnsSerializeAndZxidsMustIncrease() throws Exception {
        ZnodeTxn t = new ZnodeTxn(zxid + 1, 5, S1, List.of(new Id("digest", "a:b")), new Op.Multi(List.of(
                new Op.Create("/j", b("d"), Acl.OPEN_ACL_UNSAFE, 0, -1), new Op.Check("/j", 0))));
        ZnodeTxn back = consensuslab.core.Json.MAPPER.readValue(consensuslab.core.Json.bytes(t), ZnodeTxn.class);
        assertEquals(t.zxid(), back.zxid());
        assertEquals(Code.OK, code(((OpResult.MultiResult) tree.apply(back).result()).results().get(1)));
        assertThrows(IllegalArgumentException.class, () -> tree.apply(t));
    }
}
