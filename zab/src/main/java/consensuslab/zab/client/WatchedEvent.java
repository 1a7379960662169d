package consensuslab.zab.client;

import consensuslab.zab.znode.EventType;

/** A watch or state event as the application sees it (path without the chroot). */
public record WatchedEvent(EventType type, KeeperState state, String path, long zxid) {
    @Override
    public String toString() {
        return "WatchedEvent state:" + state + " type:" + type + " path:" + path + " zxid: " + zxid;
    }
}
