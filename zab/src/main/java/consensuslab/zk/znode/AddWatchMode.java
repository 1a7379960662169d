package consensuslab.zk.znode;

/** Modes of addWatch: PERSISTENT (0) and PERSISTENT_RECURSIVE (1). */
public enum AddWatchMode {
    PERSISTENT(0), PERSISTENT_RECURSIVE(1);

    private final int mode;

    AddWatchMode(int mode) {
        this.mode = mode;
    }

    public int intValue() {
        return mode;
    }

    public static AddWatchMode of(int v) {
        return v == 0 ? PERSISTENT : v == 1 ? PERSISTENT_RECURSIVE : null;
    }
}
