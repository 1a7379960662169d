package consensuslab.zk.wire;

import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.Stat;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of ZooKeeper's client protocol (zookeeper.jute), each with its Jute encoding.
 * This is the only place that knows the byte layout; the data tree never sees these types.
 */
public final class Proto {
    private Proto() {
    }

    // ---- handshake and headers ----------------------------------------------------------

    public record ConnectRequest(int protocolVersion, long lastZxidSeen, int timeOut, long sessionId, byte[] passwd,
                                 boolean readOnly) {
        public void write(JuteOut o) {
            o.writeInt(protocolVersion).writeLong(lastZxidSeen).writeInt(timeOut).writeLong(sessionId)
                    .writeBuffer(passwd).writeBool(readOnly);
        }

        /** readOnly is optional (older clients omit it). */
        public static ConnectRequest read(JuteIn in) throws WireException {
            int v = in.readInt();
            long last = in.readLong();
            int to = in.readInt();
            long sid = in.readLong();
            byte[] pw = in.readBuffer();
            boolean ro = in.hasMore() && in.readBool();
            return new ConnectRequest(v, last, to, sid, pw, ro);
        }
    }

    public record ConnectResponse(int protocolVersion, int timeOut, long sessionId, byte[] passwd, boolean readOnly) {
        public void write(JuteOut o) {
            o.writeInt(protocolVersion).writeInt(timeOut).writeLong(sessionId).writeBuffer(passwd).writeBool(readOnly);
        }

        public static ConnectResponse read(JuteIn in) throws WireException {
            int v = in.readInt();
            int to = in.readInt();
            long sid = in.readLong();
            byte[] pw = in.readBuffer();
            boolean ro = in.hasMore() && in.readBool();
            return new ConnectResponse(v, to, sid, pw, ro);
        }
    }

    public record RequestHeader(int xid, int type) {
        public void write(JuteOut o) {
            o.writeInt(xid).writeInt(type);
        }

        public static RequestHeader read(JuteIn in) throws WireException {
            return new RequestHeader(in.readInt(), in.readInt());
        }
    }

    public record ReplyHeader(int xid, long zxid, int err) {
        public void write(JuteOut o) {
            o.writeInt(xid).writeLong(zxid).writeInt(err);
        }

        public static ReplyHeader read(JuteIn in) throws WireException {
            return new ReplyHeader(in.readInt(), in.readLong(), in.readInt());
        }
    }

    public record WatcherEvent(int type, int state, String path) {
        public void write(JuteOut o) {
            o.writeInt(type).writeInt(state).writeString(path);
        }

        public static WatcherEvent read(JuteIn in) throws WireException {
            return new WatcherEvent(in.readInt(), in.readInt(), in.readString());
        }
    }

    public record AuthPacket(int type, String scheme, byte[] auth) implements Request {
        public void write(JuteOut o) {
            o.writeInt(type).writeString(scheme).writeBuffer(auth);
        }

        public static AuthPacket read(JuteIn in) throws WireException {
            return new AuthPacket(in.readInt(), in.readString(), in.readBuffer());
        }
    }

    public record MultiHeader(int type, boolean done, int err) {
        public void write(JuteOut o) {
            o.writeInt(type).writeBool(done).writeInt(err);
        }

        public static MultiHeader read(JuteIn in) throws WireException {
            return new MultiHeader(in.readInt(), in.readBool(), in.readInt());
        }
    }

    // ---- requests ---------------------------------------------------------------------------

    /** A request body. {@link #decode} picks the record for an opcode. */
    public sealed interface Request {
        void write(JuteOut o);
    }

    /** create / create2 / createContainer (ttl = -1) and createTTL. */
    public record CreateRequest(String path, byte[] data, List<Acl> acl, int flags, long ttl, boolean withTtl)
            implements Request {
        public void write(JuteOut o) {
            o.writeString(path).writeBuffer(data).writeAcls(acl).writeInt(flags);
            if (withTtl) {
                o.writeLong(ttl);
            }
        }
    }

    public record DeleteRequest(String path, int version) implements Request {
        public void write(JuteOut o) {
            o.writeString(path).writeInt(version);
        }
    }

    /** exists, getData, getChildren, getChildren2: a path and a watch flag. */
    public record PathWatchRequest(String path, boolean watch) implements Request {
        public void write(JuteOut o) {
            o.writeString(path).writeBool(watch);
        }
    }

    public record SetDataRequest(String path, byte[] data, int version) implements Request {
        public void write(JuteOut o) {
            o.writeString(path).writeBuffer(data).writeInt(version);
        }
    }

    /** getACL, sync, getEphemerals, getAllChildrenNumber: just a path. */
    public record PathRequest(String path) implements Request {
        public void write(JuteOut o) {
            o.writeString(path);
        }
    }

    public record SetAclRequest(String path, List<Acl> acl, int version) implements Request {
        public void write(JuteOut o) {
            o.writeString(path).writeAcls(acl).writeInt(version);
        }
    }

    public record CheckVersionRequest(String path, int version) implements Request {
        public void write(JuteOut o) {
            o.writeString(path).writeInt(version);
        }
    }

