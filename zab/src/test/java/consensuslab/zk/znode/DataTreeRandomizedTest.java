package consensuslab.zk.znode;

import static org.junit.jupiter.api.Assertions.*;

import consensuslab.core.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random transaction streams (creates of every kind, deletes, setData, setACL, multis, sessions,
 * container reaping) over a small name space. Per seed it checks that:
 * <ul>
 * <li>a replica restored from a snapshot taken mid-stream (through JSON) gives identical results and
 *     digests for the rest of the stream;</li>
 * <li>a failed multi changes nothing;</li>
 * <li>reported Stats agree with the tree;</li>
 * <li>no ephemeral outlives its session.</li>
 * </ul>
 * Seeds 1..N (system property tree.seeds, default 100); a failure names its seed and a replay command.
 */
class DataTreeRandomizedTest {
    static final String[] NAMES = {"a", "b", "c"};
    static final Id ALICE = new Id("digest", Digests.digestId("alice:pw"));

    @Test
    void replicasAgreeAndInvariantsHold() {
        int seeds = Integer.getInteger("tree.seeds", 100);
        Integer only = Integer.getInteger("tree.seed");
        System.out.println("DataTreeRandomizedTest: seeds " + (only == null ? "1.." + seeds : only)
                + "; replay one: mvn -q -B -o -pl zab test -Dtest=DataTreeRandomizedTest -Dtree.seed=<seed>");
        for (int seed = only == null ? 1 : only; seed <= (only == null ? seeds : only); seed++) {
            try {
                run(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " failed: " + e.getMessage()
                        + "\nreplay: mvn -q -B -o -pl zab test -Dtest=DataTreeRandomizedTest -Dtree.seed=" + seed, e);
            }
        }
    }

    static String randomPath(Random r) {
        StringBuilder b = new StringBuilder();
        int depth = 1 + r.nextInt(3);
        for (int i = 0; i < depth; i++) {
            b.append('/').append(NAMES[r.nextInt(NAMES.length)]);
        }
        return b.toString();
    }

    static Op randomWrite(Random r) {
        String p = randomPath(r);
        switch (r.nextInt(6)) {
            case 0: case 1: {
                int flag = new int[] {0, 0, 1, 2, 3, 4, 5}[r.nextInt(7)];
                List<Acl> acl = r.nextInt(8) == 0 ? List.of(new Acl(Acl.READ, Id.ANYONE)) : Acl.OPEN_ACL_UNSAFE;
                return new Op.Create(p, r.nextBoolean() ? null : new byte[] {(byte) r.nextInt()}, acl, flag, flag == 5 ? 50 : -1);
            }
            case 2:
                return new Op.Delete(p, r.nextInt(4) == 0 ? r.nextInt(2) : -1);
            case 3:
                return new Op.SetData(p, new byte[r.nextInt(3)], r.nextInt(4) == 0 ? r.nextInt(2) : -1);
            case 4:
                return new Op.SetAcl(p, r.nextBoolean() ? Acl.OPEN_ACL_UNSAFE : List.of(new Acl(Acl.ALL, ALICE)), -1);
            default:
                return new Op.Check(p, r.nextInt(3) - 1);
        }
    }

    static List<ZnodeTxn> stream(Random r, int n) {
        List<ZnodeTxn> txns = new ArrayList<>();
        List<Long> sessions = new ArrayList<>();
        long zxid = 0;
        long time = 1000;
        long nextSession = 0x0100000000000001L;
        for (int i = 0; i < n; i++) {
            zxid++;
            time += r.nextInt(30);
            int k = r.nextInt(20);
            if (k == 0 || sessions.isEmpty()) {
                long s = nextSession++;
                sessions.add(s);
                txns.add(new ZnodeTxn(zxid, time, s, List.of(), new Op.CreateSession(s, 4000)));
            } else if (k == 1) {
                long s = sessions.remove(r.nextInt(sessions.size()));
                txns.add(new ZnodeTxn(zxid, time, s, List.of(), new Op.CloseSession(s)));
            } else if (k == 2) {
                txns.add(new ZnodeTxn(zxid, time, 0, List.of(), new Op.DeleteContainer(randomPath(r))));
            } else {
                long s = sessions.get(r.nextInt(sessions.size()));
                List<Id> auth = r.nextBoolean() ? List.of(ALICE) : List.of();
                Op op;
                if (k < 6) {
                    List<Op> ops = new ArrayList<>();
                    int m = 1 + r.nextInt(4);
                    for (int j = 0; j < m; j++) {
                        Op w = randomWrite(r);
                        ops.add(w instanceof Op.SetAcl ? new Op.Check(((Op.SetAcl) w).path(), -1) : w);
                    }
                    op = new Op.Multi(ops);
                } else {
                    op = randomWrite(r);
                }
                txns.add(new ZnodeTxn(zxid, time, s, auth, op));
            }
        }
        return txns;
    }

    static void run(int seed) {
        Random r = new Random(seed);
        TreeConfig cfg = new TreeConfig(64, true, null);
        List<ZnodeTxn> txns = stream(r, 300);
        int cut = r.nextInt(txns.size());
        DataTree a = new DataTree(cfg);
        DataTree b = null;
        for (int i = 0; i < txns.size(); i++) {
            if (i == cut) {
                try {
                    b = DataTree.restore(Json.MAPPER.readValue(Json.bytes(a.snapshot()), TreeSnapshot.class), cfg);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                assertEquals(a.digest(), b.digest(), "restored replica");
            }
            ZnodeTxn t = txns.get(i);
            String before = t.op() instanceof Op.Multi ? nodesJson(a) : null;
            TxnResult ra = a.apply(t);
            if (b != null) {
                assertEquals(Json.string(ra), Json.string(b.apply(t)), "results at zxid " + t.zxid());
                if (i % 10 == 0 || i == txns.size() - 1) {
                    assertEquals(a.digest(), b.digest(), "digest at zxid " + t.zxid());
                }
            }
            if (t.op() instanceof Op.Multi && !ra.ok()) {
                assertEquals(before, nodesJson(a), "failed multi at zxid " + t.zxid() + " changed the tree");
            }
            if (i % 3 == 0 || i == txns.size() - 1) {
                checkInvariants(a);
            }
        }
    }

    static String nodesJson(DataTree t) {
        return Json.string(t.snapshot().nodes());
    }

    static void checkInvariants(DataTree t) {
        TreeMap<Long, Integer> sessions = t.sessions();
        TreeMap<String, Integer> kids = new TreeMap<>();
        List<TreeSnapshot.NodeEntry> nodes = t.snapshot().nodes();
        for (TreeSnapshot.NodeEntry e : nodes) {
            if (!e.path().equals("/")) {
                kids.merge(PathRules.parent(e.path()), 1, Integer::sum);
            }
        }
        for (TreeSnapshot.NodeEntry e : nodes) {
            Stat s = t.statOf(e.path());
            assertEquals((int) kids.getOrDefault(e.path(), 0), s.numChildren(), "numChildren of " + e.path());
            assertEquals(2 * e.cversion() - s.numChildren(), s.cversion(), "reported cversion of " + e.path());
            assertTrue(s.pzxid() >= s.czxid(), "pzxid of " + e.path());
            assertTrue(s.mzxid() >= s.czxid(), "mzxid of " + e.path());
            if (s.ephemeralOwner() != 0) {
                assertTrue(sessions.containsKey(s.ephemeralOwner()), e.path() + " outlived session " + s.ephemeralOwner());
                assertEquals(0, s.numChildren());
            }
        }
        t.ephemerals().forEach((sid, paths) -> assertTrue(sessions.containsKey(sid)));
    }
}
