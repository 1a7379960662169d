package consensuslab.zk.ensemble;

import consensuslab.core.Message;
import java.util.List;

/**
 * What the gateways of an ensemble's members say to each other. This is not ZAB traffic: the
 * leader alone decides session expiry, so followers report the sessions alive on them; and a sync
 * on a follower must wait until its replica reaches the leader's last logged zxid.
 */
public sealed interface GatewayMessage extends Message
        permits GatewayMessage.SessionsAlive, GatewayMessage.SyncAsk, GatewayMessage.SyncAnswer {

    /** Follower's gateway to the leader's: these sessions have had traffic here. */
    record SessionsAlive(List<Long> sessions) implements GatewayMessage {
        public SessionsAlive {
            sessions = List.copyOf(sessions);
        }
    }

    /** Follower's gateway to the leader's: how far does the leader's log reach? */
    record SyncAsk(long id) implements GatewayMessage {
    }

    /** The answer: the leader's last logged zxid, or {@code leading=false} if it is not the serving leader. */
    record SyncAnswer(long id, boolean leading, long zxid) implements GatewayMessage {
    }
}
