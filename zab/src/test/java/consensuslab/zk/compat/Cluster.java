package consensuslab.zk.compat;

import consensuslab.net.LocalPorts;
import consensuslab.zk.ensemble.EnsembleWait;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real ensemble on 127.0.0.1 for compatibility tests, one JVM per server: either ours
 * ({@code ZabServerMain}, what bin/zab-server runs) or Apache ZooKeeper 3.9.5's own
 * {@code QuorumPeerMain}, from the test-scope jar. Both get the same zoo.cfg (tickTime, limits,
 * whitelist, server.N lines) on free ports, so what a client sees can be compared op by op.
 * {@link #close()} kills every server and deletes the files unless {@link #keepFiles()} was called
 * (then it prints the end of each log instead).
 */
final class Cluster implements AutoCloseable {

    /** Which implementation the servers run. */
    enum Kind {
        ZAB("consensuslab.zk.server.ZabServerMain"),
        ZOOKEEPER("org.apache.zookeeper.server.quorum.QuorumPeerMain");

        final String mainClass;

        Kind(String mainClass) {
            this.mainClass = mainClass;
        }
    }

    /** An {@code extra} key for {@link #start}: "true" puts each server's client port in its server.N line. */
    static final String CLIENT_PORT_IN_SERVER_LINES = "compat.clientPortInServerLines";

    final Kind kind;
    final int size;
    final int tick;
    final Path dir;
    private final int[] clientPort;
    private final int[] quorumPort;
    private final int[] electionPort;
    private final int[] adminPort;
    private final Path[] cfg;
    private final Process[] proc;
    private boolean keep;

    private Cluster(Kind kind, int size, int tick, Path dir) {
        this.kind = kind;
        this.size = size;
        this.tick = tick;
        this.dir = dir;
        this.clientPort = new int[size + 1];
        this.quorumPort = new int[size + 1];
        this.electionPort = new int[size + 1];
        this.adminPort = new int[size + 1];
        this.cfg = new Path[size + 1];
        this.proc = new Process[size + 1];
    }

    /** Writes the configuration of {@code size} servers and starts them all; waits until they serve. */
    static Cluster start(Kind kind, int size, int tick, Map<String, String> extra) throws IOException, InterruptedException {
        Cluster c = new Cluster(kind, size, tick, Files.createTempDirectory("compat-" + kind.name().toLowerCase() + "-"));
        int base = LocalPorts.freeBase(5 * size);
        // "true": the server lines carry ";host:clientPort" (dynamic-config style, what Curator's EnsembleTracker needs)
        boolean clientInLines = Boolean.parseBoolean(extra.getOrDefault(CLIENT_PORT_IN_SERVER_LINES, "false"));
        extra = new TreeMap<>(extra);
        extra.remove(CLIENT_PORT_IN_SERVER_LINES);
        StringBuilder servers = new StringBuilder();
        for (int i = 1; i <= size; i++) {
            c.clientPort[i] = base + i - 1;
            c.quorumPort[i] = base + size + i - 1;
            c.electionPort[i] = base + 2 * size + i - 1;
            c.adminPort[i] = base + 3 * size + i - 1;
            servers.append("server.").append(i).append("=127.0.0.1:").append(c.quorumPort[i]).append(':')
                    .append(c.electionPort[i]).append(clientInLines ? ":participant;127.0.0.1:" + c.clientPort[i] : "").append('\n');
        }
        for (int i = 1; i <= size; i++) {
            Path d = Files.createDirectories(c.dir.resolve("server" + i + "/data"));
            Files.writeString(d.resolve("myid"), i + "\n");
            Map<String, String> conf = new TreeMap<>();
            conf.put("tickTime", String.valueOf(tick));
            conf.put("initLimit", "10");
            conf.put("syncLimit", "5");
            conf.put("dataDir", d.toString());
            if (!clientInLines) {
                conf.put("clientPort", String.valueOf(c.clientPort[i]));
            }
            conf.put("clientPortAddress", "127.0.0.1");
            conf.put("4lw.commands.whitelist", "*");
            conf.putAll(extra);
            if (kind == Kind.ZAB) {
                conf.put("znode.container.checkIntervalMs", "100");
                conf.put("extendedTypesEnabled", "true");
                conf.put("traceClientPort", String.valueOf(base + 4 * size + i - 1));
            }
            StringBuilder text = new StringBuilder();
            conf.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            c.cfg[i] = c.dir.resolve("server" + i + "/zoo.cfg");
            Files.writeString(c.cfg[i], text.append(servers).toString());
        }
        for (int i = 1; i <= size; i++) {
            c.start(i);
        }
        try {
            c.awaitServing(allMembers(size), 60_000);
        } catch (IllegalStateException e) {
            c.keepFiles();
            c.close();
            throw e;
        }
        return c;
    }

    static List<Integer> allMembers(int size) {
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            all.add(i);
        }
        return all;
    }

    /** Starts server {@code i} (again), appending to its log. */
    void start(int i) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("server" + i + "/server.log");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path")));
        if (kind == Kind.ZOOKEEPER) {
            cmd.addAll(List.of("-Dzookeeper.admin.enableServer=false", "-Dzookeeper.extendedTypesEnabled=true",
                    "-Dzookeeper.jmx.log4j.disable=true", "-Dzookeeper.preAllocSize=64", "-Dznode.container.checkIntervalMs=100"));
        } else {
            cmd.add("-Dadmin.serverPort=" + adminPort[i]);
            cmd.add("-Dzookeeper.admin.serverPort=" + adminPort[i]);
        }
        cmd.add(kind.mainClass);
        cmd.add(cfg[i].toString());
        proc[i] = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Kills server {@code i} at once (SIGKILL) and waits for it to be gone. */
    void kill(int i) throws InterruptedException {
        if (proc[i] != null) {
            proc[i].destroyForcibly();
            proc[i].waitFor(10, TimeUnit.SECONDS);
            proc[i] = null;
        }
    }

    boolean running(int i) {
        return proc[i] != null && proc[i].isAlive();
    }

    int clientPort(int i) {
        return clientPort[i];
    }

    int adminPort(int i) {
        return adminPort[i];
    }

    int quorumPort(int i) {
        return quorumPort[i];
    }

    int electionPort(int i) {
        return electionPort[i];
    }

    /** host:port of every server, comma-separated, in id order. */
    String connectString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= size; i++) {
            sb.append(sb.length() == 0 ? "" : ",").append("127.0.0.1:").append(clientPort[i]);
        }
        return sb.toString();
    }

    String address(int i) {
        return "127.0.0.1:" + clientPort[i];
    }

    /** A four-letter word's answer, or null when the server does not answer. */
    String fourLetter(int i, String word) {
        try (Socket s = new Socket("127.0.0.1", clientPort[i])) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** The Mode of srvr (leader, follower, standalone), or null if not serving. */
    String mode(int i) {
        String text = fourLetter(i, "srvr");
        if (text == null) {
            return null;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("Mode: ")) {
                return line.substring(6).trim();
            }
        }
        return null;
    }

    /** Waits until these members serve as one leader and followers; returns the leader's id. */
    int awaitServing(List<Integer> members, long timeoutMs) throws InterruptedException {
        try {
            return EnsembleWait.awaitServing(members, this::mode, timeoutMs, "logs under " + dir);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(kind + ": " + e.getMessage(), e);
        }
    }

    /** Keep the files and print the end of the logs on close (a test failed). */
    void keepFiles() {
        keep = true;
    }

    @Override
    public void close() {
        for (int i = 1; i <= size; i++) {
            if (proc[i] != null) {
                proc[i].destroyForcibly();
            }
        }
        for (int i = 1; i <= size; i++) {
            if (proc[i] != null) {
                try {
                    proc[i].waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            if (keep) {
                for (int i = 1; i <= size; i++) {
                    List<String> lines = Files.readAllLines(dir.resolve("server" + i + "/server.log"));
                    System.out.println("---- " + kind + ": the last lines of server." + i + "'s log (" + dir + ") ----");
                    lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
                }
            } else {
                try (java.util.stream.Stream<Path> w = Files.walk(dir)) {
                    w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            System.out.println("Cluster: " + e.getMessage());
        }
    }
}
