package consensuslab.zab.persistence;

import consensuslab.core.BinaryReader;
import consensuslab.core.BinaryWriter;
import consensuslab.core.Json;
import consensuslab.core.Storage;
import consensuslab.zab.Txn;
import consensuslab.zab.ZabCodec;
import consensuslab.zab.ZabStateMachine;
import consensuslab.zab.Zxid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * A server's replicated database, as ZooKeeper's ZKDatabase + FileTxnSnapLog keep it: the state
 * machine, the transaction log and the snapshots, plus the two epoch files.
 *
 * <p>Files (all in the node's {@link Storage}):
 * <ul>
 *   <li>{@code log.<hex zxid>}: transaction log segments named by their first zxid; a new segment
 *       starts after each snapshot. A segment is the 8-byte header {@code ZABLOG 0 1}, then one
 *       binary record per transaction: its 4-byte length, the CRC32 of its bytes (ZooKeeper:
 *       Adler32 per entry), then a kind byte and the transaction ({@link ZabCodec#writeTxn}; JSON
 *       for the rare op with no binary form). Segments of the earlier format, one JSON
 *       {@link LogRecord} line per transaction, are still read;</li>
 *   <li>{@code snapshot.<hex zxid>}: the state machine as of that zxid, with a CRC32 of the whole;</li>
 *   <li>{@code acceptedEpoch}, {@code currentEpoch}: decimal text, written and synced at once.</li>
 * </ul>
 * Appends are not durable until {@link #sync()}: the caller batches (group commit). Only committed
 * transactions are applied to the state machine; the log also holds accepted, uncommitted ones.
 */
public final class ZKDatabase {

    /** One log line of the earlier JSON-lines format: a transaction and the CRC32 of its JSON (read, never written). */
    public record LogRecord(long crc, Txn txn) {
    }

    /** The first bytes of every binary log segment: a magic and the format's version. */
    static final byte[] SEGMENT_HEADER = {'Z', 'A', 'B', 'L', 'O', 'G', 0, 1};
    /** A record's kind byte: the transaction in binary. */
    static final int BINARY_TXN = 1;
    /** A record's kind byte: the transaction as JSON (an op with no binary form). */
    static final int JSON_TXN = 2;
    /** A record's length and CRC32, before its bytes. */
    static final int RECORD_HEAD = 8;

    /** A snapshot file: the state machine as of {@code zxid}, and the CRC32 of zxid + data. */
    public record SnapshotFile(long zxid, long crc, byte[] data) {
    }

    /** What {@link #commit} applied: a transaction and the state machine's answer. */
    public record Applied(Txn txn, String result) {
    }

    private static final String LOG = "log.";
    private static final String SNAP = "snapshot.";
    /** The suffix a damaged snapshot is renamed with; such files are never read again. */
    public static final String CORRUPT = ".corrupt";
    private static final String ACCEPTED = "acceptedEpoch";
    private static final String CURRENT = "currentEpoch";

    private final Storage storage;
    private final ZabStateMachine sm;
    private final int snapCount;
    private final int commitLogCount;
    private final int snapRetainCount;

    /** Every transaction in the retained log segments, in zxid order. */
    private final ArrayList<Txn> log = new ArrayList<>();
    /**
     * The zxid of the last transaction dropped from {@link #log} while still on disk (-1: none).
     * Memory keeps every uncommitted transaction and a window of committed ones; older ones are read
     * back from the segments when a sync needs them, as ZooKeeper reads its txnlog beyond the
     * in-memory committedLog.
     */
    private long droppedUpTo = -1;
    /** Segment start zxid to file name. */
    private final TreeMap<Long, String> segments = new TreeMap<>();
    private String currentSegment;
    private long lastLoggedZxid;
    private long lastProcessedZxid;
    private long acceptedEpoch;
    private long currentEpoch;
    private int appliedSinceSnapshot;
    private int unsynced;
    private long syncs;
    private long syncedTxns;
    private long lastSnapshotZxid = -1;
    private final List<String> notes = new ArrayList<>();

    public ZKDatabase(Storage storage, ZabStateMachine sm, int snapCount, int commitLogCount, int snapRetainCount) {
        this.storage = storage;
        this.sm = sm;
        this.snapCount = Math.max(1, snapCount);
        this.commitLogCount = Math.max(1, commitLogCount);
        this.snapRetainCount = Math.max(1, snapRetainCount);
    }

    // ---- recovery ------------------------------------------------------------------------------

    /**
     * Loads the latest valid snapshot, then the log after it; cuts a torn or corrupt tail; reads
     * the epoch files. Returns one note per problem found and repaired (empty when all was well).
     */
    public List<String> load() {
        notes.clear();
        TreeMap<Long, String> snaps = filesWithPrefix(SNAP);
        boolean restored = false;
        for (Map.Entry<Long, String> e : snaps.descendingMap().entrySet()) {
            String problem = tryRestore(e.getKey(), e.getValue());
            if (problem == null) {
                lastProcessedZxid = e.getKey();
                lastSnapshotZxid = e.getKey();
                restored = true;
                break;
            }
            // kept aside, not deleted, as ZooKeeper operators expect: the file is evidence
            String aside = e.getValue() + CORRUPT;
            notes.add(e.getValue() + " is corrupt (" + problem + "): kept aside as " + aside + ", falling back to an older snapshot");
            storage.rename(e.getValue(), aside);
        }
        if (!restored) {
            sm.restore(null);
            lastProcessedZxid = 0;
        }
        segments.putAll(filesWithPrefix(LOG));
        long prev = -1;
        boolean cut = false;
        for (Map.Entry<Long, String> seg : new ArrayList<>(segments.entrySet())) {
            String file = seg.getValue();
            if (cut) {
                notes.add(file + " follows a damaged segment: deleted");
                storage.delete(file);
                segments.remove(seg.getKey());
                continue;
            }
            byte[] b = storage.read(file);
            boolean lines = b != null && b.length > 0 && b[0] == '{'; // a segment of the earlier JSON-lines format
            int start = 0;
            int kept = 0;
            String problem = b == null || b.length == 0 || lines ? null : header(b);
            if (problem == null && b != null && !lines && b.length > 0) {
                start = SEGMENT_HEADER.length;
            }
            while (problem == null && b != null && start < b.length) {
                Parsed r = lines ? parseLine(b, start) : parseRecord(b, start);
                if (r.problem() != null) {
                    problem = r.problem();
                    break;
                }
                Txn t = r.txn();
                if (t.zxid() <= prev) {
                    problem = "zxid " + Zxid.hex(t.zxid()) + " out of order at byte " + start;
                    break;
                }
                if (t.zxid() > lastProcessedZxid) {
                    long before = log.isEmpty() || log.get(log.size() - 1).zxid() < lastProcessedZxid ? lastProcessedZxid
                            : log.get(log.size() - 1).zxid();
                    if (!follows(before, t.zxid())) {
                        problem = "gap after " + Zxid.hex(before) + " (next is " + Zxid.hex(t.zxid()) + ")";
                        break;
                    }
                }
                log.add(t);
                prev = t.zxid();
                kept++;
                start = r.next();
            }
            if (problem == null && kept == 0) {
                // nothing in it (a header alone): gone, so that a segment starting at the same zxid begins afresh
                storage.delete(file);
                segments.remove(seg.getKey());
                continue;
            }
            if (problem != null) {
                notes.add(file + ": " + problem + "; truncated after " + kept + " valid records");
                if (kept == 0) {
                    storage.delete(file);
                    segments.remove(seg.getKey());
                } else {
                    storage.truncate(file, start);
                }
                cut = true;
            }
        }
        // Transactions at or below the snapshot are kept for syncing others (txnlog sync).
        lastLoggedZxid = Math.max(lastProcessedZxid, log.isEmpty() ? 0 : log.get(log.size() - 1).zxid());
        if (!log.isEmpty() && lastLoggedZxid != log.get(log.size() - 1).zxid()) {
            // the log ends below the snapshot: everything in it is already in the state
            lastLoggedZxid = lastProcessedZxid;
        }
        currentSegment = null;
        Long acc = readEpoch(ACCEPTED);
        Long cur = readEpoch(CURRENT);
        long logEpoch = Zxid.epoch(lastLoggedZxid);
        currentEpoch = cur == null ? logEpoch : cur;
        acceptedEpoch = acc == null ? currentEpoch : acc;
        if (currentEpoch < logEpoch) {
            notes.add("currentEpoch " + currentEpoch + " is below the epoch of the last logged zxid " + Zxid.hex(lastLoggedZxid)
                    + ": raised to " + logEpoch);
            currentEpoch = logEpoch;
            writeEpoch(CURRENT, currentEpoch);
        }
        if (acceptedEpoch < currentEpoch) {
            notes.add("acceptedEpoch " + acceptedEpoch + " is below currentEpoch " + currentEpoch + ": raised");
            acceptedEpoch = currentEpoch;
            writeEpoch(ACCEPTED, acceptedEpoch);
        }
        if (!notes.isEmpty()) {
            sync();
        }
        forgetOldCommitted();
        return List.copyOf(notes);
    }

    /** Whether {@code next} may directly follow {@code prev} in one server's history. */
    static boolean follows(long prev, long next) {
        if (Zxid.epoch(next) == Zxid.epoch(prev)) {
            return Zxid.counter(next) == Zxid.counter(prev) + 1;
        }
        return Zxid.epoch(next) > Zxid.epoch(prev) && Zxid.counter(next) == 1;
    }

    /** One record read at a position: the transaction and where the next record starts, or what is wrong there. */
    private record Parsed(Txn txn, int next, String problem) {
        static Parsed bad(String problem) {
            return new Parsed(null, 0, problem);
        }
    }

    /** Null when a binary segment starts with its header, else the problem. */
    private static String header(byte[] b) {
        int n = Math.min(b.length, SEGMENT_HEADER.length);
        if (!Arrays.equals(b, 0, n, SEGMENT_HEADER, 0, n)) {
            return "not a log segment (unknown header)";
        }
        return b.length < SEGMENT_HEADER.length ? "torn final record (" + b.length + " bytes of the segment header)" : null;
    }

    /** A binary record at {@code start} (see the class comment). */
    static Parsed parseRecord(byte[] b, int start) {
        int left = b.length - start;
        if (left < RECORD_HEAD) {
            return Parsed.bad("torn final record (" + left + " bytes, less than a record's length and CRC)");
        }
        BinaryReader head = new BinaryReader(b, start, RECORD_HEAD);
        int n = head.readInt();
        int crc = head.readInt();
        if (n < 1) {
            return Parsed.bad("bad record length " + n + " at byte " + start);
        }
        if (n > left - RECORD_HEAD) {
            return Parsed.bad("torn final record (" + left + " of its " + (RECORD_HEAD + (long) n) + " bytes)");
        }
        CRC32 c = new CRC32();
        c.update(b, start + RECORD_HEAD, n);
        if ((int) c.getValue() != crc) {
            return Parsed.bad("CRC check failed at byte " + start);
        }
        int body = start + RECORD_HEAD + 1;
        Txn t;
        try {
            int kind = b[start + RECORD_HEAD];
            if (kind == BINARY_TXN) {
                BinaryReader r = new BinaryReader(b, body, n - 1);
                t = ZabCodec.readTxn(r);
                r.expectEnd();
            } else if (kind == JSON_TXN) {
                t = Json.MAPPER.readValue(b, body, n - 1, Txn.class);
            } else {
                throw new IllegalArgumentException("unknown record kind " + kind);
            }
        } catch (IOException | RuntimeException e) {
            return Parsed.bad("unreadable record at byte " + start + " (" + Json.firstLine(e) + ")");
        }
        return t == null ? Parsed.bad("unreadable record at byte " + start) : new Parsed(t, start + RECORD_HEAD + n, null);
    }

    /** A line of the earlier JSON-lines format at {@code start}. */
    private static Parsed parseLine(byte[] b, int start) {
        int nl = start;
        while (nl < b.length && b[nl] != '\n') {
            nl++;
        }
        if (nl == b.length) {
            return Parsed.bad("torn final record (" + (b.length - start) + " bytes without an end of line)");
        }
        LogRecord r;
        try {
            r = Json.MAPPER.readValue(b, start, nl - start, LogRecord.class);
        } catch (IOException ex) {
            return Parsed.bad("unreadable record at byte " + start);
        }
        if (r == null || r.txn() == null || r.crc() != crc(r.txn())) {
            return Parsed.bad("CRC check failed at byte " + start);
        }
        return new Parsed(r.txn(), nl + 1, null);
    }

    private String tryRestore(long zxid, String file) {
        SnapshotFile f;
        try {
            f = storage.readJson(file, SnapshotFile.class);
        } catch (RuntimeException e) {
            return Json.firstLine(e);
        }
        if (f == null || f.data() == null) {
            return "empty";
        }
        if (f.zxid() != zxid || f.crc() != crc(f.zxid(), f.data())) {
            return "CRC check failed";
        }
        try {
            sm.restore(f.data());
        } catch (RuntimeException e) {
            return Json.firstLine(e);
        }
        return null;
    }

    private TreeMap<Long, String> filesWithPrefix(String prefix) {
        TreeMap<Long, String> out = new TreeMap<>();
        for (String f : storage.files()) {
            if (f.startsWith(prefix) && !f.endsWith(CORRUPT)) {
                try {
                    out.put(Long.parseUnsignedLong(f.substring(prefix.length()), 16), f);
                } catch (NumberFormatException e) {
                    notes.add("ignoring stray file " + f);
                }
            }
        }
        return out;
    }

    private Long readEpoch(String file) {
        String s = storage.readString(file);
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            notes.add(file + " is not a number ('" + s.trim() + "'): recreated from the log");
            return null;
        }
    }

    private void writeEpoch(String file, long epoch) {
        storage.write(file, Long.toString(epoch).getBytes(StandardCharsets.UTF_8));
    }

    // ---- epochs -------------------------------------------------------------------------------

    public long acceptedEpoch() {
        return acceptedEpoch;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    /** Persists acceptedEpoch (written and synced, as ZooKeeper's writeLongToFile does). */
    public void setAcceptedEpoch(long e) {
        acceptedEpoch = e;
        writeEpoch(ACCEPTED, e);
        sync();
    }

    /** Persists currentEpoch (written and synced). */
    public void setCurrentEpoch(long e) {
        currentEpoch = e;
        writeEpoch(CURRENT, e);
        sync();
    }

    // ---- the log ------------------------------------------------------------------------------

    public long lastLoggedZxid() {
        return lastLoggedZxid;
    }

    /** The zxid of the last transaction applied to the state machine (ZooKeeper's lastProcessedZxid). */
    public long lastProcessedZxid() {
        return lastProcessedZxid;
    }

    /** Appends to the log; not durable until {@link #sync()}. */
    public void append(Txn txn) {
        if (txn.zxid() <= lastLoggedZxid) {
            throw new IllegalStateException("append of " + Zxid.hex(txn.zxid()) + " after " + Zxid.hex(lastLoggedZxid));
        }
        boolean first = currentSegment == null;
        if (first) {
            currentSegment = LOG + Long.toHexString(txn.zxid());
            segments.put(txn.zxid(), currentSegment);
        }
        storage.append(currentSegment, logRecord(txn, first));
        log.add(txn);
        lastLoggedZxid = txn.zxid();
        unsynced++;
    }

    /** Makes every earlier append durable (one fsync); returns how many appended transactions it covered. */
    public int sync() {
        storage.sync();
        int covered = unsynced;
        syncs++;
        syncedTxns += covered;
        unsynced = 0;
        return covered;
    }

    /**
     * The node asked the runtime for a sync (it completes later): returns how many appended
     * transactions it covers, counted as one sync.
     */
    public int syncRequested() {
        int covered = unsynced;
        syncs++;
        syncedTxns += covered;
        unsynced = 0;
        return covered;
    }

    public int unsyncedCount() {
        return unsynced;
    }

    public long syncs() {
        return syncs;
    }

    public long syncedTxns() {
        return syncedTxns;
    }

    /** Drops every logged transaction above {@code zxid} (TRUNC), rewriting the segment files, and syncs. */
    public void truncate(long zxid) {
        int keep = indexAfter(zxid);
        if (keep == log.size() && zxid >= droppedUpTo) {
            return;
        }
        for (int i = log.size() - 1; i >= keep; i--) {
            log.remove(i);
        }
        for (Map.Entry<Long, String> seg : new ArrayList<>(segments.tailMap(zxid, false).entrySet())) {
            storage.delete(seg.getValue());
            segments.remove(seg.getKey());
        }
        Map.Entry<Long, String> last = segments.lastEntry();
        if (last != null) {
            java.io.ByteArrayOutputStream segment = new java.io.ByteArrayOutputStream();
            segment.writeBytes(SEGMENT_HEADER);
            if (last.getKey() <= droppedUpTo) {
                // the segment starts among the transactions memory dropped: those come back from the file
                for (Txn t : readLogged(last.getKey() - 1, Math.min(droppedUpTo, zxid))) {
                    segment.writeBytes(logRecord(t, false));
                }
            }
            for (Txn t : log) {
                if (t.zxid() >= last.getKey()) {
                    segment.writeBytes(logRecord(t, false));
                }
            }
            storage.write(last.getValue(), segment.toByteArray());
        }
        currentSegment = last == null ? null : last.getValue();
        droppedUpTo = Math.min(droppedUpTo, zxid);
        lastLoggedZxid = Math.max(lastProcessedZxid, log.isEmpty() ? Math.max(0, droppedUpTo) : log.get(log.size() - 1).zxid());
        sync();
    }

    /** Index of the first logged transaction with a zxid above {@code zxid}. */
    private int indexAfter(long zxid) {
        int lo = 0;
        int hi = log.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (log.get(mid).zxid() <= zxid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Logged transactions with zxid in (after, upTo], in order. */
    public List<Txn> between(long after, long upTo) {
        if (after < droppedUpTo && upTo > after) {
            List<Txn> out = readLogged(after, Math.min(upTo, droppedUpTo));
            if (upTo > droppedUpTo) {
                out.addAll(between(droppedUpTo, upTo));
            }
            return Collections.unmodifiableList(out);
        }
        int from = indexAfter(after);
        int to = indexAfter(upTo);
        return from >= to ? List.of() : Collections.unmodifiableList(new ArrayList<>(log.subList(from, to)));
    }

    /** The logged transaction with this zxid, or null. */
    public Txn get(long zxid) {
        if (zxid <= droppedUpTo) {
            List<Txn> one = readLogged(zxid - 1, zxid);
            return one.isEmpty() ? null : one.get(0);
        }
        int i = indexAfter(zxid) - 1;
        return i >= 0 && log.get(i).zxid() == zxid ? log.get(i) : null;
    }

    /**
     * The transactions held in memory, in zxid order: every uncommitted one and at least the last
     * {@value #MEMORY_COMMITTED} committed (for the committedLog window and inspection); older ones
     * are on disk ({@link #between}).
     */
    public List<Txn> log() {
        return Collections.unmodifiableList(log);
    }

    /** The first zxid the retained log holds (on disk or in memory), or -1 when it is empty. */
    public long firstLoggedZxid() {
        if (droppedUpTo >= 0 && !segments.isEmpty()) {
            return segments.firstKey(); // a segment is named by its first transaction's zxid
        }
        return log.isEmpty() ? -1 : log.get(0).zxid();
    }

    /**
     * The committed-proposal window ZooKeeper keeps in memory (ZKDatabase.committedLog): the last
     * commitLogCount logged transactions at or below {@code top}.
     */
    public List<Txn> committedLog(long top) {
        int to = indexAfter(top);
        int from = Math.max(0, to - commitLogCount);
        return Collections.unmodifiableList(new ArrayList<>(log.subList(from, to)));
    }

    // ---- the state machine ----------------------------------------------------------------------

    /**
     * Applies every logged transaction in (lastProcessedZxid, upTo], in zxid order. After snapCount
     * of them {@link #snapshotDue()} turns true: the caller takes the snapshot once the handler's
     * work is done and published (ZooKeeper snapshots in a background thread, after the fact).
     */
    public List<Applied> commit(long upTo) {
        if (upTo <= lastProcessedZxid) {
            return List.of();
        }
        List<Applied> out = new ArrayList<>();
        int i = indexAfter(lastProcessedZxid);
        while (i < log.size() && log.get(i).zxid() <= upTo) {
            Txn t = log.get(i);
            out.add(new Applied(t, sm.apply(t)));
            lastProcessedZxid = t.zxid();
            appliedSinceSnapshot++;
            i++;
        }
        forgetOldCommitted();
        return out;
    }

    /**
     * At least this many committed transactions stay in memory (more than any committedLog window):
     * without a bound, the log of a busy server held every transaction since the last purge of its
     * segments (3 × snapCount, 300,000 with zoo.cfg's default), and the collector copied them on every
     * young collection.
     */
    static final int MEMORY_COMMITTED = 2_000;

    /** Drops the oldest committed transactions from memory once twice the window has piled up (they stay on disk). */
    private void forgetOldCommitted() {
        int keep = Math.max(MEMORY_COMMITTED, commitLogCount);
        int committed = indexAfter(lastProcessedZxid);
        if (committed <= 2 * keep) {
            return;
        }
        int drop = committed - keep;
        droppedUpTo = log.get(drop - 1).zxid();
        log.subList(0, drop).clear();
    }

    /** Logged transactions in (after, upTo] read back from the segment files (the ones memory dropped). */
    private List<Txn> readLogged(long after, long upTo) {
        List<Txn> out = new ArrayList<>();
        for (Map.Entry<Long, String> seg : segments.entrySet()) {
            Long next = segments.higherKey(seg.getKey());
            if (seg.getKey() > upTo || (next != null && next <= after + 1)) {
                continue; // starts after the range, or the next segment starts at or before the range does
            }
            byte[] b = storage.read(seg.getValue());
            if (b == null || b.length == 0) {
                continue;
            }
            boolean lines = b[0] == '{';
            int start = lines ? 0 : SEGMENT_HEADER.length;
            while (start < b.length) {
                Parsed r = lines ? parseLine(b, start) : parseRecord(b, start);
                if (r.problem() != null) {
                    break; // a torn tail: load() repairs those; records in range come before it
                }
                long z = r.txn().zxid();
                if (z > upTo) {
                    break;
                }
                if (z > after) {
                    out.add(r.txn());
                }
                start = r.next();
            }
        }
        return out;
    }

    /** snapCount transactions were applied since the last snapshot. */
    public boolean snapshotDue() {
        return appliedSinceSnapshot >= snapCount;
    }

    public ZabStateMachine stateMachine() {
        return sm;
    }

    /** The state machine's bytes (for a SNAP sync). */
    public byte[] snapshotBytes() {
        return sm.snapshot();
    }

    /**
     * Writes snapshot.&lt;lastProcessedZxid&gt;, starts a new log segment, purges snapshots beyond
     * the retain count and log segments older than the oldest kept snapshot, and syncs.
     */
    public void takeSnapshot() {
        appliedSinceSnapshot = 0;
        long z = lastProcessedZxid;
        byte[] data = sm.snapshot();
        storage.writeJson(SNAP + Long.toHexString(z), new SnapshotFile(z, crc(z, data), data));
        lastSnapshotZxid = z;
        currentSegment = null;
        TreeMap<Long, String> snaps = filesWithPrefix(SNAP);
        while (snaps.size() > snapRetainCount) {
            storage.delete(snaps.pollFirstEntry().getValue());
        }
        long oldest = snaps.firstKey();
        // a segment can go when the next one starts at or below the oldest kept snapshot
        while (segments.size() > 1) {
            Map.Entry<Long, String> first = segments.firstEntry();
            Long next = segments.higherKey(first.getKey());
            if (next == null || next > oldest) {
                break;
            }
            storage.delete(first.getValue());
            segments.remove(first.getKey());
            int drop = indexAfter(next - 1);
            log.subList(0, drop).clear();
        }
        if (segments.isEmpty() || segments.firstKey() > droppedUpTo) {
            droppedUpTo = -1; // the segments that held what memory dropped are purged
        }
        sync();
    }

    public long lastSnapshotZxid() {
        return lastSnapshotZxid;
    }

    /** SNAP: replaces the state with the leader's, forgets the local log, and persists the snapshot (synced). */
    public void installSnapshot(long zxid, byte[] data) {
        sm.restore(data);
        for (String f : segments.values()) {
            storage.delete(f);
        }
        segments.clear();
        log.clear();
        droppedUpTo = -1;
        currentSegment = null;
        lastProcessedZxid = zxid;
        lastLoggedZxid = zxid;
        appliedSinceSnapshot = 0;
        storage.writeJson(SNAP + Long.toHexString(zxid), new SnapshotFile(zxid, crc(zxid, data), data));
        lastSnapshotZxid = zxid;
        TreeMap<Long, String> snaps = filesWithPrefix(SNAP);
        for (Map.Entry<Long, String> e : snaps.entrySet()) {
            if (e.getKey() != zxid) {
                storage.delete(e.getValue());
            }
        }
        sync();
    }

    // ---- checksums ----------------------------------------------------------------------------

    /**
     * A transaction's log record (see the class comment), encoded once for its CRC and the file,
     * after the segment header when it is the first of its segment.
     */
    static byte[] logRecord(Txn t, boolean firstOfSegment) {
        BinaryWriter w = new BinaryWriter(256);
        if (firstOfSegment) {
            w.writeRaw(SEGMENT_HEADER, 0, SEGMENT_HEADER.length);
        }
        int at = w.size();
        w.writeInt(0).writeInt(0).writeByte(BINARY_TXN);
        if (!ZabCodec.writeTxn(t, w)) {
            byte[] json = Json.bytes(t);
            w = new BinaryWriter(at + RECORD_HEAD + 1 + json.length);
            w.writeRaw(SEGMENT_HEADER, 0, firstOfSegment ? SEGMENT_HEADER.length : 0);
            w.writeInt(0).writeInt(0).writeByte(JSON_TXN).writeRaw(json, 0, json.length);
        }
        int n = w.size() - at - RECORD_HEAD;
        CRC32 c = new CRC32();
        c.update(w.array(), at + RECORD_HEAD, n);
        w.putInt(at, n);
        w.putInt(at + 4, (int) c.getValue());
        return w.toByteArray();
    }

    /** The CRC32 of a transaction's JSON, as the earlier JSON-lines format kept it. */
    static long crc(Txn t) {
        CRC32 c = new CRC32();
        c.update(Json.bytes(t));
        return c.getValue();
    }

    static long crc(long zxid, byte[] data) {
        CRC32 c = new CRC32();
        for (int i = 7; i >= 0; i--) {
            c.update((int) (zxid >>> (8 * i)) & 0xff);
        }
        c.update(data);
        return c.getValue();
    }

    // ---- state key (the exhaustive search) -----------------------------------------------------

    /**
     * The database's in-memory state as a value (with the storage's files, which the search keeps
     * apart, it fixes what the database does next): for {@code QuorumPeer.stateKey}. Not in it:
     * {@code syncs} and {@code syncedTxns} (counters for the benchmark) and {@code notes} (what the
     * last {@link #load} found, read only as its result).
     */
    public record Key(List<Txn> log, long droppedUpTo, Map<Long, String> segments, String currentSegment, long lastLoggedZxid,
                      long lastProcessedZxid, long acceptedEpoch, long currentEpoch, int appliedSinceSnapshot, int unsynced,
                      long lastSnapshotZxid, Object stateMachine) {
    }

    /** This database's {@link Key}, or null if its state machine offers no key ({@link ZabStateMachine#stateKey}). */
    public Key stateKey() {
        Object machine = sm.stateKey();
        return machine == null ? null : new Key(List.copyOf(log), droppedUpTo, Map.copyOf(segments), currentSegment, lastLoggedZxid,
                lastProcessedZxid, acceptedEpoch, currentEpoch, appliedSinceSnapshot, unsynced, lastSnapshotZxid, machine);
    }
}
