package consensuslab.zk.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * zoo.cfg and myid, read as ZooKeeper reads them: key=value lines (blank lines and lines starting
 * with # are ignored), the keys of ZooKeeper's QuorumPeerConfig, server.N lines for an ensemble,
 * and {@code <dataDir>/myid} when there are server lines. Every problem is one clear line.
 * Keys it does not know are kept in {@link #extra()} (ZooKeeper turns them into system properties).
 */
public record ZooCfg(Path file, int tickTime, int initLimit, int syncLimit, Path dataDir, Path dataLogDir, int clientPort,
                     String clientPortAddress, TreeMap<Integer, ServerSpec> servers, long myid, int snapCount,
                     int snapRetainCount, int purgeInterval, int maxClientCnxns, int minSessionTimeout,
                     int maxSessionTimeout, Set<String> fourLetterWhitelist, boolean extendedTypesEnabled,
                     String superDigest, int juteMaxBuffer, long containerCheckIntervalMs, String peerType,
                     Map<String, String> extra) {

    /** server.N=host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort] */
    public record ServerSpec(int id, String host, int quorumPort, int electionPort, boolean observer, String clientHost,
                             int clientPort) {
        @Override
        public String toString() {
            return host + ":" + quorumPort + ":" + electionPort + ":" + (observer ? "observer" : "participant")
                    + (clientPort > 0 ? ";" + clientHost + ":" + clientPort : "");
        }
    }

    public static final Set<String> ALL_WORDS = Collections.unmodifiableSet(new TreeSet<>(List.of(
            "ruok", "srvr", "stat", "mntr", "conf", "cons", "envi", "wchs", "wchc", "wchp", "dump", "crst", "srst",
            "isro", "dirs", "gtmk", "stmk", "hash")));

    public boolean standalone() {
        return servers.isEmpty();
    }

    /** A JVM system property as an int, or the default when it is unset or not a number (ZooKeeper ignores a bad one too). */
    static int systemInt(String name, int dflt) {
        try {
            return Integer.parseInt(System.getProperty(name, String.valueOf(dflt)).trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    public static ZooCfg load(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return parse(file, lines);
    }

    public static ZooCfg parse(Path file, List<String> lines) throws ConfigException {
        Map<String, String> kv = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(file + " line " + (i + 1) + ": expected key=value, got '" + raw + "'");
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (kv.containsKey(key)) {
                throw new ConfigException(file + " line " + (i + 1) + ": " + key + " is set twice (first on line " + lineOf.get(key) + ")");
            }
            kv.put(key, value);
            lineOf.put(key, i + 1);
        }
        Parser p = new Parser(file, kv, lineOf);
        int tick = p.integer("tickTime", 3000, 1);
        if (tick > Integer.MAX_VALUE / 20) {
            // session timeouts go up to 20 ticks, in milliseconds that must fit an int
            throw new ConfigException(file + " line " + lineOf.get("tickTime") + ": tickTime " + tick + " is too large (at most "
                    + Integer.MAX_VALUE / 20 + " ms)");
        }
        int initLimit = p.integer("initLimit", 0, 0);
        int syncLimit = p.integer("syncLimit", 0, 0);
        String dd = p.take("dataDir");
        if (dd == null || dd.isEmpty()) {
            throw new ConfigException(file + ": dataDir is not set");
        }
        Path dataDir = Path.of(dd);
        String dl = p.take("dataLogDir");
        Path dataLogDir = dl == null || dl.isEmpty() ? dataDir : Path.of(dl);
        int clientPort = p.integer("clientPort", -1, 0);
        if (clientPort > 65535) {
            throw new ConfigException(file + " line " + lineOf.get("clientPort") + ": clientPort must be a port number (0..65535), got "
                    + clientPort);
        }
        String clientPortAddress = p.take("clientPortAddress");
        int snapCount = p.integer("snapCount", 100000, 2);
        int retain = Math.max(3, p.integer("autopurge.snapRetainCount", 3, 0));
        int purge = p.integer("autopurge.purgeInterval", 0, 0);
        int maxCnxns = p.integer("maxClientCnxns", 60, 0);
        int minTo = p.integer("minSessionTimeout", -1, -1);
        int maxTo = p.integer("maxSessionTimeout", -1, -1);
        minTo = minTo == -1 ? 2 * tick : minTo;
        maxTo = maxTo == -1 ? 20 * tick : maxTo;
        if (minTo > maxTo) {
            throw new ConfigException(file + ": minSessionTimeout " + minTo + " must not be larger than maxSessionTimeout " + maxTo);
        }
        String wl = p.take("4lw.commands.whitelist");
        Set<String> whitelist = new TreeSet<>();
        if (wl == null) {
            whitelist.add("srvr");
        } else {
            for (String w : wl.split(",")) {
                String word = w.trim();
                if (word.isEmpty()) {
                    continue;
                }
                if (word.equals("*")) {
                    whitelist.addAll(ALL_WORDS);
                } else {
                    // as ZooKeeper: a word it does not know is kept and simply never matches a command
                    whitelist.add(word);
                }
            }
            whitelist.add("srvr");
        }
        // JVM system properties count as ZooKeeper reads them (-Djute.maxbuffer, as Solr and HBase set it); zoo.cfg wins
        boolean ext = Boolean.parseBoolean(firstNonNull(p.take("extendedTypesEnabled"), p.take("zookeeper.extendedTypesEnabled"),
                System.getProperty("zookeeper.extendedTypesEnabled", "false")));
        String superDigest = firstNonNull(p.take("DigestAuthenticationProvider.superDigest"), p.take("superDigest"), null);
        int maxBuf = p.integer("jute.maxbuffer", systemInt("jute.maxbuffer", 0xfffff), 1024);
        long containerCheck = p.integer("znode.container.checkIntervalMs", systemInt("znode.container.checkIntervalMs", 60000), 1);
        String peerType = firstNonNull(p.take("peerType"), "participant", null);
        if (!peerType.equals("participant") && !peerType.equals("observer")) {
            throw new ConfigException(file + " line " + lineOf.get("peerType") + ": peerType must be participant or observer, got '" + peerType + "'");
        }
        TreeMap<Integer, ServerSpec> servers = new TreeMap<>();
        for (String key : List.copyOf(p.rest.keySet())) {
            if (key.startsWith("server.")) {
                ServerSpec s = parseServer(file, lineOf.get(key), key, p.take(key));
                if (servers.containsKey(s.id())) {
                    // server.01 and server.1 are one server: ZooKeeper refuses the second line too
                    throw new ConfigException(file + " line " + lineOf.get(key) + ": " + key + " names server " + s.id()
                            + " again (it already has a line)");
                }
                servers.put(s.id(), s);
            }
        }
        if (clientPort < 0 && servers.isEmpty()) {
            throw new ConfigException(file + ": clientPort is not set");
        }
        long myid = 0;
        if (!servers.isEmpty()) {
            if (initLimit <= 0) {
                throw new ConfigException(file + ": initLimit is not set (needed with server.N lines)");
            }
            if (syncLimit <= 0) {
                throw new ConfigException(file + ": syncLimit is not set (needed with server.N lines)");
            }
            Path myidFile = dataDir.resolve("myid");
            if (!Files.isRegularFile(myidFile)) {
                throw new ConfigException(myidFile + " file is missing");
            }
            String text;
            try {
                List<String> ml = Files.readAllLines(myidFile, StandardCharsets.UTF_8);
                text = ml.isEmpty() ? "" : ml.get(0).trim();
            } catch (IOException e) {
                throw new ConfigException(myidFile + ": cannot read (" + e.getMessage() + ")");
            }
            try {
                myid = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ConfigException(myidFile + ": serverid " + text + " is not a number");
            }
            if (myid < 0 || myid > Integer.MAX_VALUE) {
                throw new ConfigException(myidFile + ": myid " + myid + " is out of range (0.." + Integer.MAX_VALUE + ")");
            }
            if (!servers.containsKey((int) myid)) {
                throw new ConfigException(myidFile + ": myid " + myid + " has no server." + myid + " line in " + file);
            }
            if (clientPort < 0 && servers.get((int) myid).clientPort() <= 0) {
                throw new ConfigException(file + ": clientPort is not set");
            }
            if (clientPort < 0) {
                clientPort = servers.get((int) myid).clientPort();
            }
        }
        return new ZooCfg(file, tick, initLimit, syncLimit, dataDir, dataLogDir, clientPort, clientPortAddress, servers, myid,
                snapCount, retain, purge, maxCnxns, minTo, maxTo, Collections.unmodifiableSet(whitelist), ext, superDigest,
                maxBuf, containerCheck, peerType, Collections.unmodifiableMap(new LinkedHashMap<>(p.rest)));
    }

    private static String firstNonNull(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }

    static ServerSpec parseServer(Path file, int line, String key, String value) throws ConfigException {
        String where = file + " line " + line + ": ";
        int id;
        try {
            id = Integer.parseInt(key.substring("server.".length()));
        } catch (NumberFormatException e) {
            throw new ConfigException(where + "'" + key + "' must be server.<number>");
        }
        if (id < 0 || id > 254) {
            throw new ConfigException(where + "server id " + id + " must be between 0 and 254");
        }
        String clientPart = null;
        int semi = value.indexOf(';');
        String addr = value;
        if (semi >= 0) {
            clientPart = value.substring(semi + 1).trim();
            addr = value.substring(0, semi).trim();
        }
        String[] parts = addr.split(":");
        if (parts.length < 3 || parts.length > 4) {
            throw new ConfigException(where + key + "=" + value + " is not host:quorumPort:electionPort[:participant|observer]");
        }
        int qp = port(where, key, parts[1]);
        int ep = port(where, key, parts[2]);
        if (qp == ep) {
            throw new ConfigException(where + key + ": quorum and election port must differ (both " + qp + ")");
        }
        boolean observer = false;
        if (parts.length == 4) {
            if (parts[3].equals("observer")) {
                observer = true;
            } else if (!parts[3].equals("participant")) {
                throw new ConfigException(where + key + ": role must be participant or observer, got '" + parts[3] + "'");
            }
        }
        String clientHost = "0.0.0.0";
        int cport = -1;
        if (clientPart != null && !clientPart.isEmpty()) {
            int c = clientPart.lastIndexOf(':');
            if (c >= 0) {
                clientHost = clientPart.substring(0, c);
                cport = port(where, key, clientPart.substring(c + 1));
            } else {
                cport = port(where, key, clientPart);
            }
        }
        return new ServerSpec(id, parts[0], qp, ep, observer, clientHost, cport);
    }

    private static int port(String where, String key, String s) throws ConfigException {
        try {
            int p = Integer.parseInt(s.trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new ConfigException(where + key + ": '" + s + "' is not a port number");
        }
    }

    private static final class Parser {
        final Path file;
        final Map<String, String> rest;
        final Map<String, Integer> lineOf;

        Parser(Path file, Map<String, String> kv, Map<String, Integer> lineOf) {
            this.file = file;
            this.rest = new LinkedHashMap<>(kv);
            this.lineOf = lineOf;
        }

        String take(String key) {
            return rest.remove(key);
        }

        int integer(String key, int dflt, int min) throws ConfigException {
            String v = take(key);
            if (v == null) {
                return dflt;
            }
            try {
                int x = Integer.parseInt(v);
                if (x < min) {
                    throw new ConfigException(file + " line " + lineOf.get(key) + ": " + key + " must be at least " + min + ", got " + x);
                }
                return x;
            } catch (NumberFormatException e) {
                throw new ConfigException(file + " line " + lineOf.get(key) + ": " + key + " must be a number, got '" + v + "'");
            }
        }
    }
}
