package consensuslab.zk.wire;

import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Stat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Jute binary writer: big-endian ints and longs, length-prefixed strings, buffers and vectors (-1 = null). */
public final class JuteOut {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    public JuteOut writeInt(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public JuteOut writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
        return this;
    }

    public JuteOut writeBool(boolean v) {
        out.write(v ? 1 : 0);
        return this;
    }

    public JuteOut writeBuffer(byte[] b) {
        if (b == null) {
            return writeInt(-1);
        }
        writeInt(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    public JuteOut writeString(String s) {
        return writeBuffer(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    public JuteOut writeStrings(List<String> l) {
        if (l == null) {
            return writeInt(-1);
        }
        writeInt(l.size());
        for (String s : l) {
            writeString(s);
        }
        return this;
    }

    public JuteOut writeStat(Stat s) {
        writeLong(s.czxid()).writeLong(s.mzxid()).writeLong(s.ctime()).writeLong(s.mtime());
        writeInt(s.version()).writeInt(s.cversion()).writeInt(s.aversion());
        writeLong(s.ephemeralOwner()).writeInt(s.dataLength()).writeInt(s.numChildren()).writeLong(s.pzxid());
        return this;
    }

    public JuteOut writeId(Id id) {
        return writeString(id.scheme()).writeString(id.id());
    }

    public JuteOut writeAcls(List<Acl> acl) {
        if (acl == null) {
            return writeInt(-1);
        }
        writeInt(acl.size());
        for (Acl a : acl) {
            writeInt(a.perms());
            writeId(a.id());
        }
        return this;
    }

    public JuteOut writeRaw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    public int size() {
        return out.size();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    /** The bytes with the 4-byte length prefix of a frame. */
    public byte[] frame() {
        byte[] body = out.toByteArray();
        byte[] f = new byte[body.length + 4];
        f[0] = (byte) (body.length >>> 24);
        f[1] = (byte) (body.length >>> 16);
        f[2] = (byte) (body.length >>> 8);
        f[3] = (byte) body.length;
        System.arraycopy(body, 0, f, 4, body.length);
        return f;
    }
}
