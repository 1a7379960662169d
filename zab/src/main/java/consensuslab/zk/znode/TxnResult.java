package consensuslab.zk.znode;

import java.util.List;

/** What applying a {@link ZnodeTxn} did: the result, and the watch notifications to deliver (in order). */
public record TxnResult(long zxid, OpResult result, List<Notification> notifications) {
    public TxnResult {
        notifications = List.copyOf(notifications);
    }

    public boolean ok() {
        if (result instanceof OpResult.Error) {
            return false;
        }
        if (result instanceof OpResult.MultiResult m) {
            for (OpResult r : m.results()) {
                if (r instanceof OpResult.Error) {
                    return false;
                }
            }
        }
        return true;
    }
}
