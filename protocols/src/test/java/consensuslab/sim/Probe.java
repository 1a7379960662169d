package consensuslab.sim;

import consensuslab.core.Context;
import consensuslab.core.Message;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Synced;
import consensuslab.core.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * A scriptable test node: records what it receives and which links went down, and lets a test
 * act through its context. Shared with other modules' tests through the test-jar.
 */
public final class Probe implements Node<Probe.Msg> {

    /** Numbered test messages. */
    public sealed interface Msg extends Message permits Num {
    }

    public record Num(int n) implements Msg {
    }

    public record Tick(int n) implements Timer {
    }

    public final Context<Msg> ctx;
    public final List<String> received = new ArrayList<>();
    public final List<NodeId> linkDowns = new ArrayList<>();
    public final List<Integer> ticks = new ArrayList<>();
    /** The tokens of the {@link Synced} answers heard, in order. */
    public final List<Long> synced = new ArrayList<>();

    public Probe(Context<Msg> ctx) {
        this.ctx = ctx;
    }

    @Override
    public void onStart() {
    }

    @Override
    public void onMessage(NodeId from, Msg m) {
        received.add(from + ":" + ((Num) m).n());
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof Synced s) {
            synced.add(s.token());
        } else {
            ticks.add(((Tick) t).n());
        }
    }

    @Override
    public void onLinkDown(NodeId peer) {
        linkDowns.add(peer);
    }
}
