package consensuslab.zk.znode;

/** Which watches a checkWatches/removeWatches request concerns, with wire numbers. */
public enum WatcherType {
    Children(1), Data(2), Any(3), Persistent(4), PersistentRecursive(5);

    private final int value;

    WatcherType(int value) {
        this.value = value;
    }

    public int intValue() {
        return value;
    }

    public static WatcherType of(int v) {
        for (WatcherType t : values()) {
            if (t.value == v) {
                return t;
            }
        }
        return null;
    }
}
