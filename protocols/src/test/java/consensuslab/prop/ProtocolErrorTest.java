package consensuslab.prop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Context;
import consensuslab.core.LinkKind;
import consensuslab.core.Message;
import consensuslab.core.Node;
import consensuslab.core.NodeFactory;
import consensuslab.core.NodeId;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.core.Timer;
import consensuslab.faults.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node code that throws is a failure too, and shrinks like any other. */
class ProtocolErrorTest {

    /** The test protocol's one message. */
    sealed interface FragileMessage extends Message permits FragileMessage.Hello {
        record Hello(int n) implements FragileMessage {
        }
    }

    /** Servers write a marker at start (synced) and throw when they find it: i.e. on any restart. */
    static final class Fragile implements Protocol<FragileMessage> {
        @Override
        public String name() {
            return "fragile";
        }

        @Override
        public String summary() {
            return "test: servers throw when restarted";
        }

        @Override
        public Class<FragileMessage> messageType() {
            return FragileMessage.class;
        }

        @Override
        public LinkKind linkKind() {
            return LinkKind.DATAGRAM;
        }

        @Override
        public NodeFactory<FragileMessage> factory(Params params) {
            return ctx -> new Node<>() {
                @Override
                public void onStart() {
                    if (ctx.id().isServer()) {
                        if (ctx.storage().read("marker") != null) {
                            throw new IllegalStateException("restarted, cannot cope");
                        }
                        ctx.storage().write("marker", new byte[] {1});
                        ctx.storage().sync();
                    }
                    ctx.broadcast(new FragileMessage.Hello(1));
                }

                @Override
                public void onMessage(NodeId from, FragileMessage m) {
                }

                @Override
                public void onTimer(Timer t) {
                }
            };
        }
    }

    @Test
    void aThrowingNodeIsAFailureShrunkToTheCrashAndRestartThatCauseIt() {
        PropertyRunner r = PropertyRunner.of(new Fragile()).nodes(3).clients(0).until(1_000)
                .faults(FaultBounds.none().crashes(2).pauses(1).partitions(1).drops(0.2).maxDown(1).horizon(800))
                .seeds(100);
        PropertyRunner.Failure f = r.search().orElseThrow();
        assertEquals(PropertyRunner.PROTOCOL_ERROR, f.violations().get(0).checker());
        assertTrue(f.violations().get(0).message().contains("restarted, cannot cope"), f.violations().toString());
        List<Fault> min = f.minimal().faults();
        assertEquals(2, min.size(), f.report());
        assertTrue(min.get(0).render().startsWith("crash "), f.report());
        assertTrue(min.get(1).render().startsWith("restart "), f.report());
    }
}
