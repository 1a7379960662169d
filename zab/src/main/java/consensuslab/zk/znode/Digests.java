package consensuslab.zk.znode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The digest scheme's id derivation and the ip scheme's address matching. */
public final class Digests {
    private Digests() {
    }

    /** {@code user:password} to the stored id {@code user:Base64(SHA-1(user:password))}. */
    public static String digestId(String userColonPassword) {
        int colon = userColonPassword.indexOf(':');
        String user = colon < 0 ? userColonPassword : userColonPassword.substring(0, colon);
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(userColonPassword.getBytes(StandardCharsets.UTF_8));
            return user + ":" + Base64.getEncoder().encodeToString(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    /** A valid ip ACL id: an IPv4 address, optionally with /bits. */
    public static boolean validIp(String id) {
        return parseCidr(id) != null;
    }

    /** Does the client address {@code addr} match the ACL id {@code pattern} (a.b.c.d[/bits])? */
    public static boolean ipMatches(String pattern, String addr) {
        long[] p = parseCidr(pattern);
        long[] a = parseCidr(addr);
        if (p == null || a == null) {
            return false;
        }
        int bits = (int) p[1];
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (p[0] & mask) == (a[0] & mask);
    }

    private static long[] parseCidr(String s) {
        if (s == null) {
            return null;
        }
        int bits = 32;
        int slash = s.indexOf('/');
        String addr = s;
        try {
            if (slash >= 0) {
                bits = Integer.parseInt(s.substring(slash + 1));
                addr = s.substring(0, slash);
                if (bits < 0 || bits > 32) {
                    return null;
                }
            }
            String[] parts = addr.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            long v = 0;
            for (String part : parts) {
                int x = Integer.parseInt(part);
                if (x < 0 || x > 255) {
                    return null;
                }
                v = (v << 8) | x;
            }
            return new long[] {v, bits};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
