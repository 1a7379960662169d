package consensuslab.zk.znode;

/** A fired watch: which watcher (an opaque id chosen by the server, e.g. a connection) gets which event. */
public record Notification(long watcher, WatchEventType type, String path, long zxid) {
}
