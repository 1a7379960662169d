package consensuslab.twopc;

import consensuslab.core.Params;

/** Checks the parameters of a 2pc/3pc run once, up front, so bad input is one clear line. */
public final class Settings {
    private Settings() {
    }

    /** The probability parameter {@code key}, or {@code dflt}. */
    public static double probability(Params p, String key, double dflt) {
        String v = p.get(key, null);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("parameter " + key + "=" + v + " is not a probability between 0 and 1");
    }

    /** Throws IllegalArgumentException naming the first bad parameter. */
    public static void validate(Params p) {
        probability(p, "noVoteRate", 0);
        for (String k : new String[] {"txns", "keys", "writes"}) {
            if (p.getInt(k, 1) < (k.equals("txns") ? 0 : 1)) {
                throw new IllegalArgumentException("parameter " + k + "=" + p.get(k, "") + " is too small");
            }
        }
        for (String k : new String[] {"think", "clientTimeout", "retry", "voteTimeout", "ackTimeout", "timeout", "collect",
                "settle", "maxBlocking"}) {
            if (p.getLong(k, 1) < (k.equals("think") || k.equals("maxBlocking") ? 0 : 1)) {
                throw new IllegalArgumentException("parameter " + k + "=" + p.get(k, "") + " must be a positive number of ms");
            }
        }
        String bug = p.get("bug", "");
        if (!bug.isEmpty() && !bug.equals("noforce")) {
            throw new IllegalArgumentException("parameter bug=" + bug + " is unknown (the only planted bug is bug=noforce)");
        }
    }
}
