package consensuslab.zk.znode;

/** A failed znode operation: a result code and the path it concerns (may be null). */
public final class ZnodeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Code code;
    private final String path;

    public ZnodeException(Code code, String path) {
        super("KeeperErrorCode = " + code.text() + (path == null ? "" : " for " + path), null, false, false);
        this.code = code;
        this.path = path;
    }

    public Code code() {
        return code;
    }

    public String path() {
        return path;
    }
}
