package consensuslab.zk.server;

import consensuslab.zk.wire.Frames;
import consensuslab.zk.wire.JuteIn;
import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.wire.Proto;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A bare socket speaking the protocol by hand, for tests of framing, bad bytes and four-letter words. */
final class RawClient implements AutoCloseable {
    final Socket s;
    final InputStream in;
    final OutputStream out;

    RawClient(int port) throws IOException {
        s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    static String fourLetter(int port, String word) throws IOException {
        try (RawClient c = new RawClient(port)) {
            c.out.write(word.getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            return new String(c.in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    Proto.ConnectResponse connect(int timeout, long sessionId, byte[] pw) throws IOException {
        JuteOut o = new JuteOut();
        new Proto.ConnectRequest(0, 0, timeout, sessionId, pw == null ? new byte[16] : pw, false).write(o);
        out.write(o.frame());
        out.flush();
        return Proto.ConnectResponse.read(new JuteIn(Frames.readFrame(in, 1 << 20)));
    }

    JuteIn call(int xid, int type, Proto.Request body) throws IOException {
        JuteOut o = new JuteOut();
        new Proto.RequestHeader(xid, type).write(o);
        if (body != null) {
            body.write(o);
        }
        out.write(o.frame());
        out.flush();
        return new JuteIn(Frames.readFrame(in, 1 << 20));
    }

    /** True if the server closed the connection (EOF) within the socket timeout. */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        s.close();
    }
}
