package consensuslab.sim;

import consensuslab.core.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * In-memory storage with a durable image. The durable image of a file shares the live buffer while
 * only appends happened since the last sync (copy on write otherwise), so syncing a growing log
 * costs nothing per byte.
 */
final class SimStorage implements Storage {

    private static final class File {
        byte[] buf = new byte[0];
        int len;
        boolean exists;
        byte[] durBuf = new byte[0];
        int durLen;
        boolean durExists;

        void beforeOverwrite(int from) {
            if (durBuf == buf && from < durLen) {
                durBuf = Arrays.copyOf(buf, durLen);
            }
        }
    }

    private final Map<String, File> files = new TreeMap<>();
    private Runnable syncHook = () -> { };

    void onSync(Runnable hook) {
        this.syncHook = hook;
    }

    @Override
    public byte[] read(String name) {
        File f = files.get(name);
        return f == null || !f.exists ? null : Arrays.copyOf(f.buf, f.len);
    }

    @Override
    public void write(String name, byte[] data) {
        File f = files.computeIfAbsent(name, k -> new File());
        f.buf = Arrays.copyOf(data, Math.max(16, data.length));
        f.len = data.length;
        f.exists = true;
    }

    @Override
    public void append(String name, byte[] data) {
        File f = files.computeIfAbsent(name, k -> new File());
        if (!f.exists) {
            f.buf = new byte[Math.max(64, data.length * 2)];
            f.len = 0;
            f.exists = true;
        }
        if (f.len + data.length > f.buf.length) {
            f.buf = Arrays.copyOf(f.buf, Math.max(f.buf.length * 2, f.len + data.length));
        }
        f.beforeOverwrite(f.len);
        System.arraycopy(data, 0, f.buf, f.len, data.length);
        f.len += data.length;
    }

    @Override
    public void truncate(String name, long length) {
        File f = files.get(name);
        if (f == null || !f.exists || length >= f.len) {
            return;
        }
        f.beforeOverwrite((int) length);
        f.len = (int) Math.max(0, length);
    }

    @Override
    public void delete(String name) {
        File f = files.get(name);
        if (f != null) {
            f.exists = false;
            f.buf = new byte[0];
            f.len = 0;
        }
    }

    @Override
    public List<String> files() {
        List<String> out = new ArrayList<>();
        files.forEach((k, f) -> {
            if (f.exists) {
                out.add(k);
            }
        });
        return out;
    }

    @Override
    public void sync() {
        syncHook.run();
        syncNow();
    }

    /** Makes everything durable (also used for the 'after-sync' crash point). */
    void syncNow() {
        var it = files.values().iterator();
        while (it.hasNext()) {
            File f = it.next();
            f.durBuf = f.buf;
            f.durLen = f.len;
            f.durExists = f.exists;
            if (!f.exists) {
                it.remove();
            }
        }
    }

    /** Forgets everything not synced; with {@code torn}, keeps a random prefix of unsynced appends. */
    void crash(boolean torn, SplittableRandom rnd) {
        var it = files.values().iterator();
        while (it.hasNext()) {
            File f = it.next();
            if (!f.durExists) {
                it.remove();
                continue;
            }
            int keep = f.durLen;
            if (torn && f.exists && f.durBuf == f.buf && f.len > f.durLen) {
                keep = f.durLen + rnd.nextInt(f.len - f.durLen + 1);
            }
            f.buf = keep > f.durLen ? Arrays.copyOf(f.buf, keep) : Arrays.copyOf(f.durBuf, f.durLen);
            f.len = keep;
            f.exists = true;
            f.durBuf = f.buf;
            f.durLen = keep;
        }
    }

    /** For tests and fault injection: damage a file's durable content (flip a byte at {@code offset}). */
    void corrupt(String name, int offset) {
        File f = files.get(name);
        if (f == null || !f.exists || f.len == 0) {
            throw new IllegalArgumentException("no file " + name + " to corrupt");
        }
        f.beforeOverwrite(0);
        int at = Math.floorMod(offset, f.len);
        f.buf[at] = (byte) ~f.buf[at];
        if (f.durBuf != f.buf && at < f.durLen) {
            f.durBuf = Arrays.copyOf(f.durBuf, f.durLen);
            f.durBuf[at] = (byte) ~f.durBuf[at];
        }
    }
}
