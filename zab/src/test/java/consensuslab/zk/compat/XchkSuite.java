package consensuslab.zk.compat;

import consensuslab.zk.compat.Zk.MOp;
import consensuslab.zk.compat.Zk.St;
import consensuslab.zk.compat.Zk.ZkError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The client-semantics suite of the cross-check (in the style of zetcd's xchk): one script of
 * operations, run by one client library against one 3-server ensemble, giving an ordered map of
 * step name to observation. Observations leave out what legitimately differs between two runs
 * (zxids, times, session ids, ports) but keep every other Stat field, the relations between the
 * zxids of one node, error codes, multi results, and watch events in their order. Two runs are
 * then compared step by step ({@link CrossCheckTest}).
 */
final class XchkSuite {
    private static final List<String> OPEN = List.of("rwcda:world:anyone");
    private static final List<String> CREATOR = List.of("rwcda:auth:");

    private final Zk.Factory lib;
    private final Cluster cluster;
    private final String root;
    private final Map<String, String> obs = new LinkedHashMap<>();
    private final List<Zk> open = new ArrayList<>();

    private XchkSuite(Zk.Factory lib, Cluster cluster, String root) {
        this.lib = lib;
        this.cluster = cluster;
        this.root = root;
    }

    /** Runs the whole suite under the fresh node {@code root}; returns step → observation. */
    static Map<String, String> run(Zk.Factory lib, Cluster cluster, String root) throws Exception {
        XchkSuite s = new XchkSuite(lib, cluster, root);
        try {
            s.all();
        } finally {
            for (Zk z : s.open) {
                try {
                    z.close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
        return s.obs;
    }

    @FunctionalInterface
    interface Step {
        Object run() throws Exception;
    }

    private void step(String name, Step s) {
        String v;
        try {
            Object o = s.run();
            v = o == null ? "null" : String.valueOf(o);
        } catch (ZkError e) {
            v = "error " + e.code;
        } catch (Exception e) {
            v = "exception " + e.getClass().getSimpleName();
        }
        if (obs.put(name, v) != null) {
            throw new IllegalStateException("duplicate step " + name);
        }
    }

    private Zk connect(String suffix, int timeoutMs) throws Exception {
        Zk z = lib.connect(cluster.connectString() + suffix, timeoutMs);
        open.add(z);
        return z;
    }

    /** A Stat without ids and times, with the relations among its own zxids kept. */
    static String st(St s, Zk self) {
        if (s == null) {
            return "null";
        }
        String owner = s.ephemeralOwner() == 0 ? "0" : self != null && s.ephemeralOwner() == self.sessionId() ? "self" : "other";
        return "v=" + s.version() + " cv=" + s.cversion() + " av=" + s.aversion() + " eph=" + owner + " len=" + s.dataLength()
                + " kids=" + s.numChildren() + " m" + (s.mzxid() == s.czxid() ? "=" : s.mzxid() > s.czxid() ? ">" : "<") + "c p"
                + (s.pzxid() == s.czxid() ? "=" : s.pzxid() > s.czxid() ? ">" : "<") + "c";
    }

    private String p(String rel) {
        return root + rel;
    }

    /** Sorted children: ZooKeeper returns them in no particular order. */
    private static String kids(Object o) {
        @SuppressWarnings("unchecked")
        List<String> l = (List<String>) o;
        return new TreeSet<>(l).toString();
    }

    private String rel(Object events) {
        return String.valueOf(events).replace(root, "~");
    }

    private void all() throws Exception {
        Zk a = connect("", 4000);
        Zk b = connect("", 4000);
        step("session/negotiated-timeout", a::sessionTimeout);
        step("create/root", () -> a.create(root, "top", OPEN, "PERSISTENT", -1).replace(root, "~"));
        basics(a);
        watches(a, b);
        persistentWatches(a, b);
        multi(a);
        acls(a, b);
        sessions(a, b);
        containersAndTtl(a);
        chroot(a);
        system(a);
    }

    private void basics(Zk a) {
        step("create2/stat", () -> {
            Object[] r = a.create2(p("/n"), "one", OPEN, "PERSISTENT", -1);
            return rel(r[0]) + " " + st((St) r[1], a);
        });
        step("create/exists", () -> a.create(p("/n"), "again", OPEN, "PERSISTENT", -1));
        step("create/no-parent", () -> a.create(p("/none/child"), "x", OPEN, "PERSISTENT", -1));
        step("create/null-data", () -> rel(a.create(p("/nul"), null, OPEN, "PERSISTENT", -1)));
        step("getData/null-data", () -> {
            Object[] r = a.getData(p("/nul"), false);
            return r[0] + " " + st((St) r[1], a);
        });
        step("create/bad-path", () -> a.create(p("/bad//path"), "x", OPEN, "PERSISTENT", -1));
        step("create/trailing-slash", () -> a.create(p("/n/"), "x", OPEN, "PERSISTENT", -1));
        step("create/empty-acl", () -> a.create(p("/noacl"), "x", List.of(), "PERSISTENT", -1));
        step("getData", () -> {
            Object[] r = a.getData(p("/n"), false);
            return r[0] + " " + st((St) r[1], a);
        });
        step("getData/missing", () -> a.getData(p("/missing"), false));
        step("exists", () -> st(a.exists(p("/n"), false), a));
        step("exists/missing", () -> st(a.exists(p("/missing"), false), a));
        step("setData", () -> st(a.setData(p("/n"), "two", 0), a));
        step("setData/any-version", () -> st(a.setData(p("/n"), "three", -1), a));
        step("setData/bad-version", () -> a.setData(p("/n"), "x", 0));
        step("setData/missing", () -> a.setData(p("/missing"), "x", -1));
        step("sequential", () -> {
            List<String> made = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                made.add(a.create(p("/n/s-"), "s", OPEN, "PERSISTENT_SEQUENTIAL", -1).replace(root, "~"));
            }
            return made;
        });
        step("getChildren", () -> {
            Object[] r = a.getChildren(p("/n"), false);
            return kids(r[0]) + " " + st((St) r[1], a);
        });
        step("getChildren/missing", () -> a.getChildren(p("/missing"), false));
        step("delete/not-empty", () -> {
            a.delete(p("/n"), -1);
            return "deleted";
        });
        step("delete/bad-version", () -> {
            a.delete(p("/n/s-0000000000"), 5);
            return "deleted";
        });
        step("delete/ok", () -> {
            a.delete(p("/n/s-0000000000"), 0);
            return st(a.exists(p("/n"), false), a);
        });
        step("delete/missing", () -> {
            a.delete(p("/missing"), -1);
            return "deleted";
        });
        step("sequential/after-delete", () -> rel(a.create(p("/n/s-"), "s", OPEN, "PERSISTENT_SEQUENTIAL", -1)));
        step("ephemeral", () -> st((St) a.create2(p("/eph"), "e", OPEN, "EPHEMERAL", -1)[1], a));
        step("ephemeral/child", () -> a.create(p("/eph/c"), "x", OPEN, "PERSISTENT", -1));
        step("ephemeral-sequential", () -> rel(a.create(p("/eph-"), "e", OPEN, "EPHEMERAL_SEQUENTIAL", -1)));
        step("getEphemerals", () -> new TreeSet<>(a.getEphemerals(root)).toString().replace(root, "~"));
        step("getAllChildrenNumber", () -> a.getAllChildrenNumber(root));
        step("getAllChildrenNumber/missing", () -> a.getAllChildrenNumber(p("/missing")));
        step("delete/root", () -> {
            a.delete("/", -1);
            return "deleted";
        });
        step("create/under-zookeeper", () -> rel(a.create("/zookeeper" + root, "x", OPEN, "PERSISTENT", -1)));
        step("delete/zookeeper", () -> {
            a.delete("/zookeeper", -1);
            return "deleted";
        });
        step("sync", () -> {
            a.sync(p("/n"));
            return "ok";
        });
    }

    private void watches(Zk a, Zk b) throws Exception {
        a.create(p("/w"), "w", OPEN, "PERSISTENT", -1);
        b.takeEvents(0);
        step("watch/data-changed", () -> {
            b.getData(p("/w"), true);
            a.setData(p("/w"), "w2", -1);
            List<String> first = b.takeEvents(1);
            a.setData(p("/w"), "w3", -1);
            return rel(first) + " then " + rel(b.takeEvents(0));
        });
        step("watch/created", () -> {
            b.exists(p("/w2"), true);
            a.create(p("/w2"), "x", OPEN, "PERSISTENT", -1);
            return rel(b.takeEvents(1));
        });
        step("watch/children", () -> {
            b.getChildren(p("/w"), true);
            a.create(p("/w/c"), "x", OPEN, "PERSISTENT", -1);
            return rel(b.takeEvents(1));
        });
        step("watch/delete-order", () -> {
            b.getData(p("/w/c"), true);
            b.exists(p("/w/c"), true);
            b.getChildren(p("/w/c"), true);
            b.getChildren(p("/w"), true);
            b.getData(p("/w"), true);
            a.delete(p("/w/c"), -1);
            return rel(b.takeEvents(2));
        });
        step("watch/data-on-create-child", () -> rel(b.takeEvents(0)));
        step("watch/removeWatches-data", () -> {
            b.getData(p("/w"), true);
            b.removeWatches(p("/w"), "Data");
            return rel(b.takeEvents(1));
        });
        step("watch/removeWatches-none", () -> {
            b.removeWatches(p("/w"), "Data");
            return "removed";
        });
        step("watch/removeWatches-children", () -> {
            b.getChildren(p("/w"), true);
            b.removeWatches(p("/w"), "Any");
            return rel(b.takeEvents(1));
        });
        step("watch/set-then-delete", () -> {
            b.exists(p("/w2"), true);
            b.getData(p("/w2"), true);
            a.setData(p("/w2"), "y", -1);
            a.delete(p("/w2"), -1);
            return rel(b.takeEvents(1));
        });
    }

    private void persistentWatches(Zk a, Zk b) throws Exception {
        a.create(p("/pw"), "p", OPEN, "PERSISTENT", -1);
        a.create(p("/rw"), "r", OPEN, "PERSISTENT", -1);
        step("addWatch/persistent", () -> {
            b.addWatch(p("/pw"), false);
            a.setData(p("/pw"), "1", -1);
            a.setData(p("/pw"), "2", -1);
            a.create(p("/pw/c"), "c", OPEN, "PERSISTENT", -1);
            a.setData(p("/pw/c"), "c2", -1);
            a.delete(p("/pw/c"), -1);
            return rel(b.takeEvents(4));
        });
        step("addWatch/recursive", () -> {
            b.addWatch(p("/rw"), true);
            a.create(p("/rw/a"), "a", OPEN, "PERSISTENT", -1);
            a.create(p("/rw/a/b"), "b", OPEN, "PERSISTENT", -1);
            a.setData(p("/rw/a/b"), "b2", -1);
            a.delete(p("/rw/a/b"), -1);
            a.setData(p("/rw"), "r2", -1);
            return rel(b.takeEvents(5));
        });
        step("addWatch/missing-node", () -> {
            b.addWatch(p("/later"), false);
            a.create(p("/later"), "l", OPEN, "PERSISTENT", -1);
            a.delete(p("/later"), -1);
            return rel(b.takeEvents(2));
        });
        step("removeWatches/persistent", () -> {
            b.removeWatches(p("/pw"), "Persistent");
            a.setData(p("/pw"), "3", -1);
            return rel(b.takeEvents(1));
        });
        step("removeWatches/recursive", () -> {
            b.removeWatches(p("/rw"), "PersistentRecursive");
            a.setData(p("/rw/a"), "3", -1);
            return rel(b.takeEvents(1));
        });
        step("removeWatches/persistent-missing-node", () -> {
            b.removeWatches(p("/later"), "Persistent");
            return rel(b.takeEvents(1));
        });
    }

    private void multi(Zk a) {
        step("multi/ok", () -> a.multi(List.of(MOp.create(p("/m"), "m", "PERSISTENT"), MOp.setData(p("/m"), "m2", 0), MOp.check(p("/m"), 1),
                MOp.create(p("/m/s-"), "s", "PERSISTENT_SEQUENTIAL"), MOp.delete(p("/m/s-0000000000"), 0))).toString().replace(root, "~"));
        step("multi/fails", () -> a.multi(List.of(MOp.create(p("/m2"), "x", "PERSISTENT"), MOp.check(p("/m"), 7),
                MOp.setData(p("/m"), "never", -1))));
        step("multi/rolled-back", () -> st(a.exists(p("/m2"), false), a));
        step("multi/empty", () -> a.multi(List.of()));
        step("multiRead", () -> a.multiRead(List.of("getData " + p("/m"), "getChildren " + p("/m"), "getData " + p("/nothing"))));
    }

    private void acls(Zk a, Zk b) throws Exception {
        Zk alice = connect("", 4000);
        alice.addAuth("digest", "alice:secret");
        step("acl/create-creator-all-without-auth", () -> a.create(p("/acl0"), "x", CREATOR, "PERSISTENT", -1));
        step("acl/create-creator-all", () -> rel(alice.create(p("/acl"), "secret", CREATOR, "PERSISTENT", -1)));
        step("acl/getAcl", () -> {
            Object[] r = b.getAcl(p("/acl"));
            return r[0] + " " + st((St) r[1], b);
        });
        step("acl/read-without-auth", () -> b.getData(p("/acl"), false));
        step("acl/exists-without-auth", () -> st(b.exists(p("/acl"), false), b));
        step("acl/getAllChildrenNumber-without-auth", () -> b.getAllChildrenNumber(p("/acl")));
        step("acl/getChildren-without-auth", () -> b.getChildren(p("/acl"), false));
        step("acl/wrong-password", () -> {
            b.addAuth("digest", "alice:wrong");
            b.sync(root);
            return b.getData(p("/acl"), false)[0];
        });
        step("acl/right-password", () -> {
            b.addAuth("digest", "alice:secret");
            b.sync(root);
            return b.getData(p("/acl"), false)[0];
        });
        step("acl/whoAmI", () -> new TreeSet<>(alice.whoAmI()).toString());
        step("acl/setAcl-bad-version", () -> st(alice.setAcl(p("/acl"), List.of("r:world:anyone"), 3), alice));
        step("acl/setAcl", () -> st(alice.setAcl(p("/acl"), List.of("r:world:anyone", "rwcda:digest:" + digest("alice:secret")), 0), alice));
        step("acl/read-only-world-write", () -> a.setData(p("/acl"), "x", -1));
        step("acl/read-only-world-create", () -> a.create(p("/acl/c"), "x", OPEN, "PERSISTENT", -1));
        step("acl/ip-match", () -> {
            a.create(p("/ip"), "ip", List.of("rwcda:ip:127.0.0.1"), "PERSISTENT", -1);
            return a.getData(p("/ip"), false)[0];
        });
        step("acl/ip-subnet", () -> {
            a.create(p("/ipnet"), "net", List.of("rwcda:ip:127.0.0.0/8"), "PERSISTENT", -1);
            return a.getData(p("/ipnet"), false)[0];
        });
        step("acl/ip-other", () -> {
            a.create(p("/ip2"), "ip2", List.of("r:ip:10.1.2.3"), "PERSISTENT", -1);
            return a.getData(p("/ip2"), false)[0];
        });
        step("acl/bad-scheme", () -> a.create(p("/acl2"), "x", List.of("rwcda:nosuch:thing"), "PERSISTENT", -1));
        step("acl/bad-ip", () -> a.create(p("/acl3"), "x", List.of("rwcda:ip:999.1.1.1"), "PERSISTENT", -1));
        step("acl/digest-without-colon", () -> a.create(p("/acl4"), "x", List.of("rwcda:digest:nocolon"), "PERSISTENT", -1));
        step("acl/missing", () -> b.getAcl(p("/missing")));
        step("acl/whoAmI-anonymous", () -> a.whoAmI());
    }

    private void sessions(Zk a, Zk b) throws Exception {
        String host = "127.0.0.1";
        step("session/expiry", () -> {
            RawSession raw = new RawSession(host, cluster.clientPort(1), 600);
            int rc = raw.create(p("/expiring"), 1);
            b.exists(p("/expiring"), true);
            raw.close();
            long t0 = System.currentTimeMillis();
            List<String> ev = b.takeEvents(1);
            long waited = System.currentTimeMillis() - t0;
            return "timeout=" + raw.timeout + " rc=" + rc + " " + rel(ev) + (waited < 400 ? " (too soon: " + waited + " ms)" : "");
        });
        step("session/resume-on-another-member", () -> {
            RawSession raw = new RawSession(host, cluster.clientPort(1), 4000);
            raw.create(p("/moving"), 1);
            raw.close();
            Zk moved = lib.resume(cluster.address(2), 4000, raw.sessionId, raw.password);
            open.add(moved);
            String same = moved.sessionId() == raw.sessionId ? "same-session" : "new-session";
            String owner = st(moved.exists(p("/moving"), false), moved);
            b.exists(p("/moving"), true);
            moved.close();
            return same + " " + owner + " " + rel(b.takeEvents(1));
        });
        step("session/wrong-password", () -> {
            RawSession raw = new RawSession(host, cluster.clientPort(1), 4000);
            raw.close();
            byte[] wrong = raw.password.clone();
            wrong[0] ^= 1;
            Zk z = lib.resume(cluster.address(3), 4000, raw.sessionId, wrong);
            open.add(z);
            List<String> states = new ArrayList<>();
            String e;
            while ((e = z.events().poll(2, java.util.concurrent.TimeUnit.SECONDS)) != null) {
                states.add(e);
                if (e.contains("Expired")) {
                    break;
                }
            }
            return states;
        });
        step("session/close-removes-ephemerals", () -> {
            Zk c = connect("", 4000);
            c.create(p("/mine"), "m", OPEN, "EPHEMERAL", -1);
            b.exists(p("/mine"), true);
            c.close();
            return rel(b.takeEvents(1));
        });
        step("session/closed-client", () -> {
            Zk c = connect("", 4000);
            c.close();
            return c.exists(p("/n"), false);
        });
    }

    private void containersAndTtl(Zk a) throws Exception {
        step("container/create", () -> st((St) a.create2(p("/box"), "b", OPEN, "CONTAINER", -1)[1], a));
        step("container/reaped-after-last-child", () -> {
            a.create(p("/box/item"), "i", OPEN, "PERSISTENT", -1);
            a.delete(p("/box/item"), -1);
            return awaitGone(a, p("/box"));
        });
        step("container/never-had-children", () -> {
            a.create(p("/box2"), "b", OPEN, "CONTAINER", -1);
            Thread.sleep(600);
            return st(a.exists(p("/box2"), false), a);
        });
        step("ttl/create", () -> st((St) a.create2(p("/ttl"), "t", OPEN, "PERSISTENT_WITH_TTL", 300)[1], a));
        step("ttl/expires", () -> awaitGone(a, p("/ttl")));
        step("ttl/sequential", () -> rel(a.create(p("/ttl-"), "t", OPEN, "PERSISTENT_SEQUENTIAL_WITH_TTL", 60_000)));
        step("ttl/zero", () -> a.create(p("/ttl0"), "t", OPEN, "PERSISTENT_WITH_TTL", 0));
        step("ttl/without-ttl-mode", () -> rel(a.create(p("/ttl1"), "t", OPEN, "PERSISTENT", 500)));
    }

    private static String digest(String userPassword) {
        try {
            return org.apache.zookeeper.server.auth.DigestAuthenticationProvider.generateDigest(userPassword);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String awaitGone(Zk z, String path) throws Exception {
        long end = System.currentTimeMillis() + 8000;
        while (System.currentTimeMillis() < end) {
            if (z.exists(path, false) == null) {
                return "gone";
            }
            Thread.sleep(50);
        }
        return "still there after 8 s";
    }

    private void chroot(Zk a) throws Exception {
        a.create(p("/ch"), "c", OPEN, "PERSISTENT", -1);
        Zk c = connect(p("/ch"), 4000);
        step("chroot/create", () -> c.create("/a", "x", OPEN, "PERSISTENT", -1));
        step("chroot/sequential", () -> c.create("/s-", "x", OPEN, "PERSISTENT_SEQUENTIAL", -1));
        step("chroot/seen-from-root", () -> st(a.exists(p("/ch/a"), false), a));
        step("chroot/root-children", () -> kids(c.getChildren("/", false)[0]));
        step("chroot/watch-path", () -> {
            c.getData("/a", true);
            c.addWatch("/", true);
            a.setData(p("/ch/a"), "y", -1);
            return c.takeEvents(2);
        });
        step("chroot/multi", () -> c.multi(List.of(MOp.create("/m", "m", "PERSISTENT"), MOp.delete("/a", -1))));
        step("chroot/ephemerals", () -> {
            c.create("/e", "e", OPEN, "EPHEMERAL", -1);
            return c.getEphemerals("/");
        });
        step("chroot/missing-chroot-node", () -> {
            Zk d = connect(p("/nochroot"), 4000);
            return d.exists("/", false) == null ? "null" : "exists";
        });
    }

    private void system(Zk a) {
        step("zookeeper/children", () -> {
            @SuppressWarnings("unchecked")
            List<String> l = new ArrayList<>((List<String>) a.getChildren("/zookeeper", false)[0]);
            l.removeIf(k -> k.startsWith("xchk"));
            return kids(l);
        });
        step("zookeeper/config", () -> a.getConfig().replaceAll(":\\d+", ":P").replaceAll("version=[0-9a-f]+", "version=V"));
        step("zookeeper/quota-node", () -> st(a.exists("/zookeeper/quota", false), a));
        step("reconfig/disabled", () -> {
            a.reconfig("server.9=127.0.0.1:1234:1235:participant;1236");
            return "accepted";
        });
        step("reconfig/session-kept", () -> a.getData(p("/n"), false)[0]);
    }
}
