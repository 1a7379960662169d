package consensuslab.zab;

/**
 * zxid arithmetic as ZooKeeper's ZxidUtils does it: a 64-bit number whose high 32 bits are the
 * epoch and whose low 32 bits count proposals within that epoch.
 */
public final class Zxid {

    private Zxid() {
    }

    public static long make(long epoch, long counter) {
        return (epoch << 32) | (counter & 0xffffffffL);
    }

    public static long epoch(long zxid) {
        return zxid >> 32;
    }

    public static long counter(long zxid) {
        return zxid & 0xffffffffL;
    }

    /** "0x100000003", as ZooKeeper's logs print it. */
    public static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }

    /** "1.3": epoch and counter, short enough for a label. */
    public static String dotted(long zxid) {
        return zxid < 0 ? String.valueOf(zxid) : epoch(zxid) + "." + counter(zxid);
    }
}
