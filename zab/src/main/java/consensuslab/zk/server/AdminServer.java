package consensuslab.zk.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * ZooKeeper's AdminServer, the part people script against: {@code GET /commands/<name>} answers
 * JSON, by the command's name or its four-letter alias ({@code /commands/monitor} and
 * {@code /commands/mntr} alike), with {@code "command"} and {@code "error"} fields as ZooKeeper
 * 3.9 adds them. The answers are made from the same four-letter-word texts the client port gives
 * (one source of truth), turned into JSON fields as ZooKeeper names them (mntr without the
 * {@code zk_} prefix, conf and srvr in snake case). Runs on the JDK's own HTTP server on
 * {@code admin.serverPort} (8080 by default; {@code admin.enableServer=false} turns it off).
 */
public final class AdminServer implements AutoCloseable {
    /** A command: its ZooKeeper name and the four-letter word it is made from. */
    private record Command(String name, String word) {
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        for (String[] c : new String[][] {{"monitor", "mntr"}, {"configuration", "conf"}, {"server_stats", "srvr"}, {"stats", "stat"},
            {"ruok", "ruok"}, {"is_read_only", "isro"}, {"connections", "cons"}, {"environment", "envi"}, {"dirs", "dirs"},
            {"watch_summary", "wchs"}, {"watches", "wchc"}, {"watches_by_path", "wchp"}, {"dump", "dump"},
            {"connection_stat_reset", "crst"}, {"stat_reset", "srst"}, {"hash", "hash"}}) {
            Command cmd = new Command(c[0], c[1]);
            COMMANDS.put(c[0], cmd);
            COMMANDS.put(c[1], cmd);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer http;

    private AdminServer(HttpServer http) {
        this.http = http;
    }

    /**
     * Starts serving on {@code address:port} (port 0: any free port); {@code words} runs a
     * four-letter word and returns its text as the client port would.
     */
    public static AdminServer start(String address, int port, Function<String, String> words) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 16);
        http.createContext("/commands", ex -> handle(ex, words));
        http.setExecutor(java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "zk-admin-server");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return new AdminServer(http);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private static void handle(HttpExchange ex, Function<String, String> words) throws IOException {
        String path = ex.getRequestURI().getPath();
        String name = path.replaceFirst("^/commands/?", "").replaceAll("/+$", "");
        ObjectNode out = JSON.createObjectNode();
        int status = 200;
        if (name.isEmpty()) {
            ArrayNode list = out.putArray("commands");
            COMMANDS.values().stream().map(Command::name).distinct().forEach(list::add);
            out.put("command", "commands");
            out.putNull("error");
        } else {
            Command cmd = COMMANDS.get(name.toLowerCase(Locale.ROOT));
            if (cmd == null) {
                status = 404;
                out.put("command", name);
                out.put("error", "Unknown command: " + name);
            } else {
                String text;
                try {
                    text = words.apply(cmd.word());
                } catch (RuntimeException e) {
                    text = null;
                }
                if (text == null) {
                    status = 503;
                    out.put("command", cmd.name());
                    out.put("error", "This ZooKeeper instance is not currently serving requests");
                } else {
                    fill(out, cmd, text);
                    out.put("command", cmd.name());
                    out.putNull("error");
                }
            }
        }
        byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    /** camelCase or "Two words" to snake_case. */
    static String snake(String key) {
        return key.trim().replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9.]+", "_").toLowerCase(Locale.ROOT);
    }

    private static void putValue(ObjectNode out, String key, String value) {
        String v = value.trim();
        if (v.matches("-?\\d{1,18}")) {
            out.put(key, Long.parseLong(v));
        } else if (v.matches("-?\\d+\\.\\d+")) {
            out.put(key, Double.parseDouble(v));
        } else if (v.equals("true") || v.equals("false")) {
            out.put(key, Boolean.parseBoolean(v));
        } else {
            out.put(key, v);
        }
    }

    private static void fill(ObjectNode out, Command cmd, String text) {
        switch (cmd.word()) {
            case "mntr" -> text.lines().forEach(l -> {
                int tab = l.indexOf('\t');
                if (tab > 0) {
                    putValue(out, l.substring(0, tab).replaceFirst("^zk_", ""), l.substring(tab + 1));
                }
            });
            case "conf", "envi" -> {
                StringBuilder membership = new StringBuilder();
                boolean inMembership = false;
                for (String l : text.lines().toList()) {
                    if (l.startsWith("membership:")) {
                        inMembership = true;
                        continue;
                    }
                    int eq = l.indexOf('=');
                    if (inMembership) {
                        membership.append(l).append('\n');
                    } else if (eq > 0) {
                        putValue(out, snake(l.substring(0, eq)), l.substring(eq + 1));
                    }
                }
                if (inMembership) {
                    out.put("membership", membership.toString());
                }
            }
            case "srvr", "stat" -> text.lines().forEach(l -> {
                int colon = l.indexOf(": ");
                if (l.startsWith("Zookeeper version: ")) {
                    out.put("version", l.substring("Zookeeper version: ".length()));
                } else if (l.startsWith("Latency min/avg/max: ")) {
                    String[] v = l.substring("Latency min/avg/max: ".length()).split("/");
                    putValue(out, "min_latency", v[0]);
                    putValue(out, "avg_latency", v[1]);
                    putValue(out, "max_latency", v[2]);
                } else if (l.startsWith("Mode: ")) {
                    out.put("server_state", l.substring(6).trim());
                } else if (l.startsWith("Received: ")) {
                    putValue(out, "packets_received", l.substring(10));
                } else if (l.startsWith("Sent: ")) {
                    putValue(out, "packets_sent", l.substring(6));
                } else if (l.startsWith("Connections: ")) {
                    putValue(out, "num_alive_client_connections", l.substring(13));
                } else if (l.startsWith("Outstanding: ")) {
                    putValue(out, "outstanding_requests", l.substring(13));
                } else if (colon > 0 && !l.startsWith(" ")) {
                    putValue(out, snake(l.substring(0, colon)), l.substring(colon + 2));
                }
            });
            case "ruok" -> {
                // {"command":"ruok","error":null}
            }
            case "isro" -> out.put("read_only", text.trim().equals("ro"));
            case "dirs" -> text.lines().forEach(l -> {
                int colon = l.indexOf(": ");
                if (colon > 0) {
                    putValue(out, l.substring(0, colon), l.substring(colon + 2));
                }
            });
            default -> out.put("output", text);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
