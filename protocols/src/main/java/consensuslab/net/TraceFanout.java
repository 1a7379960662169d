package consensuslab.net;

import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-process fan-out: one listener for a runtime that forwards every event to the listeners
 * currently subscribed. Subscribers may come and go while the run goes on (a visualizer panel
 * opening, a checker attached late); each sees the events from its subscription on.
 */
public final class TraceFanout implements TraceListener {

    private final List<TraceListener> subscribers = new CopyOnWriteArrayList<>();

    public void subscribe(TraceListener l) {
        subscribers.add(l);
    }

    public void unsubscribe(TraceListener l) {
        subscribers.remove(l);
    }

    public int size() {
        return subscribers.size();
    }

    @Override
    public void onEvent(TraceEvent event) {
        for (TraceListener l : subscribers) {
            l.onEvent(event);
        }
    }
}
