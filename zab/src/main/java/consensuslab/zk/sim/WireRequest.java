package consensuslab.zk.sim;

import consensuslab.zk.wire.JuteIn;
import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.wire.WireException;

/**
 * A simulated client's request as ZooKeeper's client puts it on the wire: the opcode and the
 * jute-encoded request (base64 in the trace), stamped with the client's session and the time. The
 * simulated server decodes it with the real server's codec and answers it with the real server's
 * processors ({@code consensuslab.zk.request}).
 */
public record WireRequest(long time, long sessionId, int type, byte[] request) {

    public static WireRequest of(long time, long sessionId, int type, Proto.Request body) {
        JuteOut o = new JuteOut();
        body.write(o);
        return new WireRequest(time, sessionId, type, o.bytes());
    }

    /** The decoded request, as the real server decodes it. */
    public Proto.Request decode() throws WireException {
        return Proto.decode(type, new JuteIn(request));
    }
}
