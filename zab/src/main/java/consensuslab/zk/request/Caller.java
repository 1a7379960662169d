package consensuslab.zk.request;

import consensuslab.zk.znode.Id;
import java.util.List;

/**
 * Who sent a request: the watcher id its watches are registered under (its connection), its
 * session, and the identities it authenticated with (for ACL checks).
 */
public record Caller(long watcher, long sessionId, List<Id> auth) {
    public Caller {
        auth = List.copyOf(auth);
    }
}
