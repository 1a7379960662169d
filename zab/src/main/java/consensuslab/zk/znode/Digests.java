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

    /** A valid ip ACL id: an IPv4 or IPv6 address, optionally with /bits. */
    public static boolean validIp(String id) {
        return parseCidr(id) != null;
    }

    /**
     * Does the client address {@code addr} match the ACL id {@code pattern} (an IPv4 or IPv6
     * address with optional /bits), as ZooKeeper's IPAuthenticationProvider matches: the same
     * family and the first bits equal.
     */
    public static boolean ipMatches(String pattern, String addr) {
        Object[] p = parseCidr(pattern);
        Object[] a = parseCidr(addr);
        if (p == null || a == null) {
            return false;
        }
        byte[] pb = (byte[]) p[0];
        byte[] ab = (byte[]) a[0];
        if (pb.length != ab.length) {
            return false;
        }
        int bits = (Integer) p[1];
        for (int i = 0; i < pb.length * 8 && i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((pb[i / 8] & mask) != (ab[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** {address bytes, prefix bits}, or null if not an address. */
    private static Object[] parseCidr(String s) {
        if (s == null) {
            return null;
        }
        String addr = s;
        int slash = s.indexOf('/');
        int percent = addr.indexOf('%');
        try {
            Integer bits = null;
            if (slash >= 0) {
                bits = Integer.parseInt(s.substring(slash + 1));
                addr = s.substring(0, slash);
            } else if (percent >= 0) {
                addr = addr.substring(0, percent); // a scope id (fe80::1%eth0) does not take part
            }
            byte[] b = addr.contains(":") ? ipv6(addr) : ipv4(addr);
            if (b == null) {
                return null;
            }
            int max = b.length * 8;
            if (bits == null) {
                bits = max;
            }
            if (bits < 0 || bits > max) {
                return null;
            }
            return new Object[] {b, bits};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] ipv4(String addr) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3) {
                return null;
            }
            int x = Integer.parseInt(parts[i]);
            if (x < 0 || x > 255) {
                return null;
            }
            b[i] = (byte) x;
        }
        return b;
    }

    /** An IPv6 literal (with :: and an optional dotted IPv4 tail) to its 16 bytes. */
    private static byte[] ipv6(String addr) {
        int dbl = addr.indexOf("::");
        if (dbl >= 0 && addr.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String head = dbl >= 0 ? addr.substring(0, dbl) : addr;
        String tail = dbl >= 0 ? addr.substring(dbl + 2) : "";
        java.util.List<Integer> h = groups(head);
        java.util.List<Integer> t = groups(tail);
        if (h == null || t == null) {
            return null;
        }
        int n = h.size() + t.size();
        if (dbl < 0 ? n != 8 : n > 7) {
            return null;
        }
        byte[] b = new byte[16];
        int at = 0;
        for (int g : h) {
            b[at++] = (byte) (g >>> 8);
            b[at++] = (byte) g;
        }
        at = 16 - 2 * t.size();
        for (int g : t) {
            b[at++] = (byte) (g >>> 8);
            b[at++] = (byte) g;
        }
        return b;
    }

    /** Colon-separated 16-bit hex groups; a last dotted IPv4 part counts as two groups. */
    private static java.util.List<Integer> groups(String s) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        if (s.isEmpty()) {
            return out;
        }
        String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.contains(".")) {
                byte[] v4 = ipv4(p);
                if (v4 == null) {
                    return null;
                }
                out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
            } else {
                if (p.isEmpty() || p.length() > 4 || !p.matches("[0-9a-fA-F]+")) {
                    return null;
                }
                out.add(Integer.parseInt(p, 16));
            }
        }
        return out;
    }
}
