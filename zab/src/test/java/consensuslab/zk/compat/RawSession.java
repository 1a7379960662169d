package consensuslab.zk.compat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A session opened by hand over a socket (Jute written here, independent of both clients), so a
 * test can leave it without closing it: the server must then expire it after its timeout, or let
 * another client resume it with {@link #sessionId} and {@link #password}.
 */
final class RawSession implements AutoCloseable {
    final long sessionId;
    final byte[] password;
    final int timeout;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int xid = 1;

    RawSession(String host, int port, int timeoutMs) throws IOException {
        socket = new Socket();
        socket.connect(new java.net.InetSocketAddress(host, port), 3000);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0);
        d.writeLong(0);
        d.writeInt(timeoutMs);
        d.writeLong(0);
        d.writeInt(16);
        d.write(new byte[16]);
        d.writeBoolean(false);
        frame(b.toByteArray());
        byte[] resp = read();
        DataInputStream r = new DataInputStream(new java.io.ByteArrayInputStream(resp));
        r.readInt();
        timeout = r.readInt();
        sessionId = r.readLong();
        password = new byte[r.readInt()];
        r.readFully(password);
    }

    private void frame(byte[] body) throws IOException {
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    private byte[] read() throws IOException {
        int n = in.readInt();
        byte[] body = new byte[n];
        in.readFully(body);
        return body;
    }

    /** Creates an open-ACL node of this mode flag (1 = ephemeral); returns the error code (0 = OK). */
    int create(String path, int flags) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(xid++);
        d.writeInt(1);
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        d.writeInt(p.length);
        d.write(p);
        d.writeInt(-1);
        d.writeInt(1);
        d.writeInt(31);
        byte[] world = "world".getBytes(StandardCharsets.US_ASCII);
        d.writeInt(world.length);
        d.write(world);
        byte[] anyone = "anyone".getBytes(StandardCharsets.US_ASCII);
        d.writeInt(anyone.length);
        d.write(anyone);
        d.writeInt(flags);
        frame(b.toByteArray());
        DataInputStream r = new DataInputStream(new java.io.ByteArrayInputStream(read()));
        r.readInt();
        r.readLong();
        return r.readInt();
    }

    /** Drops the connection without closing the session. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
