package consensuslab.zk.server;

import consensuslab.core.Json;
import consensuslab.zk.znode.DataTree;
import consensuslab.zk.znode.TreeConfig;
import consensuslab.zk.znode.TreeSnapshot;
import consensuslab.zk.znode.ZnodeTxn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Standalone durability: a write-ahead log of transactions (one JSON line per txn, fsynced before
 * the txn is applied) under {@code <dataLogDir>/version-2/} and snapshots of the tree and sessions
 * under {@code <dataDir>/version-2/}. On start the newest snapshot is loaded and the logged
 * transactions after it are replayed; a torn last line is ignored. Only the newest
 * {@code snapRetainCount} snapshots (and the logs they need) are kept. The ensemble uses the ZAB
 * engine's own log and snapshots instead.
 */
public final class StandaloneStore implements AutoCloseable {
    private final Path snapDir;
    private final Path logDir;
    private final int retain;
    private FileChannel logChannel;
    private OutputStream log;

    public StandaloneStore(Path dataDir, Path dataLogDir, int retain) {
        this.snapDir = dataDir.resolve("version-2");
        this.logDir = dataLogDir.resolve("version-2");
        this.retain = Math.max(3, retain);
    }

    public Path snapDir() {
        return snapDir;
    }

    public Path logDir() {
        return logDir;
    }

    /** Loads the newest snapshot plus the log after it. */
    public DataTree load(TreeConfig config) throws IOException {
        Files.createDirectories(snapDir);
        Files.createDirectories(logDir);
        DataTree tree = new DataTree(config);
        List<Path> snaps = list(snapDir, "snapshot.");
        if (!snaps.isEmpty()) {
            Path newest = snaps.get(snaps.size() - 1);
            try {
                tree = DataTree.restore(Json.MAPPER.readValue(Files.readAllBytes(newest), TreeSnapshot.class), config);
            } catch (IOException e) {
                throw new IOException(newest + ": not a valid snapshot (" + Json.firstLine(e) + ")");
            }
        }
        for (Path logFile : list(logDir, "log.")) {
            try (BufferedReader r = Files.newBufferedReader(logFile, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    ZnodeTxn t;
                    try {
                        t = Json.MAPPER.readValue(line, ZnodeTxn.class);
                    } catch (IOException e) {
                        break; // torn tail
                    }
                    if (t.zxid() > tree.lastZxid()) {
                        tree.apply(t);
                    }
                }
            }
        }
        rollLog(tree.lastZxid() + 1);
        return tree;
    }

    /** Files with this prefix, ordered by the hex zxid in their names. */
    private static List<Path> list(Path dir, String prefix) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith(prefix) && !p.getFileName().toString().endsWith(".tmp"))
                    .forEach(out::add);
        }
        out.sort((a, b) -> Long.compareUnsigned(zxidOf(a), zxidOf(b)));
        return out;
    }

    private static long zxidOf(Path p) {
        String n = p.getFileName().toString();
        String hex = n.substring(n.indexOf('.') + 1);
        int dot = hex.indexOf('.');
        if (dot >= 0) {
            hex = hex.substring(0, dot);
        }
        try {
            return Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void rollLog(long firstZxid) throws IOException {
        if (log != null) {
            log.close();
        }
        Path f = logDir.resolve("log." + Long.toHexString(firstZxid) + ".jsonl");
        logChannel = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        log = java.nio.channels.Channels.newOutputStream(logChannel);
    }

    /** Appends and fsyncs one transaction (before it is applied). */
    public void append(ZnodeTxn txn) throws IOException {
        byte[] json = Json.bytes(txn);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        log.write(line);
        logChannel.force(false);
    }

    /** Writes a snapshot of the tree, starts a new log, and purges old files beyond the retain count. */
    public void snapshot(DataTree tree) throws IOException {
        Path f = snapDir.resolve("snapshot." + Long.toHexString(tree.lastZxid()) + ".json");
        Path tmp = snapDir.resolve(f.getFileName() + ".tmp");
        Files.write(tmp, Json.bytes(tree.snapshot()));
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        rollLog(tree.lastZxid() + 1);
        purge();
    }

    private void purge() throws IOException {
        List<Path> snaps = list(snapDir, "snapshot.");
        if (snaps.size() <= retain) {
            return;
        }
        long oldestKept = zxidOf(snaps.get(snaps.size() - retain));
        for (Path s : snaps.subList(0, snaps.size() - retain)) {
            Files.deleteIfExists(s);
        }
        List<Path> logs = list(logDir, "log.");
        for (int i = 0; i + 1 < logs.size(); i++) {
            // a log is needed if the next log starts after the oldest kept snapshot
            if (Long.compareUnsigned(zxidOf(logs.get(i + 1)), oldestKept + 1) <= 0) {
                Files.deleteIfExists(logs.get(i));
            }
        }
    }

    /** Total bytes of the files in a directory (for conf and dirs). */
    public static long size(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        if (log != null) {
            log.close();
            log = null;
        }
    }
}
