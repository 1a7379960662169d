package consensuslab.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's durable storage: a flat set of named byte files with an explicit {@link #sync()}.
 *
 * <p>Writes are visible at once to the node, but only synced writes survive a crash. In the
 * simulator an unsynced tail of an appended file may also survive in part (a torn write) when the
 * run asks for it; readers of logs must expect that, see {@link #readRecords}.
 */
public interface Storage {

    /** The whole file, or null if it does not exist. */
    byte[] read(String file);

    /** Replaces the file's content (creating it). */
    void write(String file, byte[] data);

    /** Appends to the file (creating it). */
    void append(String file, byte[] data);

    /** Cuts the file to {@code length} bytes. */
    void truncate(String file, long length);

    /** Removes the file if it exists. */
    void delete(String file);

    /**
     * Renames {@code from} to {@code to} (replacing it), as a copy then a delete: not durable until
     * {@link #sync()}, and a crash before then leaves one or both. Nothing happens if {@code from} is missing.
     */
    default void rename(String from, String to) {
        byte[] b = read(from);
        if (b == null) {
            return;
        }
        write(to, b);
        delete(from);
    }

    /** File names, sorted. */
    List<String> files();

    /** Makes every earlier write durable. In the simulator a crash may be scheduled around it. */
    void sync();

    // ---- JSON conveniences ---------------------------------------------------------------

    /** Replaces {@code file} with {@code value} as JSON. Not durable until {@link #sync()}. */
    default void writeJson(String file, Object value) {
        write(file, Json.bytes(value));
    }

    /** Reads a JSON value, or null if the file does not exist. Corrupt content throws {@link StorageCorruptException}. */
    default <T> T readJson(String file, Class<T> type) {
        byte[] b = read(file);
        if (b == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(b, type);
        } catch (java.io.IOException e) {
            throw new StorageCorruptException(file + ": not a valid " + type.getSimpleName() + " (" + Json.firstLine(e) + ")");
        }
    }

    /** Appends one record as a JSON line. Not durable until {@link #sync()}. */
    default void appendRecord(String file, Object record) {
        byte[] json = Json.bytes(record);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        append(file, line);
    }

    /**
     * Reads a JSON-lines log. Stops at the first record that is incomplete or unreadable (a torn
     * final write) and reports where the valid prefix ends, so the caller can truncate there.
     */
    default <T> LogRead<T> readRecords(String file, Class<T> type) {
        byte[] b = read(file);
        List<T> out = new ArrayList<>();
        if (b == null) {
            return new LogRead<>(out, 0, false);
        }
        int start = 0;
        while (start < b.length) {
            int nl = start;
            while (nl < b.length && b[nl] != '\n') {
                nl++;
            }
            if (nl == b.length) {
                return new LogRead<>(out, start, true); // no newline: torn tail
            }
            try {
                out.add(Json.MAPPER.readValue(b, start, nl - start, type));
            } catch (java.io.IOException e) {
                return new LogRead<>(out, start, true);
            }
            start = nl + 1;
        }
        return new LogRead<>(out, start, false);
    }

    /** Text helper for small files. */
    default String readString(String file) {
        byte[] b = read(file);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The records of a log up to the first damaged one; {@code validBytes} is where they end. */
    record LogRead<T>(List<T> records, long validBytes, boolean torn) {
    }
}
