package consensuslab.zk.client;

import consensuslab.zk.znode.WatchEventType;

/** A watch or state event as the application sees it (path without the chroot). */
public record WatchedEvent(WatchEventType type, KeeperState state, String path, long zxid) {
    @Override
    public String toString() {
        return "WatchedEvent state:" + state + " type:" + type + " path:" + path + " zxid: " + zxid;
    }
}
