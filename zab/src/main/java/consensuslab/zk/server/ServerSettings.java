package consensuslab.zk.server;

import consensuslab.zk.znode.TreeConfig;
import java.nio.file.Path;
import java.util.Set;

/**
 * What a standalone znode server needs to run. {@code dataDir == null} means in memory only.
 * Built from a {@link ZooCfg} by {@link #from(ZooCfg)}, or directly by tests.
 */
public record ServerSettings(String bindAddress, int clientPort, int tickTime, int minSessionTimeout, int maxSessionTimeout,
                             int maxClientCnxns, Set<String> fourLetterWhitelist, TreeConfig tree, Path dataDir,
                             Path dataLogDir, int snapCount, int snapRetainCount, long serverId,
                             long containerCheckIntervalMs, ZooCfg cfg) {

    public static ServerSettings from(ZooCfg c) {
        return new ServerSettings(c.clientPortAddress() == null ? "0.0.0.0" : c.clientPortAddress(), c.clientPort(),
                c.tickTime(), c.minSessionTimeout(), c.maxSessionTimeout(), c.maxClientCnxns(), c.fourLetterWhitelist(),
                new TreeConfig(c.juteMaxBuffer(), c.extendedTypesEnabled(), c.superDigest()), c.dataDir(),
                c.dataLogDir(), c.snapCount(), c.snapRetainCount(), c.myid(), c.containerCheckIntervalMs(), c);
    }

    /** An in-memory server on 127.0.0.1 with a free port, every 4lw enabled, and TTL nodes on: for tests. */
    public static ServerSettings forTests(int tickTime) {
        return new ServerSettings("127.0.0.1", 0, tickTime, 2 * tickTime, 20 * tickTime, 60, ZooCfg.ALL_WORDS,
                new TreeConfig(TreeConfig.DEFAULT_MAX_BUFFER, true, null), null, null, 100000, 3, 0, 60000, null);
    }

    public ServerSettings withDataDir(Path dir) {
        return new ServerSettings(bindAddress, clientPort, tickTime, minSessionTimeout, maxSessionTimeout, maxClientCnxns,
                fourLetterWhitelist, tree, dir, dir, snapCount, snapRetainCount, serverId, containerCheckIntervalMs, cfg);
    }

    public ServerSettings withWhitelist(Set<String> words) {
        return new ServerSettings(bindAddress, clientPort, tickTime, minSessionTimeout, maxSessionTimeout, maxClientCnxns,
                words, tree, dataDir, dataLogDir, snapCount, snapRetainCount, serverId, containerCheckIntervalMs, cfg);
    }

    public ServerSettings withContainerCheck(long ms) {
        return new ServerSettings(bindAddress, clientPort, tickTime, minSessionTimeout, maxSessionTimeout, maxClientCnxns,
                fourLetterWhitelist, tree, dataDir, dataLogDir, snapCount, snapRetainCount, serverId, ms, cfg);
    }

    public ServerSettings withTree(TreeConfig t) {
        return new ServerSettings(bindAddress, clientPort, tickTime, minSessionTimeout, maxSessionTimeout, maxClientCnxns,
                fourLetterWhitelist, t, dataDir, dataLogDir, snapCount, snapRetainCount, serverId, containerCheckIntervalMs, cfg);
    }

    public ServerSettings withPort(int port) {
        return new ServerSettings(bindAddress, port, tickTime, minSessionTimeout, maxSessionTimeout, maxClientCnxns,
                fourLetterWhitelist, tree, dataDir, dataLogDir, snapCount, snapRetainCount, serverId, containerCheckIntervalMs, cfg);
    }

    public ServerSettings withSnapCount(int n) {
        return new ServerSettings(bindAddress, clientPort, tickTime, minSessionTimeout, maxSessionTimeout, maxClientCnxns,
                fourLetterWhitelist, tree, dataDir, dataLogDir, n, snapRetainCount, serverId, containerCheckIntervalMs, cfg);
    }

    public ServerSettings withMaxClientCnxns(int n) {
        return new ServerSettings(bindAddress, clientPort, tickTime, minSessionTimeout, maxSessionTimeout, n,
                fourLetterWhitelist, tree, dataDir, dataLogDir, snapCount, snapRetainCount, serverId, containerCheckIntervalMs, cfg);
    }
}
