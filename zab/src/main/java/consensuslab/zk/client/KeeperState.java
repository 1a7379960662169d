package consensuslab.zk.client;

/** Connection states as ZooKeeper numbers them on the wire. */
public enum KeeperState {
    Disconnected(0), SyncConnected(3), AuthFailed(4), ConnectedReadOnly(5), Expired(-112), Closed(7);

    private final int value;

    KeeperState(int value) {
        this.value = value;
    }

    public int intValue() {
        return value;
    }

    public static KeeperState of(int v) {
        for (KeeperState s : values()) {
            if (s.value == v) {
                return s;
            }
        }
        return SyncConnected;
    }
}
