package consensuslab.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Storage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TCP runtime's storage over real files: what is synced is there after a reopen or a killed process. */
class FileStorageTest {

    @TempDir
    Path dir;

    record Entry(long index, String value) {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSyncedWriteSurvivesAReopen() {
        FileStorage s = new FileStorage(dir.resolve("n1"));
        s.write("vote", b("{\"term\":3}"));
        s.sync();
        s.close();
        FileStorage again = new FileStorage(dir.resolve("n1"));
        assertEquals("{\"term\":3}", again.readString("vote"));
        assertEquals(List.of("vote"), again.files());
        assertNull(again.read("missing"));
    }

    @Test
    void writeReplacesTheWholeFile() {
        FileStorage s = new FileStorage(dir);
        s.write("f", b("a much longer first version"));
        s.write("f", b("short"));
        s.sync();
        assertArrayEquals(b("short"), new FileStorage(dir).read("f"));
        s.writeJson("n", 42L);
        assertEquals(42L, s.readJson("n", Long.class));
    }

    @Test
    void appendsAreGatheredAndWrittenOnceWhenASyncIsTaken() throws Exception {
        FileStorage s = new FileStorage(dir);
        s.append("log", b("one "));
        s.append("log", b("two "));
        assertEquals(0, Files.size(dir.resolve("log")), "the file exists, the appends are still in memory");
        s.takeDirty().force();
        assertEquals("one two ", Files.readString(dir.resolve("log")), "written when the sync was taken");
        s.append("log", b("three"));
        assertEquals("one two three", s.readString("log"), "a read sees every append");
        s.append("log", b(" lost"));
        s.write("log", b("replaced"));
        s.sync();
        assertEquals("replaced", Files.readString(dir.resolve("log")), "a write replaces the pending appends too");
        s.append("gone", b("x"));
        s.delete("gone");
        s.sync();
        assertFalse(Files.exists(dir.resolve("gone")), "a delete drops them");
        byte[] big = new byte[FileStorage.APPEND_BUFFER];
        s.append("big", big);
        assertEquals(big.length, Files.size(dir.resolve("big")), "a full buffer is written at once");
        s.append("tail", b("kept"));
        s.close();
        assertEquals("kept", Files.readString(dir.resolve("tail")), "a clean close writes what is pending");
    }

    @Test
    void appendAndTruncateOnALog() {
        FileStorage s = new FileStorage(dir);
        s.appendRecord("log", new Entry(1, "a"));
        s.appendRecord("log", new Entry(2, "b"));
        long afterTwo = s.read("log").length;
        s.appendRecord("log", new Entry(3, "c"));
        s.truncate("log", afterTwo);
        s.appendRecord("log", new Entry(3, "c2"));
        s.truncate("log", 1_000_000); // longer than the file: no change
        s.sync();
        s.close();
        Storage.LogRead<Entry> r = new FileStorage(dir).readRecords("log", Entry.class);
        assertEquals(List.of(new Entry(1, "a"), new Entry(2, "b"), new Entry(3, "c2")), r.records());
        assertFalse(r.torn());
    }

    @Test
    void aTornTailIsFoundAndCutAway() {
        FileStorage s = new FileStorage(dir);
        s.appendRecord("log", new Entry(1, "a"));
        byte[] whole = s.read("log");
        s.append("log", b("{\"index\":2,\"va")); // a record cut short, as by a crash mid-write
        s.sync();
        s.close();
        FileStorage after = new FileStorage(dir);
        Storage.LogRead<Entry> r = after.readRecords("log", Entry.class);
        assertTrue(r.torn());
        assertEquals(List.of(new Entry(1, "a")), r.records());
        assertEquals(whole.length, r.validBytes());
        after.truncate("log", r.validBytes());
        after.appendRecord("log", new Entry(2, "b"));
        after.sync();
        assertEquals(List.of(new Entry(1, "a"), new Entry(2, "b")), new FileStorage(dir).readRecords("log", Entry.class).records());
    }

    @Test
    void deleteIsDurableAndFilesAreSorted() {
        FileStorage s = new FileStorage(dir);
        s.write("b", b("2"));
        s.write("a", b("1"));
        s.write("c", b("3"));
        s.sync();
        s.delete("b");
        s.delete("never-existed");
        s.sync();
        s.close();
        assertEquals(List.of("a", "c"), new FileStorage(dir).files());
    }

    @Test
    void badNamesAreRefused() {
        FileStorage s = new FileStorage(dir);
        assertThrows(IllegalArgumentException.class, () -> s.write("../escape", b("x")));
        assertThrows(IllegalArgumentException.class, () -> s.write("a/b", b("x")));
        assertThrows(IllegalArgumentException.class, () -> s.read(".."));
    }

    @Test
    void theSyncHookRunsOnEverySync() {
        FileStorage s = new FileStorage(dir);
        int[] syncs = new int[1];
        s.onSync(() -> syncs[0]++);
        s.write("a", b("1"));
        s.sync();
        s.sync();
        assertEquals(2, syncs[0]);
    }

    /**
     * A real crash of a real process: the child appends and syncs records, then halts without
     * closing anything (Runtime.halt: no shutdown hooks, no finalization). Every synced record is
     * there for the next process.
     */
    @Test
    @Timeout(60)
    void syncedRecordsSurviveAHaltedProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName(), dir.toString(), "50")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(50, TimeUnit.SECONDS), "child did not finish");
        assertEquals(3, p.exitValue(), "the child halts with status 3 after its writes");
        FileStorage s = new FileStorage(dir);
        Storage.LogRead<Entry> r = s.readRecords("log", Entry.class);
        assertTrue(r.records().size() >= 50, "synced records lost: " + r.records().size());
        for (int i = 0; i < 50; i++) {
            assertEquals(new Entry(i + 1, "v" + (i + 1)), r.records().get(i));
        }
        assertEquals("50", s.readString("last"));
        assertTrue(new File(dir.toFile(), "log").length() >= r.validBytes());
    }

    /** The child process of {@link #syncedRecordsSurviveAHaltedProcess}. */
    public static final class Child {
        public static void main(String[] args) {
            FileStorage s = new FileStorage(Path.of(args[0]));
            int n = Integer.parseInt(args[1]);
            for (int i = 1; i <= n; i++) {
                s.appendRecord("log", new Entry(i, "v" + i));
                s.write("last", b(Integer.toString(i)));
                s.sync();
            }
            s.appendRecord("log", new Entry(n + 1, "unsynced")); // may or may not survive: the OS decides
            Runtime.getRuntime().halt(3);
        }
    }

    @Test
    void theDirectoryIsCreated() throws Exception {
        Path deep = dir.resolve("x").resolve("y");
        new FileStorage(deep).write("a", b("1"));
        assertTrue(Files.isRegularFile(deep.resolve("a")));
    }
}
