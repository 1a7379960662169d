package consensuslab.zk.compat;

import consensuslab.zk.client.MultiException;
import consensuslab.zk.client.WatchedEvent;
import consensuslab.zk.client.ZkClient;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.AddWatchMode;
import consensuslab.zk.znode.CreateMode;
import consensuslab.zk.znode.WatchEventType;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.OpResult;
import consensuslab.zk.znode.Stat;
import consensuslab.zk.znode.WatcherType;
import consensuslab.zk.znode.ZnodeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** {@link Zk} over our own client, {@link ZkClient}. */
final class OurZk implements Zk {
    static final Factory FACTORY = new Factory() {
        @Override
        public String name() {
            return "our-client";
        }

        @Override
        public Zk connect(String connectString, int timeoutMs) throws Exception {
            OurZk z = new OurZk();
            z.zk = new ZkClient(connectString, timeoutMs, z.self);
            if (!z.zk.waitConnected(15_000)) {
                throw new IllegalStateException("our client: not connected within 15 s");
            }
            return z;
        }

        @Override
        public Zk resume(String connectString, int timeoutMs, long sessionId, byte[] password) throws Exception {
            OurZk z = new OurZk();
            z.zk = new ZkClient(connectString, timeoutMs, z.self, sessionId, password);
            long end = System.currentTimeMillis() + 15_000;
            while (!z.zk.isConnected() && z.zk.isAlive() && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            return z;
        }
    };

    private ZkClient zk;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    /** The one watcher object of this session (the default watcher), as Apache's client uses its default watcher. */
    private final consensuslab.zk.client.Watcher self = this::process;

    private void process(WatchedEvent e) {
        if (e.type() == WatchEventType.None) {
            events.add("state " + e.state());
        } else {
            events.add(e.type() + " " + e.path());
        }
    }

    static List<Acl> acl(List<String> acl) {
        List<Acl> out = new ArrayList<>();
        for (org.apache.zookeeper.data.ACL a : ApacheZk.acl(acl)) {
            out.add(new Acl(a.getPerms(), new Id(a.getId().getScheme(), a.getId().getId())));
        }
        return out;
    }

    private static St st(Stat s) {
        return s == null ? null : new St(s.czxid(), s.mzxid(), s.pzxid(), s.version(), s.cversion(), s.aversion(), s.ephemeralOwner(),
                s.dataLength(), s.numChildren());
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws ZnodeException, InterruptedException;
    }

    private static <T> T call(Call<T> c) throws ZkError {
        try {
            return c.run();
        } catch (ZnodeException e) {
            throw new ZkError(e.code().name());
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        } catch (IllegalArgumentException e) {
            throw new ZkError("ILLEGAL_ARGUMENT");
        }
    }

    @Override
    public String create(String path, String data, List<String> acl, String mode, long ttl) throws ZkError {
        return (String) create2(path, data, acl, mode, ttl)[0];
    }

    @Override
    public Object[] create2(String path, String data, List<String> acl, String mode, long ttl) throws ZkError {
        Stat[] out = new Stat[1];
        String p = call(() -> zk.create(path, bytes(data), acl(acl), CreateMode.valueOf(mode), out, ttl));
        return new Object[] {p, st(out[0])};
    }

    @Override
    public void delete(String path, int version) throws ZkError {
        call(() -> {
            zk.delete(path, version);
            return null;
        });
    }

    @Override
    public St exists(String path, boolean watch) throws ZkError {
        return call(() -> st(zk.exists(path, watch)));
    }

    @Override
    public Object[] getData(String path, boolean watch) throws ZkError {
        Stat[] out = new Stat[1];
        byte[] d = call(() -> zk.getData(path, watch, out));
        return new Object[] {d == null ? null : new String(d, StandardCharsets.UTF_8), st(out[0])};
    }

    @Override
    public St setData(String path, String data, int version) throws ZkError {
        return call(() -> st(zk.setData(path, bytes(data), version)));
    }

    @Override
    public Object[] getChildren(String path, boolean watch) throws ZkError {
        Stat[] out = new Stat[1];
        List<String> kids = call(() -> zk.getChildren(path, watch ? self : null, out));
        return new Object[] {kids, st(out[0])};
    }

    @Override
    public Object[] getAcl(String path) throws ZkError {
        Stat[] out = new Stat[1];
        List<Acl> acl = call(() -> zk.getACL(path, out));
        List<String> strs = new ArrayList<>();
        for (Acl a : acl) {
            strs.add(ApacheZk.perms(a.perms()) + ":" + a.id().scheme() + ":" + a.id().id());
        }
        return new Object[] {strs, st(out[0])};
    }

    @Override
    public St setAcl(String path, List<String> acl, int aclVersion) throws ZkError {
        return call(() -> st(zk.setACL(path, acl(acl), aclVersion)));
    }

    @Override
    public void sync(String path) throws ZkError {
        call(() -> {
            zk.sync(path);
            return null;
        });
    }

    private static List<String> results(List<OpResult> rs) {
        List<String> out = new ArrayList<>();
        for (OpResult r : rs) {
            if (r instanceof OpResult.Created c) {
                out.add("create " + c.path());
            } else if (r instanceof OpResult.Deleted) {
                out.add("delete");
            } else if (r instanceof OpResult.DataSet s) {
                out.add("setData version=" + s.stat().version());
            } else if (r instanceof OpResult.Checked) {
                out.add("check");
            } else if (r instanceof OpResult.Error e) {
                out.add("error " + e.code().name());
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
                case "create" -> new Op.Create(op.path(), bytes(op.data()), Acl.OPEN_ACL_UNSAFE, CreateMode.valueOf(op.mode()).flag(), -1);
                case "delete" -> new Op.Delete(op.path(), op.version());
                case "setData" -> new Op.SetData(op.path(), bytes(op.data()), op.version());
                case "check" -> new Op.Check(op.path(), op.version());
                default -> throw new IllegalArgumentException(op.kind());
            });
        }
        try {
            return results(zk.multi(wire));
        } catch (MultiException e) {
            throw new ZkError(e.code().name() + " " + results(e.results()));
        } catch (ZnodeException e) {
            throw new ZkError(e.code().name());
        } catch (InterruptedException e) {
            throw new ZkError("INTERRUPTED");
        } catch (IllegalArgumentException e) {
            throw new ZkError("ILLEGAL_ARGUMENT");
        }
    }

