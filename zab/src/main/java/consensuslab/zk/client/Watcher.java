package consensuslab.zk.client;

/** Receives watch events and connection-state events. Called on the client's one event thread, in order. */
@FunctionalInterface
public interface Watcher {
    void process(WatchedEvent event);
}
