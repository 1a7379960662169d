package consensuslab.net;

import consensuslab.core.Storage;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A node's durable storage as real files: one directory per node, one file per name.
 *
 * <p>Writes go straight to the files (so they are in the operating system's page cache at once and
 * survive the death of the process, though not necessarily of the machine). Appends are the
 * exception: they are gathered in memory and written with one system call per file when a sync is
 * taken ({@link #sync()}, {@link #takeDirty()}), when the file is read, truncated or closed, or when
 * {@value #APPEND_BUFFER} bytes are pending, as ZooKeeper's transaction log buffers its appends
 * until the commit; an append is not durable before a sync anyway, so a crash may lose it either way
 * (a transaction log appends a record per transaction: one {@code pwrite} and one {@code fstat}
 * each was a fifth of a busy server's system calls). {@link #sync()} is the
 * durability point: it forces every file written since the last sync to disk
 * ({@link FileChannel#force}) and then the directory itself, so that created and deleted names are
 * durable too. Used by one node's event loop only; not thread-safe.
 */
public final class FileStorage implements Storage, Closeable {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private final Path dir;
    private final Map<String, FileChannel> open = new TreeMap<>();
    /** Appends not yet written to their files, by file. */
    private final Map<String, java.io.ByteArrayOutputStream> pending = new TreeMap<>();
    /** Pending appends beyond this many bytes are written at once. */
    static final int APPEND_BUFFER = 1 << 20;
    private final Set<String> dirty = new TreeSet<>();
    private boolean dirDirty;
    /** Batches taken by {@link #takeDirty} whose force has not been reported done: {@link #sync()} forces them too. */
    private final List<Batch> inFlight = new ArrayList<>();
    private Runnable syncHook = () -> { };

    public FileStorage(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The directory holding this node's files. */
    public Path dir() {
        return dir;
    }

    /** Runs before every sync (the runtime traces a {@code sync} event). */
    public void onSync(Runnable hook) {
        this.syncHook = hook;
    }

    private Path path(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad storage file name '" + name + "': use letters, digits, '.', '_' and '-'");
        }
        return dir.resolve(name);
    }

    private FileChannel channel(String name) throws IOException {
        FileChannel ch = open.get(name);
        if (ch == null) {
            Path p = path(name);
            if (!Files.exists(p)) {
                dirDirty = true;
            }
            ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            open.put(name, ch);
        }
        return ch;
    }

    @Override
    public byte[] read(String name) {
        Path p = path(name);
        try {
            flush(name);
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String name, byte[] data) {
        try {
            pending.remove(name);
            FileChannel ch = channel(name);
            ch.truncate(0);
            writeAt(ch, data, 0);
            dirty.add(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void append(String name, byte[] data) {
        try {
            channel(name); // creates the file now, as an unbuffered append would
            java.io.ByteArrayOutputStream buf = pending.computeIfAbsent(name, n -> new java.io.ByteArrayOutputStream());
            buf.writeBytes(data);
            dirty.add(name);
            if (buf.size() >= APPEND_BUFFER) {
                flush(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    /** Writes a file's pending appends at its end. */
    private void flush(String name) throws IOException {
        java.io.ByteArrayOutputStream buf = pending.remove(name);
        if (buf != null && buf.size() > 0) {
            FileChannel ch = channel(name);
            writeAt(ch, buf.toByteArray(), ch.size());
        }
    }

    private void flushAll() throws IOException {
        for (String n : List.copyOf(pending.keySet())) {
            flush(n);
        }
    }

    private static void writeAt(FileChannel ch, byte[] data, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    @Override
    public void truncate(String name, long length) {
        if (!Files.exists(path(name))) {
            return;
        }
        try {
            flush(name);
            FileChannel ch = channel(name);
            if (length < ch.size()) {
                ch.truncate(Math.max(0, length));
                dirty.add(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) {
        Path p = path(name);
        try {
            pending.remove(name);
            FileChannel ch = open.remove(name);
            if (ch != null) {
                ch.close();
            }
            dirty.remove(name);
            if (Files.deleteIfExists(p)) {
                dirDirty = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> files() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (Files.isRegularFile(p) && NAME.matcher(n).matches()) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        Collections.sort(out);
        return out;
    }

    /** Every earlier write, including those of batches still being forced on the sync thread. */
    @Override
    public void sync() {
        syncHook.run();
        try {
            flushAll();
            for (Batch b : List.copyOf(inFlight)) {
                b.force();
            }
            for (String n : dirty) {
                FileChannel ch = open.get(n);
                if (ch != null) {
                    ch.force(true);
                }
            }
            dirty.clear();
            if (dirDirty) {
                forceDirectory();
                dirDirty = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a sync must force, taken now on the node's loop: the files written since the last sync
     * (and the directory, if names changed). {@link Batch#force} then runs on another thread while
     * the loop goes on writing; it covers at least every write made before this call.
     */
    Batch takeDirty() {
        syncHook.run();
        try {
            flushAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log of " + dir + ": " + e.getMessage(), e);
        }
        List<FileChannel> chans = new ArrayList<>(dirty.size());
        for (String n : dirty) {
            FileChannel ch = open.get(n);
            if (ch != null) {
                chans.add(ch);
            }
        }
        dirty.clear();
        Batch b = new Batch(chans, dirDirty);
        dirDirty = false;
        inFlight.add(b);
        return b;
    }

    /** On the loop: the batch was forced (or failed); {@link #sync()} no longer needs to force it. */
    void done(Batch b) {
        inFlight.remove(b);
    }

    /** Files (and maybe the directory) to force, off the loop. */
    final class Batch {
        private final List<FileChannel> channels;
        private final boolean directory;

        private Batch(List<FileChannel> channels, boolean directory) {
            this.channels = channels;
            this.directory = directory;
        }

        /** Forces the data (fdatasync) of each file; a file deleted meanwhile (its channel closed) needs nothing. */
        void force() throws IOException {
            for (FileChannel ch : channels) {
                try {
                    ch.force(false);
                } catch (ClosedChannelException deleted) {
                    // deleted since, or the node stopped: nothing of it to keep
                }
            }
            if (directory) {
                forceDirectory();
            }
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory as a channel; Linux and macOS can.
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }

    /** Closes the open files without syncing them (what a crash leaves behind is up to the OS). */
    @Override
    public void close() {
        try {
            flushAll(); // a clean stop keeps what was appended, as unbuffered writes did
        } catch (IOException ignored) {
            // closing after a failure: what was not written is lost, as in a crash
        }
        pending.clear();
        for (FileChannel ch : open.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing after a failure: nothing more to lose
            }
        }
        open.clear();
    }
}
