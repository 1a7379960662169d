package consensuslab.zk.wire;

import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Stat;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Jute binary writer: big-endian ints and longs, length-prefixed strings, buffers and vectors (-1 = null). */
public final class JuteOut {
    // One growing array; its first 4 bytes are kept for a frame's length, so frame() is one copy.
    // (A ByteArrayOutputStream, written a byte at a time, was a quarter of a busy server's CPU samples.)
    private byte[] buf = new byte[128];
    private int pos = 4;

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    public JuteOut writeInt(int v) {
        ensure(4);
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
        pos += 4;
        return this;
    }

    public JuteOut writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
        return this;
    }

    public JuteOut writeBool(boolean v) {
        ensure(1);
        buf[pos++] = (byte) (v ? 1 : 0);
        return this;
    }

    public JuteOut writeBuffer(byte[] b) {
        if (b == null) {
            return writeInt(-1);
        }
        writeInt(b.length);
        return writeRaw(b);
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
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    public int size() {
        return pos - 4;
    }

    public byte[] bytes() {
        return Arrays.copyOfRange(buf, 4, pos);
    }

    /** The bytes with the 4-byte length prefix of a frame. */
    public byte[] frame() {
        int n = pos - 4;
        buf[0] = (byte) (n >>> 24);
        buf[1] = (byte) (n >>> 16);
        buf[2] = (byte) (n >>> 8);
        buf[3] = (byte) n;
        return Arrays.copyOf(buf, pos);
    }
}
