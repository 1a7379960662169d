package consensuslab.zk.znode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ValueNode;
import consensuslab.core.BinaryReader;
import consensuslab.core.BinaryWriter;
import consensuslab.zk.znode.ZnodeStateMachine.ZnodeOp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A write's {@link ZnodeOp} as a real server's transaction carries it: the op in a compact binary
 * form, made once when the server proposes the write. The ZAB engine treats a transaction's op as an
 * opaque JSON node; this one is a binary node ({@link JsonNodeType#BINARY}), so the engine's binary codec writes its bytes
 * as they are into the leader's log and into each proposal, and a follower applies it by reading the
 * bytes straight into the op ({@link #read}), with no JSON tree built or walked on either side. The
 * node that made it keeps the op too, so the leader's own apply reads nothing.
 *
 * <p>In a trace (JSON), the node is written as the op's JSON tree ({@link ZnodeStateMachine#tree}),
 * exactly what a transaction carried before; a follower that decoded the bytes holds a plain
 * {@code BinaryNode}, which a trace would show as base64 (servers trace only when asked to). Two
 * of these nodes are equal when their bytes are; a follower's {@code BinaryNode} of the same bytes
 * is a different class of node, equal in content only (no checker compares ops).
 *
 * <p>Layout (big-endian, {@link BinaryWriter}'s strings and byte arrays: a 4-byte length, -1 for
 * null): a format byte (1); time and session id (8 bytes each); the auth ids (a count, then scheme
 * and id of each); a kind byte (1 SetData, 2 Delete, 3 Create); the path; then SetData: data,
 * version; Delete: version; Create: data, the ACL (a count, -1 for null, then per entry its perms,
 * a byte 1 or 0 for whether an id follows, and the id), flags, ttl. Other ops (multi, sessions,
 * ACLs) keep the JSON tree.
 */
public final class ZnodeOpNode extends ValueNode {
    static final int FORMAT = 1;
    private static final int SET_DATA = 1;
    private static final int DELETE = 2;
    private static final int CREATE = 3;

    private final byte[] bytes;
    private final transient ZnodeOp op;

    private ZnodeOpNode(byte[] bytes, ZnodeOp op) {
        this.bytes = bytes;
        this.op = op;
    }

    /** The op in binary, or null when it has no binary form (then its JSON tree travels). */
    public static ZnodeOpNode of(ZnodeOp z) {
        Op op = z.op();
        if (!(op instanceof Op.SetData || op instanceof Op.Delete || op instanceof Op.Create)) {
            return null;
        }
        BinaryWriter w = new BinaryWriter(64 + (op instanceof Op.SetData s && s.data() != null ? s.data().length : 0));
        w.writeByte(FORMAT).writeLong(z.time()).writeLong(z.sessionId()).writeInt(z.auth().size());
        for (Id id : z.auth()) {
            w.writeString(id.scheme()).writeString(id.id());
        }
        if (op instanceof Op.SetData s) {
            w.writeByte(SET_DATA).writeString(s.path()).writeBytes(s.data()).writeInt(s.version());
        } else if (op instanceof Op.Delete d) {
            w.writeByte(DELETE).writeString(d.path()).writeInt(d.version());
        } else if (op instanceof Op.Create c) {
            w.writeByte(CREATE).writeString(c.path()).writeBytes(c.data());
            if (c.acl() == null) {
                w.writeInt(-1);
            } else {
                w.writeInt(c.acl().size());
                for (Acl a : c.acl()) {
                    w.writeInt(a.perms()).writeBoolean(a.id() != null);
                    if (a.id() != null) {
                        w.writeString(a.id().scheme()).writeString(a.id().id());
                    }
                }
            }
            w.writeInt(c.flags()).writeLong(c.ttl());
        }
        return new ZnodeOpNode(w.toByteArray(), z);
    }

    /** The op this node was made from. */
    public ZnodeOp op() {
        return op;
    }

    /**
     * Reads an op from the bytes {@link #of} wrote.
     *
     * @throws IOException naming what is wrong, when the bytes are not such an op
     */
    public static ZnodeOp read(byte[] b) throws IOException {
        try {
            BinaryReader r = new BinaryReader(b);
            int format = r.readByte();
            if (format != FORMAT) {
                throw new IOException("unknown znode op format " + format);
            }
            long time = r.readLong();
            long session = r.readLong();
            int n = r.readInt();
            if (n < 0 || n > r.remaining() / 8) {
                throw new IOException("bad auth count " + n);
            }
            List<Id> auth = n == 0 ? List.of() : new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                auth.add(new Id(r.readString(), r.readString()));
            }
            int kind = r.readByte();
            String path = r.readString();
            Op op = switch (kind) {
                case SET_DATA -> new Op.SetData(path, r.readBytes(), r.readInt());
                case DELETE -> new Op.Delete(path, r.readInt());
                case CREATE -> create(path, r);
                default -> throw new IOException("unknown znode op kind " + kind);
            };
            r.expectEnd();
            return new ZnodeOp(time, session, auth, op);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad znode op: " + e.getMessage(), e);
        }
    }

    private static Op.Create create(String path, BinaryReader r) throws IOException {
        byte[] data = r.readBytes();
        int n = r.readInt();
        if (n < -1 || n > r.remaining() / 5) {
            throw new IOException("bad ACL count " + n);
        }
        List<Acl> acl = null;
        if (n >= 0) {
            acl = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int perms = r.readInt();
                acl.add(new Acl(perms, r.readBoolean() ? new Id(r.readString(), r.readString()) : null));
            }
        }
        return new Op.Create(path, data, acl, r.readInt(), r.readLong());
    }

    @Override
    public JsonNodeType getNodeType() {
        return JsonNodeType.BINARY;
    }

    @Override
    public JsonToken asToken() {
        return JsonToken.VALUE_EMBEDDED_OBJECT;
    }

    /** The op's bytes (the node's own array: read it, do not change it). */
    @Override
    public byte[] binaryValue() {
        return bytes;
    }

    @Override
    public String asText() {
        return toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZnodeOpNode z && java.util.Arrays.equals(bytes, z.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    /** In JSON (a trace, a note): the op's tree, as before it travelled in binary. */
    @Override
    public void serialize(JsonGenerator g, SerializerProvider p) throws IOException {
        ZnodeStateMachine.tree(op).serialize(g, p);
    }

    @Override
    public String toString() {
        return ZnodeStateMachine.tree(op).toString();
    }
}
