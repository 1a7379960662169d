package consensuslab.zk.request;

import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.znode.Code;

/**
 * What a request is answered with: an error code, or OK and the reply's body (written after the
 * reply header; none for an error).
 */
public record Reply(Code code, Body body) {

    /** Writes a reply's body. */
    @FunctionalInterface
    public interface Body {
        void write(JuteOut o);
    }

    public static Reply ok(Body body) {
        return new Reply(Code.OK, body);
    }

    public static Reply ok() {
        return new Reply(Code.OK, null);
    }

    public static Reply error(Code code) {
        return new Reply(code, null);
    }

    /** The body as bytes (empty for an error or an empty reply). */
    public byte[] bodyBytes() {
        JuteOut o = new JuteOut();
        if (body != null && code == Code.OK) {
            body.write(o);
        }
        return o.bytes();
    }
}