    @Override
    public List<String> multiRead(List<String> ops) throws ZkError {
        List<ZkClient.ReadOp> wire = new ArrayList<>();
        for (String op : ops) {
            String[] p = op.split(" ", 2);
            wire.add(p[0].equals("getData") ? ZkClient.ReadOp.getData(p[1]) : ZkClient.ReadOp.getChildren(p[1]));
        }
        List<String> out = new ArrayList<>();
        for (ZkClient.ReadResult r : call(() -> zk.multiRead(wire))) {
            if (r.error() != null) {
                out.add("error " + r.error().name());
            } else if (r.children() != null) {
                out.add("children " + r.children());
            } else {
                out.add("data " + (r.data() == null ? null : new String(r.data(), StandardCharsets.UTF_8)) + " version=" + r.stat().version());
            }
        }
        return out;
    }

    @Override
    public void addWatch(String path, boolean recursive) throws ZkError {
        call(() -> {
            zk.addWatch(path, null, recursive ? AddWatchMode.PERSISTENT_RECURSIVE : AddWatchMode.PERSISTENT);
            return null;
        });
    }

    @Override
    public void removeWatches(String path, String type) throws ZkError {
        call(() -> {
            zk.removeAllWatches(path, WatcherType.valueOf(type), false);
            return null;
        });
    }

    @Override
    public void addAuth(String scheme, String auth) {
        zk.addAuthInfo(scheme, bytes(auth));
    }

    @Override
    public List<String> getEphemerals(String prefix) throws ZkError {
        return call(() -> zk.getEphemerals(prefix));
    }

    @Override
    public int getAllChildrenNumber(String path) throws ZkError {
        return call(() -> zk.getAllChildrenNumber(path));
    }

    @Override
    public List<String> whoAmI() throws ZkError {
        List<Id> ids = call(() -> zk.whoAmI());
        List<String> out = new ArrayList<>();
        for (Id id : ids) {
            out.add(id.scheme() + ":" + id.id());
        }
        return out;
    }

    @Override
    public void reconfig(String joining) throws ZkError {
        throw new ZkError("CLIENT_HAS_NO_RECONFIG");
    }

    @Override
    public String getConfig() throws ZkError {
        Object[] d = getData("/zookeeper/config", false);
        return (String) d[0];
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
        zk.close();
    }
}
