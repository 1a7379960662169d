package consensuslab.zk.znode;

/** Watch event types, with their numbers on the wire. */
public enum WatchEventType {
    None(-1), NodeCreated(1), NodeDeleted(2), NodeDataChanged(3), NodeChildrenChanged(4),
    DataWatchRemoved(5), ChildWatchRemoved(6), PersistentWatchRemoved(7);

    private final int value;

    WatchEventType(int value) {
        this.value = value;
    }

    public int intValue() {
        return value;
    }

    public static WatchEventType of(int v) {
        for (WatchEventType t : values()) {
            if (t.value == v) {
                return t;
            }
        }
        return null;
    }
}
