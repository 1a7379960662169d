package consensuslab.zk.wire;

import java.io.IOException;

/** Bytes that are not a valid frame or record: the connection that sent them is closed. */
public final class WireException extends IOException {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }
}
