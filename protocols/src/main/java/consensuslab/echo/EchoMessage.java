package consensuslab.echo;

import consensuslab.core.Message;

/** The echo demo's messages. */
public sealed interface EchoMessage extends Message permits EchoMessage.Ping, EchoMessage.Pong, EchoMessage.Token {

    /** Client to server: please echo. */
    record Ping(long seq) implements EchoMessage {
    }

    /** Server to client: echoed; {@code served} is how many pings that server has served in all. */
    record Pong(long seq, long served) implements EchoMessage {
    }

    /** Server to server: a token passed around at random (load for the benchmark). */
    record Token(long hops) implements EchoMessage {
    }
}
