package consensuslab.labs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.core.Registry;
import consensuslab.net.FileStorage;
import consensuslab.net.LocalPorts;
import consensuslab.net.TraceClient;
import consensuslab.echo.Echo;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab run}: a bounded TCP run with a summary line and the protocol's checkers; bad input is one line, exit 2. */
class RunCommandTest {

    static final Pattern SUMMARY = Pattern.compile(
            "echo: tcp (.+), (\\d+) events, (\\d+) sent, (\\d+) delivered, (\\d+) dropped, (\\d+) link-downs, wall (\\d+)ms, checks ok");

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run lab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new Registry().add(new Echo()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(60)
    void aWholeClusterInOneProcess() {
        int base = LocalPorts.freeBase(5);
        Path trace = dir.resolve("run.jsonl");
        Run r = lab("run", "--protocol", "echo", "--nodes", "3", "--clients", "2", "--base-port", String.valueOf(base), "--seconds", "2",
                "--param", "ops=5,retry=100", "--data", dir.resolve("data").toString(), "--trace", trace.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Matcher m = SUMMARY.matcher(r.out().trim());
        assertTrue(m.matches(), "summary: " + r.out());
        assertEquals("all 5 nodes", m.group(1));
        List<TraceEvent> events = TraceReader.read(trace);
        assertEquals(Long.parseLong(m.group(3)), events.stream().filter(e -> e.type() == EventType.SEND).count());
        assertEquals(Long.parseLong(m.group(4)), events.stream().filter(e -> e.type() == EventType.DELIVER).count());
        assertEquals(10, events.stream().filter(e -> e.type() == EventType.RETURN).count(), "2 clients x 5 ops");
        // The servers' counts are on disk, one directory per node.
        long served = 0;
        for (String n : List.of("n1", "n2", "n3")) {
            String s = new FileStorage(dir.resolve("data").resolve(n)).readString("served.json");
            served += s == null ? 0 : Long.parseLong(s);
        }
        assertTrue(served >= 10, "served " + served);
    }

    @Test
    @Timeout(60)
    void twoProcessesSplitTheClusterWithOnly() throws Exception {
        int base = LocalPorts.freeBase(5);
        Path clientTrace = dir.resolve("clients.jsonl");
        String[] common = {"--protocol", "echo", "--nodes", "3", "--clients", "2", "--base-port", String.valueOf(base), "--param",
            "ops=5,retry=100", "--data", dir.resolve("data").toString()};
        CompletableFuture<Run> servers = CompletableFuture.supplyAsync(() -> lab(concat(new String[] {"run", "--seconds", "4",
            "--only", "n1,n2,n3"}, common)));
        Thread.sleep(500);
        Run clients = lab(concat(new String[] {"run", "--seconds", "2", "--only", "c1,c2", "--trace", clientTrace.toString()}, common));
        Run srv = servers.get();
        assertEquals(0, clients.code(), clients.out() + clients.err());
        assertEquals(0, srv.code(), srv.out() + srv.err());
        assertTrue(srv.out().startsWith("echo: tcp n1,n2,n3 of 5 nodes,"), srv.out());
        assertTrue(clients.out().startsWith("echo: tcp c1,c2 of 5 nodes,"), clients.out());
        List<TraceEvent> events = TraceReader.read(clientTrace);
        assertEquals(10, events.stream().filter(e -> e.type() == EventType.RETURN).count());
        assertFalse(events.stream().anyMatch(e -> e.type() == EventType.DELIVER && e.to().startsWith("n")),
                "the clients' process traces only its own nodes' deliveries");
    }

    @Test
    @Timeout(60)
    void aLiveRunCanBeFollowedOnItsTracePort() throws Exception {
        int base = LocalPorts.freeBase(6);
        int tracePort = base + 5;
        List<TraceEvent> got = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> lab("run", "--protocol", "echo", "--nodes", "3", "--clients", "2",
                "--base-port", String.valueOf(base), "--seconds", "3", "--param", "ops=5,retry=100", "--trace-port", String.valueOf(tracePort)));
        TraceClient client = null;
        for (int i = 0; i < 200 && client == null; i++) {
            try {
                client = TraceClient.connect("127.0.0.1", tracePort, got::add);
            } catch (java.io.IOException notYet) {
                Thread.sleep(20);
            }
        }
        assertTrue(client != null, "never reached the trace port");
        try (TraceClient c = client) {
            Run r = run.get();
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().startsWith("lab run: serving the trace on 127.0.0.1:" + tracePort + "\n"), r.out());
            assertTrue(c.awaitEnd(10_000), "the stream did not end with the run");
        }
        List<TraceEvent> events;
        synchronized (got) {
            events = List.copyOf(got);
        }
        // A late joiner still gets the run from its first event (the history), then everything live.
        assertEquals(0, events.get(0).seq());
        assertTrue(events.get(0).text().startsWith("run protocol=echo transport=tcp"), events.get(0).text());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, events.get(i).seq(), "gap in the streamed trace");
        }
        assertEquals(10, events.stream().filter(e -> e.type() == EventType.RETURN).count());
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        String[][] bad = {
            {"run"},
            {"run", "--protocol", "nope"},
            {"run", "--protocol", "echo", "--only", "n7"},
            {"run", "--protocol", "echo", "--only", "x1"},
            {"run", "--protocol", "echo", "--seconds", "soon"},
            {"run", "--protocol", "echo", "--seconds", "-1"},
            {"run", "--protocol", "echo", "--base-port", "70000"},
            {"run", "--protocol", "echo", "--cluster", "n1=127.0.0.1:7100,n3=127.0.0.1:7101"},
            {"run", "--protocol", "echo", "--cluster", "n1=127.0.0.1:7100", "--nodes", "3"},
            {"run", "--protocol", "echo", "--frobnicate"},
            {"run", "--protocol", "echo", "--param", "ops"},
            {"bench"},
            {"bench", "moon"},
            {"bench", "sim", "--nodes", "1"},
        };
        for (String[] args : bad) {
            Run r = lab(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.out() + r.err());
            assertEquals("", r.out(), String.join(" ", args));
            assertEquals(1, r.err().lines().count(), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.err().startsWith("lab: "), r.err());
        }
    }

    @Test
    @Timeout(30)
    void aPortInUseIsOneLineAndExitTwo() throws Exception {
        int base = LocalPorts.freeBase(1);
        try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress("127.0.0.1", base));
            Run r = lab("run", "--protocol", "echo", "--nodes", "1", "--clients", "0", "--base-port", String.valueOf(base), "--seconds", "1");
            assertEquals(2, r.code(), r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + base), r.err());
        }
    }
}
