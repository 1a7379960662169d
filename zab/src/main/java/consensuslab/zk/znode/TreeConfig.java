package consensuslab.zk.znode;

/**
 * Settings every replica must share: the largest data a znode may hold (jute.maxbuffer,
 * 1 MiB - 1 by default), whether TTL nodes are enabled (zookeeper.extendedTypesEnabled), and the
 * superuser's digest id ({@code super:<base64 sha1>}, null for none).
 */
public record TreeConfig(int maxDataBytes, boolean extendedTypesEnabled, String superDigest) {
    public static final int DEFAULT_MAX_BUFFER = 0xfffff;

    public static TreeConfig defaults() {
        return new TreeConfig(DEFAULT_MAX_BUFFER, false, null);
    }
}
