package consensuslab.search;

import java.util.Arrays;

/**
 * Fingerprint (64-bit hash of a state) to state index, open addressing with linear probing. The
 * search keeps only fingerprints of the states it has seen, as TLC does: two different states with
 * the same 64-bit fingerprint would be taken for one (with a million states, odds about 1 in 10^7).
 */
final class FingerprintMap {

    private long[] keys;
    private int[] values;
    private int size;
    private boolean hasZero;
    private int zeroValue;

    FingerprintMap(int capacity) {
        int c = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        keys = new long[c];
        values = new int[c];
    }

    /** The index stored for {@code key}, or -1. */
    int get(long key) {
        if (key == 0) {
            return hasZero ? zeroValue : -1;
        }
        int mask = keys.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == 0) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    void put(long key, int value) {
        if (key == 0) {
            if (!hasZero) {
                size++;
            }
            hasZero = true;
            zeroValue = value;
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[ok.length * 2];
        values = new int[ok.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] != 0) {
                int i = (int) (ok[j] ^ (ok[j] >>> 32)) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = ok[j];
                values[i] = ov[j];
            }
        }
        Arrays.fill(ok, 0);
    }
}
