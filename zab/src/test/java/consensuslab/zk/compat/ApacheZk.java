package consensuslab.zk.compat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.admin.ZooKeeperAdmin;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;

/** {@link Zk} over Apache ZooKeeper 3.9.5's own Java client. */
final class ApacheZk implements Zk {
    static final Factory FACTORY = new Factory() {
        @Override
        public String name() {
            return "apache-client";
        }

        @Override
        public Zk connect(String connectString, int timeoutMs) throws Exception {
            ApacheZk z = new ApacheZk();
            z.zk = new ZooKeeperAdmin(connectString, timeoutMs, z::process);
            z.awaitConnected();
            return z;
        }

        @Override
        public Zk resume(String connectString, int timeoutMs, long sessionId, byte[] password) throws Exception {
            ApacheZk z = new ApacheZk();
            z.zk = new ZooKeeper(connectString, timeoutMs, z::process, sessionId, password);
            z.awaitConnected();
            return z;
        }
    };

    private ZooKeeper zk;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final CountDownLatch settled = new CountDownLatch(1);

    private void process(WatchedEvent e) {
        if (e.getType() == Watcher.Event.EventType.None) {
            events.add("state " + e.getState());
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected || e.getState() == Watcher.Event.KeeperState.Expired) {
                settled.countDown();
            }
        } else {
            events.add(e.getType() + " " + e.getPath());
        }
    }

    private void awaitConnected() throws InterruptedException {
        if (!settled.await(15, TimeUnit.SECONDS)) {
            throw new IllegalStateException("apache client: not connected within 15 s");
        }
    }

    static List<ACL> acl(List<String> acl) {
        List<ACL> out = new ArrayList<>();
        for (String a : acl) {
            String[] p = a.split(":", 3);
            int perms = 0;
            for (char c : p[0].toCharArray()) {
                perms |= switch (c) {
                    case 'r' -> 1;
                    case 'w' -> 2;
                    case 'c' -> 4;
                    case 'd' -> 8;
                    case 'a' -> 16;
                    default -> throw new IllegalArgumentException(a);
                };
            }
            out.add(new ACL(perms, new Id(p[1], p[2])));
        }
        return out;
    }

    static String perms(int perms) {
        StringBuilder sb = new StringBuilder();
        String letters = "rwcda";
        for (int i = 0; i < 5; i++) {
            if ((perms & (1 << i)) != 0) {
                sb.append(letters.charAt(i));
            }
        }
        return sb.toString();
    }

    private static St st(Stat s) {
        return s == null ? null : new St(s.getCzxid(), s.getMzxid(), s.getPzxid(), s.getVersion(), s.getCversion(), s.getAversion(),
                s.getEphemeralOwner(), s.getDataLength(), s.getNumChildren());
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static ZkError error(KeeperException e) {
        return new ZkError(e.code().name());
    }

    @Override
    public String create(String path, String data, List<String> acl, String mode, long ttl) throws ZkError {
        return (String) create2(path, data, acl, mode, ttl)[0];
    }

    @Override
    public Object[] create2(String path, String data, List<String> acl, String mode, long ttl) throws ZkError {
        Stat stat = new Stat();
        try {
            String p = zk.create(path, bytes(data), acl(acl), CreateMode.valueOf(mode), stat, ttl);
            return new Object[] {p, st(stat)};
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        } catch (IllegalArgumentException e) {
            throw new ZkError("ILLEGAL_ARGUMENT");
        }
    }

    @Override
    public void delete(String path, int version) throws ZkError {
        try {
            zk.delete(path, version);
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        } catch (IllegalArgumentException e) {
            throw new ZkError("ILLEGAL_ARGUMENT");
        }
    }

    @Override
    public St exists(String path, boolean watch) throws ZkError {
        try {
            return st(zk.exists(path, watch));
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        } catch (IllegalArgumentException e) {
            throw new ZkError("ILLEGAL_ARGUMENT");
        }
    }

    @Override
    public Object[] getData(String path, boolean watch) throws ZkError {
        Stat stat = new Stat();
        try {
            byte[] d = zk.getData(path, watch, stat);
            return new Object[] {d == null ? null : new String(d, StandardCharsets.UTF_8), st(stat)};
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        } catch (IllegalArgumentException e) {
            throw new ZkError("ILLEGAL_ARGUMENT");
        }
    }

    @Override
    public St setData(String path, String data, int version) throws ZkError {
        try {
            return st(zk.setData(path, bytes(data), version));
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        } catch (IllegalArgumentException e) {
            throw new ZkError("ILLEGAL_ARGUMENT");
        }
    }

    @Override
    public Object[] getChildren(String path, boolean watch) throws ZkError {
        Stat stat = new Stat();
        try {
            List<String> kids = zk.getChildren(path, watch, stat);
            return new Object[] {kids, st(stat)};
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        } catch (IllegalArgumentException e) {
            throw new ZkError("ILLEGAL_ARGUMENT");
        }
    }

    @Override
    public Object[] getAcl(String path) throws ZkError {
        Stat stat = new Stat();
        try {
            List<String> out = new ArrayList<>();
            for (ACL a : zk.getACL(path, stat)) {
                out.add(perms(a.getPerms()) + ":" + a.getId().getScheme() + ":" + a.getId().getId());
            }
            return new Object[] {out, st(stat)};
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        } catch (IllegalArgumentException e) {
            throw new ZkError("ILLEGAL_ARGUMENT");
        }
    }

    @Override
    public St setAcl(String path, List<String> acl, int aclVersion) throws ZkError {
        try {
            return st(zk.setACL(path, acl(acl), aclVersion));
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        } catch (IllegalArgumentException e) {
            throw new ZkError("ILLEGAL_ARGUMENT");
        }
    }

    @Override
    public void sync(String path) throws ZkError {
        try {
            zk.sync(path);
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        }
    }

    private static List<String> results(List<OpResult> rs) {
        List<String> out = new ArrayList<>();
        for (OpResult r : rs) {
            if (r instanceof OpResult.CreateResult c) {
                out.add("create " + c.getPath());
            } else if (r instanceof OpResult.DeleteResult) {
                out.add("delete");
            } else if (r instanceof OpResult.SetDataResult s) {
                out.add("setData version=" + s.getStat().getVersion());
            } else if (r instanceof OpResult.CheckResult) {
                out.add("check");
            } else if (r instanceof OpResult.ErrorResult e) {
                out.add("error " + KeeperException.Code.get(e.getErr()).name());
            } else if (r instanceof OpResult.GetDataResult g) {
                out.add("data " + (g.getData() == null ? null : new String(g.getData(), StandardCharsets.UTF_8)) + " version="
                        + g.getStat().getVersion());
            } else if (r instanceof OpResult.GetChildrenResult g) {
                out.add("children " + g.getChildren());
            } else {
                out.add("? " + r.getClass().getSimpleName());
            }
        }
        return out;
    }

    @Override
    public List<String> multi(List<MOp> ops) throws ZkError {
        List<Op> wire = new ArrayList<>();
        for (MOp op : ops) {
            wire.add(switch (op.kind()) {
                case "create" -> Op.create(op.path(), bytes(op.data()), acl(List.of("rwcda:world:anyone")), CreateMode.valueOf(op.mode()));
                case "delete" -> Op.delete(op.path(), op.version());
                case "setData" -> Op.setData(op.path(), bytes(op.data()), op.version());
                case "check" -> Op.check(op.path(), op.version());
                default -> throw new IllegalArgumentException(op.kind());
            });
        }
        try {
            return results(zk.multi(wire));
        } catch (KeeperException e) {
            throw new ZkError(e.code().name() + " " + results(e.getResults()));
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        } catch (IllegalArgumentException e) {
            throw new ZkError("ILLEGAL_ARGUMENT");
        }
    }

    @Override
    public List<String> multiRead(List<String> ops) throws ZkError {
        List<Op> wire = new ArrayList<>();
        for (String op : ops) {
            String[] p = op.split(" ", 2);
            wire.add(p[0].equals("getData") ? Op.getData(p[1]) : Op.getChildren(p[1]));
        }
        try {
            return results(zk.multi(wire));
        } catch (KeeperException e) {
            throw new ZkError(e.code().name() + " " + results(e.getResults() == null ? List.of() : e.getResults()));
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        }
    }

    @Override
    public void addWatch(String path, boolean recursive) throws ZkError {
        try {
            zk.addWatch(path, recursive ? AddWatchMode.PERSISTENT_RECURSIVE : AddWatchMode.PERSISTENT);
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        }
    }

    @Override
    public void removeWatches(String path, String type) throws ZkError {
        try {
            zk.removeAllWatches(path, Watcher.WatcherType.valueOf(type), false);
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        }
    }

    @Override
    public void addAuth(String scheme, String auth) {
        zk.addAuthInfo(scheme, bytes(auth));
    }

    @Override
    public List<String> getEphemerals(String prefix) throws ZkError {
        try {
            return zk.getEphemerals(prefix);
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        }
    }

    @Override
    public int getAllChildrenNumber(String path) throws ZkError {
        try {
            return zk.getAllChildrenNumber(path);
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        }
    }

    @Override
    public List<String> whoAmI() throws ZkError {
        try {
            List<String> out = new ArrayList<>();
            for (ClientInfo c : zk.whoAmI()) {
                out.add(c.getAuthScheme() + ":" + c.getUser());
            }
            return out;
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        }
    }

    @Override
    public void reconfig(String joining) throws ZkError {
        if (!(zk instanceof ZooKeeperAdmin admin)) {
            throw new ZkError("NOT_ADMIN");
        }
        try {
            admin.reconfigure(joining, null, null, -1, new Stat());
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        }
    }

    @Override
    public String getConfig() throws ZkError {
        try {
            return new String(zk.getConfig(false, new Stat()), StandardCharsets.UTF_8);
        } catch (KeeperException e) {
            throw error(e);
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        }
    }

    @Override
    public long sessionId() {
        return zk.getSessionId();
    }

    @Override
    public byte[] password() {
        return zk.getSessionPasswd();
    }

    @Override
    public int sessionTimeout() {
        return zk.getSessionTimeout();
    }

    @Override
    public BlockingQueue<String> events() {
        return events;
    }

    @Override
    public void close() throws Exception {
        zk.close(3000);
    }
}
