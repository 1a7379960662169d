package consensuslab.zk.wire;

import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Stat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Jute binary reader over one frame; every malformed length or missing byte is a {@link WireException}. */
public final class JuteIn {
    private final byte[] b;
    private int pos;

    public JuteIn(byte[] frame) {
        this.b = frame;
    }

    private void need(int n, String what) throws WireException {
        // n > left, not pos + n > length: a length near 2^31 must not overflow past the check
        if (n < 0 || n > b.length - pos) {
            throw new WireException("truncated record: " + what + " needs " + n + " bytes, " + (b.length - pos) + " left");
        }
    }

    public int readInt() throws WireException {
        need(4, "int");
        int v = ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long readLong() throws WireException {
        long hi = readInt() & 0xffffffffL;
        long lo = readInt() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    public boolean readBool() throws WireException {
        need(1, "boolean");
        return b[pos++] != 0;
    }

    public boolean hasMore() {
        return pos < b.length;
    }

    public int remaining() {
        return b.length - pos;
    }

    public byte[] readBuffer() throws WireException {
        int len = readInt();
        if (len == -1) {
            return null;
        }
        if (len < -1) {
            throw new WireException("unreasonable length " + len);
        }
        need(len, "buffer");
        byte[] out = new byte[len];
        System.arraycopy(b, pos, out, 0, len);
        pos += len;
        return out;
    }

    public String readString() throws WireException {
        byte[] s = readBuffer();
        return s == null ? null : new String(s, StandardCharsets.UTF_8);
    }

    public List<String> readStrings() throws WireException {
        int n = readInt();
        if (n == -1) {
            return null;
        }
        if (n < -1 || n > remaining() / 4) {
            throw new WireException("unreasonable vector length " + n);
        }
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(readString());
        }
        return l;
    }

    public Stat readStat() throws WireException {
        long czxid = readLong();
        long mzxid = readLong();
        long ctime = readLong();
        long mtime = readLong();
        int version = readInt();
        int cversion = readInt();
        int aversion = readInt();
        long owner = readLong();
        int dataLength = readInt();
        int numChildren = readInt();
        long pzxid = readLong();
        return new Stat(czxid, mzxid, ctime, mtime, version, cversion, aversion, owner, dataLength, numChildren, pzxid);
    }

    public Id readId() throws WireException {
        return new Id(readString(), readString());
    }

    public List<Acl> readAcls() throws WireException {
        int n = readInt();
        if (n == -1) {
            return null;
        }
        if (n < -1 || n > remaining() / 12) {
            throw new WireException("unreasonable ACL count " + n);
        }
        List<Acl> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int perms = readInt();
            l.add(new Acl(perms, readId()));
        }
        return l;
    }
}
