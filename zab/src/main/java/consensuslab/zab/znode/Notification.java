package consensuslab.zab.znode;

/** A fired watch: which watcher (an opaque id chosen by the server, e.g. a connection) gets which event. */
public record Notification(long watcher, EventType type, String path, long zxid) {
}
