package consensuslab.zk.sim;

import consensuslab.zk.request.Reply;

/** The answer to a {@link WireRequest}: the error code's name (OK) and the jute-encoded reply body. */
public record WireReply(String code, byte[] body) {

    public static WireReply of(Reply r) {
        return new WireReply(r.code().name(), r.bodyBytes());
    }
}
