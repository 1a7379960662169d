package consensuslab.zk.wire;

import consensuslab.core.BinaryWriter;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Stat;
import java.util.Arrays;
import java.util.List;

/**
 * Jute binary writer: big-endian ints and longs, length-prefixed strings, buffers and vectors (-1 = null).
 * Jute's primitives are exactly {@link BinaryWriter}'s, so this adds only Jute's records on top.
 */
public final class JuteOut {
    // The first 4 bytes are kept for a frame's length, so frame() is one copy.
    private final BinaryWriter w = new BinaryWriter(128).writeInt(0);

    public JuteOut writeInt(int v) {
        w.writeInt(v);
        return this;
    }

    public JuteOut writeLong(long v) {
        w.writeLong(v);
        return this;
    }

    public JuteOut writeBool(boolean v) {
        w.writeBoolean(v);
        return this;
    }

    public JuteOut writeBuffer(byte[] b) {
        w.writeBytes(b);
        return this;
    }

    public JuteOut writeString(String s) {
        w.writeString(s);
        return this;
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
        w.writeRaw(b, 0, b.length);
        return this;
    }

    public int size() {
        return w.size() - 4;
    }

    public byte[] bytes() {
        return Arrays.copyOfRange(w.array(), 4, w.size());
    }

    /** The bytes with the 4-byte length prefix of a frame. */
    public byte[] frame() {
        w.putInt(0, size());
        return Arrays.copyOf(w.array(), w.size());
    }
}
