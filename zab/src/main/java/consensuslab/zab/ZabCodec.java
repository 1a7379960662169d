package consensuslab.zab;

import consensuslab.core.BinaryReader;
import consensuslab.core.BinaryWriter;
import consensuslab.core.MessageCodec;
import consensuslab.zab.ZabMessage.Ack;
import consensuslab.zab.ZabMessage.AckEpoch;
import consensuslab.zab.ZabMessage.ClientReply;
import consensuslab.zab.ZabMessage.ClientRequest;
import consensuslab.zab.ZabMessage.ClientSync;
import consensuslab.zab.ZabMessage.Commit;
import consensuslab.zab.ZabMessage.Diff;
import consensuslab.zab.ZabMessage.FollowerInfo;
import consensuslab.zab.ZabMessage.Inform;
import consensuslab.zab.ZabMessage.LeaderInfo;
import consensuslab.zab.ZabMessage.NewLeader;
import consensuslab.zab.ZabMessage.Notification;
import consensuslab.zab.ZabMessage.ObserverInfo;
import consensuslab.zab.ZabMessage.Ping;
import consensuslab.zab.ZabMessage.Proposal;
import consensuslab.zab.ZabMessage.Request;
import consensuslab.zab.ZabMessage.SessionsAlive;
import consensuslab.zab.ZabMessage.Snap;
import consensuslab.zab.ZabMessage.Sync;
import consensuslab.zab.ZabMessage.SyncPoint;
import consensuslab.zab.ZabMessage.Trunc;
import consensuslab.zab.ZabMessage.UpToDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Zab's messages in binary on the TCP runtime's links (ZooKeeper too sends its quorum packets as
 * binary records, not text): one tag byte per message type, then the record's fields in their
 * declared order, big-endian, strings and byte arrays with a 4-byte length, a transaction's op as
 * a binary JSON tree ({@link BinaryWriter#writeTree}). A message whose op holds something with
 * no binary form goes as JSON. The transaction log uses the same encoding of a {@link Txn}
 * ({@link #writeTxn}). Traces stay JSON lines: they never see these bytes.
 */
public final class ZabCodec implements MessageCodec<ZabMessage> {

    private static final ZabCodec CODEC = new ZabCodec();

    // tags, in the order of ZabMessage's records; never renumber (they are on the wire)
    private static final int NOTIFICATION = 1;
    private static final int FOLLOWER_INFO = 2;
    private static final int OBSERVER_INFO = 3;
    private static final int LEADER_INFO = 4;
    private static final int ACK_EPOCH = 5;
    private static final int DIFF = 6;
    private static final int TRUNC = 7;
    private static final int SNAP = 8;
    private static final int NEW_LEADER = 9;
    private static final int UP_TO_DATE = 10;
    private static final int PROPOSAL = 11;
    private static final int ACK = 12;
    private static final int COMMIT = 13;
    private static final int INFORM = 14;
    private static final int PING = 15;
    private static final int REQUEST = 16;
    private static final int CLIENT_SYNC = 17;
    private static final int SYNC = 18;
    private static final int SYNC_POINT = 19;
    private static final int SESSIONS_ALIVE = 20;
    private static final int CLIENT_REQUEST = 21;
    private static final int CLIENT_REPLY = 22;

    private static final ServerState[] STATES = ServerState.values();

    private ZabCodec() {
    }

    /** The codec (stateless). */
    public static ZabCodec codec() {
        return CODEC;
    }

    @Override
    public boolean write(ZabMessage m, BinaryWriter out) {
        if (m instanceof Proposal p) {
            out.writeByte(PROPOSAL).writeLong(p.zxid());
            return writeTxn(p.txn(), out);
        } else if (m instanceof Ack a) {
            out.writeByte(ACK).writeLong(a.zxid());
        } else if (m instanceof Commit c) {
            out.writeByte(COMMIT).writeLong(c.zxid());
        } else if (m instanceof Request r) {
            out.writeByte(REQUEST).writeString(r.client()).writeLong(r.cxid());
            return out.writeTree(r.op());
        } else if (m instanceof Inform i) {
            out.writeByte(INFORM).writeLong(i.zxid());
            return writeTxn(i.txn(), out);
        } else if (m instanceof Ping p) {
            out.writeByte(PING).writeLong(p.zxid());
        } else if (m instanceof Notification n) {
            out.writeByte(NOTIFICATION).writeLong(n.leader()).writeLong(n.zxid()).writeLong(n.electionEpoch())
                    .writeByte(n.state() == null ? 255 : n.state().ordinal()).writeLong(n.peerEpoch());
        } else if (m instanceof FollowerInfo f) {
            out.writeByte(FOLLOWER_INFO).writeLong(f.zxid()).writeLong(f.sid()).writeInt(f.protocolVersion());
        } else if (m instanceof ObserverInfo o) {
            out.writeByte(OBSERVER_INFO).writeLong(o.zxid()).writeLong(o.sid()).writeInt(o.protocolVersion());
        } else if (m instanceof LeaderInfo l) {
            out.writeByte(LEADER_INFO).writeLong(l.zxid()).writeInt(l.protocolVersion());
        } else if (m instanceof AckEpoch a) {
            out.writeByte(ACK_EPOCH).writeLong(a.zxid()).writeLong(a.epoch());
        } else if (m instanceof Diff d) {
            out.writeByte(DIFF).writeLong(d.zxid());
        } else if (m instanceof Trunc t) {
            out.writeByte(TRUNC).writeLong(t.zxid());
        } else if (m instanceof Snap s) {
            out.writeByte(SNAP).writeLong(s.zxid()).writeBytes(s.snapshot());
        } else if (m instanceof NewLeader n) {
            out.writeByte(NEW_LEADER).writeLong(n.zxid());
        } else if (m instanceof UpToDate u) {
            out.writeByte(UP_TO_DATE).writeLong(u.zxid());
        } else if (m instanceof ClientSync c) {
            out.writeByte(CLIENT_SYNC).writeString(c.client()).writeLong(c.cxid()).writeLong(c.zxid());
        } else if (m instanceof Sync s) {
            out.writeByte(SYNC).writeLong(s.id());
        } else if (m instanceof SyncPoint s) {
            out.writeByte(SYNC_POINT).writeLong(s.id()).writeLong(s.zxid());
        } else if (m instanceof SessionsAlive s) {
            out.writeByte(SESSIONS_ALIVE).writeInt(s.sessions().size());
            for (long id : s.sessions()) {
                out.writeLong(id);
            }
        } else if (m instanceof ClientRequest c) {
            out.writeByte(CLIENT_REQUEST).writeLong(c.cxid());
            return out.writeTree(c.op());
        } else if (m instanceof ClientReply c) {
            out.writeByte(CLIENT_REPLY).writeLong(c.cxid()).writeBoolean(c.ok()).writeString(c.value()).writeLong(c.zxid())
                    .writeString(c.error());
        } else {
            return false;
        }
        return true;
    }

    @Override
    public ZabMessage read(BinaryReader in) {
        int tag = in.readByte();
        return switch (tag) {
            case PROPOSAL -> new Proposal(in.readLong(), readTxn(in));
            case ACK -> new Ack(in.readLong());
            case COMMIT -> new Commit(in.readLong());
            case REQUEST -> new Request(in.readString(), in.readLong(), in.readTree());
            case INFORM -> new Inform(in.readLong(), readTxn(in));
            case PING -> new Ping(in.readLong());
            case NOTIFICATION -> new Notification(in.readLong(), in.readLong(), in.readLong(), state(in), in.readLong());
            case FOLLOWER_INFO -> new FollowerInfo(in.readLong(), in.readLong(), in.readInt());
            case OBSERVER_INFO -> new ObserverInfo(in.readLong(), in.readLong(), in.readInt());
            case LEADER_INFO -> new LeaderInfo(in.readLong(), in.readInt());
            case ACK_EPOCH -> new AckEpoch(in.readLong(), in.readLong());
            case DIFF -> new Diff(in.readLong());
            case TRUNC -> new Trunc(in.readLong());
            case SNAP -> new Snap(in.readLong(), in.readBytes());
            case NEW_LEADER -> new NewLeader(in.readLong());
            case UP_TO_DATE -> new UpToDate(in.readLong());
            case CLIENT_SYNC -> new ClientSync(in.readString(), in.readLong(), in.readLong());
            case SYNC -> new Sync(in.readLong());
            case SYNC_POINT -> new SyncPoint(in.readLong(), in.readLong());
            case SESSIONS_ALIVE -> new SessionsAlive(sessions(in));
            case CLIENT_REQUEST -> new ClientRequest(in.readLong(), in.readTree());
            case CLIENT_REPLY -> new ClientReply(in.readLong(), in.readBoolean(), in.readString(), in.readLong(), in.readString());
            default -> throw new IllegalArgumentException("unknown Zab message tag " + tag);
        };
    }

    private static ServerState state(BinaryReader in) {
        int s = in.readByte();
        if (s == 255) {
            return null;
        }
        if (s >= STATES.length) {
            throw in.bad("unknown server state " + s);
        }
        return STATES[s];
    }

    private static List<Long> sessions(BinaryReader in) {
        int n = in.readInt();
        if (n < 0 || n > in.remaining() / 8) {
            throw in.bad(n + " sessions in " + in.remaining() + " bytes");
        }
        List<Long> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(in.readLong());
        }
        return ids;
    }

    /**
     * A transaction: zxid, server, client, cxid, then its op as a binary JSON tree. False when the
     * op has a node with no binary form.
     */
    public static boolean writeTxn(Txn t, BinaryWriter out) {
        out.writeLong(t.zxid()).writeString(t.server()).writeString(t.client()).writeLong(t.cxid());
        return out.writeTree(t.op());
    }

    /** A transaction written by {@link #writeTxn}. */
    public static Txn readTxn(BinaryReader in) {
        return new Txn(in.readLong(), in.readString(), in.readString(), in.readLong(), in.readTree());
    }
}
