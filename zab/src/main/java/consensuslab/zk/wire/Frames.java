package consensuslab.zk.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Length-prefixed frames: a 4-byte big-endian length N (not counting itself) then N bytes. */
public final class Frames {
    private Frames() {
    }

    /** Reads exactly 4 bytes as a big-endian int; EOFException at a clean end of stream. */
    public static int readLength(InputStream in) throws IOException {
        byte[] h = readFully(in, 4);
        return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    }

    /** Reads one frame body of a length already read; rejects negative or oversized lengths. */
    public static byte[] readBody(InputStream in, int len, int maxLen) throws IOException {
        if (len < 0 || len > maxLen) {
            throw new WireException("frame length " + len + " outside 0.." + maxLen);
        }
        return readFully(in, len);
    }

    public static byte[] readFrame(InputStream in, int maxLen) throws IOException {
        return readBody(in, readLength(in), maxLen);
    }

    public static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw new EOFException("connection closed after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return b;
    }

    public static void write(OutputStream out, JuteOut record) throws IOException {
        out.write(record.frame());
        out.flush();
    }
}
