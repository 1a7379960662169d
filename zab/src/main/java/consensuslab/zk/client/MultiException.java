package consensuslab.zk.client;

import consensuslab.zk.znode.Code;
import consensuslab.zk.znode.OpResult;
import java.util.List;

/** A multi that failed: the first failing code and every op's result as the server reported it. */
public final class MultiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Code code;
    private final transient List<OpResult> results;

    public MultiException(Code code, String path, List<OpResult> results) {
        super("KeeperErrorCode = " + code.text() + (path == null ? "" : " for " + path), null, false, false);
        this.code = code;
        this.results = List.copyOf(results);
    }

    public Code code() {
        return code;
    }

    public List<OpResult> results() {
        return results;
    }
}