    /** reconfig: answered RECONFIGDISABLED (dynamic reconfiguration is off, as by default in ZooKeeper). */
    public record ReconfigRequest(String joiningServers, String leavingServers, String newMembers, long curConfigId)
            implements Request {
        public void write(JuteOut o) {
            o.writeString(joiningServers).writeString(leavingServers).writeString(newMembers).writeLong(curConfigId);
        }
    }

    /** checkWatches / removeWatches (type = WatcherType) and addWatch (type = mode). */
    public record PathTypeRequest(String path, int type) implements Request {
        public void write(JuteOut o) {
            o.writeString(path).writeInt(type);
        }
    }

    /** One op of a multi: its opcode and request. */
    public record MultiOp(int type, Request request) {
    }

    public record MultiRequest(List<MultiOp> ops) implements Request {
        public void write(JuteOut o) {
            for (MultiOp op : ops) {
                new MultiHeader(op.type(), false, -1).write(o);
                op.request().write(o);
            }
            new MultiHeader(-1, true, -1).write(o);
        }
    }

    public record SetWatchesRequest(long relativeZxid, List<String> data, List<String> exist, List<String> child,
                                    List<String> persistent, List<String> recursive, boolean v2) implements Request {
        public void write(JuteOut o) {
            o.writeLong(relativeZxid).writeStrings(data).writeStrings(exist).writeStrings(child);
            if (v2) {
                o.writeStrings(persistent).writeStrings(recursive);
            }
        }
    }

    public record EmptyRequest() implements Request {
        public void write(JuteOut o) {
        }
    }

    /** Decodes the body of a request with this opcode; null if the opcode has no request record we serve. */
    public static Request decode(int type, JuteIn in) throws WireException {
        switch (type) {
            case OpCode.CREATE:
            case OpCode.CREATE2:
            case OpCode.CREATE_CONTAINER:
                return new CreateRequest(in.readString(), in.readBuffer(), in.readAcls(), in.readInt(), -1, false);
            case OpCode.CREATE_TTL:
                return new CreateRequest(in.readString(), in.readBuffer(), in.readAcls(), in.readInt(), in.readLong(), true);
            case OpCode.DELETE:
                return new DeleteRequest(in.readString(), in.readInt());
            case OpCode.EXISTS:
            case OpCode.GET_DATA:
            case OpCode.GET_CHILDREN:
            case OpCode.GET_CHILDREN2:
                return new PathWatchRequest(in.readString(), in.readBool());
            case OpCode.SET_DATA:
                return new SetDataRequest(in.readString(), in.readBuffer(), in.readInt());
            case OpCode.GET_ACL:
            case OpCode.SYNC:
            case OpCode.GET_EPHEMERALS:
            case OpCode.GET_ALL_CHILDREN_NUMBER:
                return new PathRequest(in.readString());
            case OpCode.SET_ACL:
                return new SetAclRequest(in.readString(), in.readAcls(), in.readInt());
            case OpCode.CHECK:
                return new CheckVersionRequest(in.readString(), in.readInt());
            case OpCode.CHECK_WATCHES:
            case OpCode.REMOVE_WATCHES:
            case OpCode.ADD_WATCH:
                return new PathTypeRequest(in.readString(), in.readInt());
            case OpCode.MULTI:
            case OpCode.MULTI_READ: {
                List<MultiOp> ops = new ArrayList<>();
                while (true) {
                    MultiHeader h = MultiHeader.read(in);
                    if (h.done()) {
                        return new MultiRequest(ops);
                    }
                    if (h.type() == OpCode.MULTI || h.type() == OpCode.MULTI_READ || h.type() == OpCode.RECONFIG) {
                        throw new WireException("nested multi");
                    }
                    Request r = decode(h.type(), in);
                    if (r == null) {
                        throw new WireException("op " + h.type() + " not allowed in a multi");
                    }
                    ops.add(new MultiOp(h.type(), r));
                }
            }
            case OpCode.SET_WATCHES:
                return new SetWatchesRequest(in.readLong(), in.readStrings(), in.readStrings(), in.readStrings(),
                        null, null, false);
            case OpCode.SET_WATCHES2:
                return new SetWatchesRequest(in.readLong(), in.readStrings(), in.readStrings(), in.readStrings(),
                        in.readStrings(), in.readStrings(), true);
            case OpCode.RECONFIG:
                return new ReconfigRequest(in.readString(), in.readString(), in.readString(), in.readLong());
            case OpCode.PING:
            case OpCode.CLOSE_SESSION:
            case OpCode.WHO_AM_I:
                return new EmptyRequest();
            default:
                return null;
        }
    }

    // ---- response bodies ----------------------------------------------------------------------

    public static void writeCreate2(JuteOut o, String path, Stat stat) {
        o.writeString(path).writeStat(stat);
    }

    public static void writeGetData(JuteOut o, byte[] data, Stat stat) {
        o.writeBuffer(data).writeStat(stat);
    }

    public static void writeChildren(JuteOut o, List<String> children, Stat statOrNull) {
        o.writeStrings(children);
        if (statOrNull != null) {
            o.writeStat(statOrNull);
        }
    }
}
