package consensuslab.zk.cli;

import consensuslab.zk.client.MultiException;
import consensuslab.zk.client.Watcher;
import consensuslab.zk.client.ZkClient;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.AddWatchMode;
import consensuslab.zk.znode.Code;
import consensuslab.zk.znode.CreateMode;
import consensuslab.zk.znode.WatchEventType;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.PathRules;
import consensuslab.zk.znode.Stat;
import consensuslab.zk.znode.WatcherType;
import consensuslab.zk.znode.ZnodeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code zab-cli -server host:port [command args]}: zkCli's commands, output and error messages,
 * interactive (one command per line from stdin) or for one command. Data, stats and listings go
 * to stdout; "Created ..." and errors go to stderr, as zkCli does. Exit codes: 0, 1 on a failed
 * command, 127 for an unknown command.
 */
public final class ZabCli {
    static final String USAGE = String.join("\n",
            "ZooKeeper -server host:port -client-configuration properties-file cmd args",
            "\taddWatch [-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE",
            "\taddauth scheme auth",
            "\tclose ",
            "\tconfig [-c] [-w] [-s]",
            "\tconnect host:port",
            "\tcreate [-s] [-e] [-c] [-t ttl] path [data] [acl]",
            "\tdelete [-v version] path",
            "\tdeleteall path [-b batch size]",
            "\tdelquota [-n|-b|-N|-B] path",
            "\tget [-s] [-w] [-b] [-x] path",
            "\tgetAcl [-s] path",
            "\tgetAllChildrenNumber path",
            "\tgetEphemerals path",
            "\thistory ",
            "\tlistquota path",
            "\tls [-s] [-w] [-R] path",
            "\tprintwatches on|off",
            "\tquit ",
            "\treconfig [-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]",
            "\tredo cmdno",
            "\tremovewatches path [-c|-d|-a] [-l]",
            "\tset path data [-s] [-v version] [-b]",
            "\tsetAcl [-s] [-v version] [-R] path acl",
            "\tsetquota -n|-b|-N|-B val path",
            "\tstat [-w] path",
            "\tsync path",
            "\tversion ",
            "\twhoami ");

    private final PrintStream out;
    private final PrintStream err;
    private final int timeout;
    private String server;
    private ZkClient zk;
    private boolean printWatches = true;
    private final List<String> history = new ArrayList<>();
    private CountDownLatch connected;
    private volatile boolean quietClose;

    /** A failed command: its message and exit code. */
    static final class CliError extends Exception {
        private static final long serialVersionUID = 1L;
        final int exit;

        CliError(String message, int exit) {
            super(message, null, false, false);
            this.exit = exit;
        }
    }

    public ZabCli(String server, int timeout, PrintStream out, PrintStream err) {
        this.server = server;
        this.timeout = timeout;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws Exception {
        String server = "localhost:2181";
        int timeout = 30000;
        List<String> cmd = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (cmd.isEmpty() && args[i].equals("-server") && i + 1 < args.length) {
                server = args[++i];
            } else if (cmd.isEmpty() && args[i].equals("-timeout") && i + 1 < args.length) {
                try {
                    timeout = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    System.err.println("-timeout needs a number of milliseconds, got '" + args[i] + "'");
                    System.exit(2);
                }
            } else {
                cmd.add(args[i]);
            }
        }
        ZabCli cli = new ZabCli(server, timeout, System.out, System.err);
        int code = cmd.isEmpty() ? cli.interactive(System.in, System.console() != null) : cli.oneShot(cmd);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command (after connecting) and returns the exit code. */
    public int oneShot(List<String> cmd) throws InterruptedException {
        if (!isKnown(cmd.get(0))) {
            out.println("Connecting to " + server);
            usage();
            err.println("Command not found: Command not found " + cmd.get(0));
            return 127;
        }
        connect(server);
        int code = run(cmd);
        closeQuietly(false);
        return code;
    }

    /** Reads commands from {@code in} until quit or end of input. */
    public int interactive(InputStream in, boolean prompt) throws InterruptedException, IOException {
        connect(server);
        out.println("Welcome to ZooKeeper!");
        out.println("JLine support is disabled");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int last = 0;
        while (true) {
            if (prompt) {
                out.print("[zk: " + server + "(" + (zk != null && zk.isConnected() ? "CONNECTED" : "CLOSED") + ") "
                        + history.size() + "] ");
                out.flush();
            }
            String line = r.readLine();
            if (line == null) {
                break;
            }
            List<String> words = split(line);
            if (words.isEmpty()) {
                continue;
            }
            if (words.get(0).equals("redo")) {
                try {
                    int n = Integer.parseInt(words.get(1));
                    words = split(history.get(n));
                } catch (RuntimeException e) {
                    err.println("Command index out of range");
                    continue;
                }
            }
            history.add(String.join(" ", words));
            if (words.get(0).equals("quit")) {
                closeQuietly(true);
                return last;
            }
            last = run(words);
        }
        closeQuietly(true);
        return last;
    }

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = QUOTED.matcher(line);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return words;
    }

    private void connect(String where) throws InterruptedException {
        out.println("Connecting to " + where);
        connected = new CountDownLatch(1);
        CountDownLatch mine = connected;
        Watcher w = e -> {
            boolean silentClose = quietClose && e.state() == consensuslab.zk.client.KeeperState.Closed;
            if ((printWatches || e.type() == WatchEventType.None) && !silentClose) {
                out.println();
                out.println("WATCHER::");
                out.println();
                out.println(e);
            }
            if (e.type() == WatchEventType.None && e.state() == consensuslab.zk.client.KeeperState.SyncConnected) {
                mine.countDown();
            }
        };
        try {
            zk = new ZkClient(where, timeout, w).failFast();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            zk = null;
            return;
        }
        // as zkCli: when no server of the connect string accepts a connection, go on at once (the
        // command then fails with ConnectionLoss) instead of waiting out the session timeout
        long end = System.currentTimeMillis() + timeout;
        while (!mine.await(20, TimeUnit.MILLISECONDS) && System.currentTimeMillis() < end && !zk.unreachable()) {
            // waiting for the session
        }
    }

    /** Closes the session; {@code event=false} (one-shot mode) leaves out the Closed event, as zkCli exits first. */
    private void closeQuietly(boolean event) throws InterruptedException {
        quietClose = !event;
        if (zk != null) {
            zk.close();
            zk = null;
        }
    }

    private void usage() {
        err.println(USAGE);
    }

    /** A command of the table, or one of the prompt's own (quit, redo). */
    private boolean isKnown(String c) {
        return commands.containsKey(c) || c.equals("quit") || c.equals("redo");
    }

    /** Runs one command; returns its exit code. */
    int run(List<String> words) throws InterruptedException {
        String c = words.get(0);
        if (!isKnown(c)) {
            usage();
            err.println("Command not found: Command not found " + c);
            return 127;
        }
        try {
            execute(c, new Args(words.subList(1, words.size())));
            return 0;
        } catch (CliError e) {
            err.println(e.getMessage());
            return e.exit;
        } catch (ZnodeException e) {
            err.println(message(e.code(), e.path(), e.getMessage()));
            return 1;
        } catch (MultiException e) {
            err.println(message(e.code(), null, e.getMessage()));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /** zkCli's wording for the common failures; others as "KeeperErrorCode = ... for path". */
    static String message(Code code, String path, String fallback) {
        switch (code) {
            case NONODE: return "Node does not exist: " + path;
            case NOCHILDRENFOREPHEMERALS: return "Ephemerals cannot have children: " + path;
            case NODEEXISTS: return "Node already exists: " + path;
            case NOTEMPTY: return "Node not empty: " + path;
            case NOTREADONLY: return "Not a read-only call: " + path;
            case INVALIDACL: return "Acl is not valid : " + path;
            case NOAUTH: return "Insufficient permission : " + path;
            case BADARGUMENTS: return "Arguments are not valid : " + path;
            case BADVERSION: return "version No is not valid : " + path;
            default: return fallback;
        }
    }

    /** Options (flags with or without a value) and positional arguments of one command. */
    private static final class Args {
        final Map<String, String> opts = new TreeMap<>();
        final List<String> pos = new ArrayList<>();

        Args(List<String> words) {
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (w.startsWith("-") && w.length() == 2 && Character.isLetter(w.charAt(1))) {
                    String name = w.substring(1);
                    boolean takesValue = List.of("v", "t", "m", "b").contains(name);
                    if (takesValue && i + 1 < words.size()) {
                        opts.put(name, words.get(++i));
                    } else {
                        opts.put(name, "");
                    }
                } else {
                    pos.add(w);
                }
            }
        }

        boolean has(String o) {
            return opts.containsKey(o);
        }

        String arg(int i, String usage) throws CliError {
            if (i >= pos.size()) {
                throw new CliError(usage, 1);
            }
            return pos.get(i);
        }

        int intOpt(String o, int dflt) throws CliError {
            String v = opts.get(o);
            if (v == null) {
                return dflt;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new CliError("-" + o + " needs a number, got '" + v + "'", 1);
            }
        }
    }

    private ZkClient zk() throws CliError {
        if (zk == null) {
            throw new CliError("Not connected", 1);
        }
        return zk;
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** One zkCli command: runs with its parsed arguments (the command's name in {@code c}). */
    @FunctionalInterface
    private interface Command {
        void run(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException;
    }

    /** The command table: zkCli's commands by name (quit and redo are handled by the prompt loop). */
    private final Map<String, Command> commands = commandTable();

    private Map<String, Command> commandTable() {
        Map<String, Command> m = new java.util.LinkedHashMap<>();
        m.put("ls", this::cmdLs);
        m.put("create", this::cmdCreate);
        m.put("get", this::cmdGet);
        m.put("set", this::cmdSet);
        m.put("stat", this::cmdStat);
        m.put("delete", this::cmdDelete);
        m.put("deleteall", this::cmdDeleteall);
        m.put("addauth", this::cmdAddauth);
        m.put("getAcl", this::cmdGetAcl);
        m.put("setAcl", this::cmdSetAcl);
        m.put("sync", this::cmdSync);
        m.put("addWatch", this::cmdAddWatch);
        m.put("removewatches", this::cmdRemovewatches);
        m.put("getEphemerals", this::cmdGetEphemerals);
        m.put("getAllChildrenNumber", this::cmdGetAllChildrenNumber);
        m.put("whoami", this::cmdWhoami);
        m.put("config", this::cmdConfig);
        m.put("version", this::cmdVersion);
        m.put("printwatches", this::cmdPrintwatches);
        m.put("history", this::cmdHistory);
        m.put("close", this::cmdClose);
        m.put("connect", this::cmdConnect);
        m.put("setquota", this::cmdNotSupported);
        m.put("listquota", this::cmdNotSupported);
        m.put("delquota", this::cmdNotSupported);
        m.put("reconfig", this::cmdNotSupported);
        return m;
    }

    private void execute(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        for (String o : a.opts.keySet()) {
            if (!flags(c).contains(o)) {
                // zkCli's own words (commons-cli's exception, printed as is), exit code 1
                throw new CliError("org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -" + o, 1);
            }
        }
        commands.get(c).run(c, a);
    }

    /** The flags a command takes, read from its line of the usage text ("ls [-s] [-w] [-R] path" gives s, w, R). */
    static java.util.Set<String> flags(String command) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String line : USAGE.split("\n")) {
            if (line.startsWith("\t" + command + " ")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("-([A-Za-z])\\b").matcher(line);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    private void cmdLs(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String path = a.arg(0, "ls [-s] [-w] [-R] path");
        boolean watch = a.has("w");
        if (a.pos.size() > 1) { // ZooKeeper 3.4's 'ls path watch'
            err.println("'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead.");
            watch = true;
        }
        if (a.has("R")) {
            Deque<String> todo = new ArrayDeque<>();
            todo.push(path);
            List<String> order = new ArrayList<>();
            while (!todo.isEmpty()) {
                String p = todo.pop();
                order.add(p);
                List<String> kids = zk().getChildren(p, false);
                for (int i = kids.size() - 1; i >= 0; i--) {
                    todo.push(PathRules.child(p, kids.get(i)));
                }
            }
            for (String p : order) {
                out.println(p);
            }
            return;
        }
        Stat[] st = new Stat[1];
        List<String> kids = zk().getChildren(path, watch ? watcher() : null, st);
        out.println(kids);
        if (a.has("s")) {
            printStat(st[0]);
        }
    }

    private void cmdCreate(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String path = a.arg(0, "create [-s] [-e] [-c] [-t ttl] path [data] [acl]");
        String data = a.pos.size() > 1 ? a.pos.get(1) : null;
        List<Acl> acl = a.pos.size() > 2 ? parseAcl(a.pos.get(2)) : Acl.OPEN_ACL_UNSAFE;
        boolean seq = a.has("s");
        boolean eph = a.has("e");
        boolean container = a.has("c");
        long ttl = -1;
        if (a.has("t")) {
            try {
                ttl = Long.parseLong(a.opts.get("t"));
            } catch (NumberFormatException e) {
                throw new CliError("-t needs a number of milliseconds", 1);
            }
        }
        if (container && (seq || eph)) {
            throw new CliError("-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.", 1);
        }
        if (ttl >= 0 && eph) {
            throw new CliError("TTLs cannot be used with Ephemeral znodes", 1);
        }
        if (ttl >= 0 && container) {
            throw new CliError("TTLs cannot be used with Container znodes", 1);
        }
        CreateMode mode = container ? CreateMode.CONTAINER
                : ttl >= 0 ? (seq ? CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL : CreateMode.PERSISTENT_WITH_TTL)
                : eph ? (seq ? CreateMode.EPHEMERAL_SEQUENTIAL : CreateMode.EPHEMERAL)
                : seq ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.PERSISTENT;
        String created = zk().create(path, bytes(data), acl, mode, null, ttl);
        err.println("Created " + created);
    }

    private void cmdGet(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String path = a.arg(0, "get [-s] [-w] [-b] [-x] path");
        Stat[] st = new Stat[1];
        boolean watch = a.has("w");
        if (a.pos.size() > 1 && !watch) { // ZooKeeper 3.4's 'get path watch'
            err.println("'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead.");
            watch = true;
        }
        byte[] d = zk().getData(path, watch ? watcher() : null, st);
        out.println(d == null ? "null" : new String(d, StandardCharsets.UTF_8));
        if (a.has("s")) {
            printStat(st[0]);
        }
    }

    private void cmdSet(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String path = a.arg(0, "set path data [-s] [-v version] [-b]");
        String data = a.arg(1, "set path data [-s] [-v version] [-b]");
        int version = a.intOpt("v", -1);
        if (a.pos.size() > 2 && !a.has("v")) { // ZooKeeper 3.4's 'set path data version': honoured, as zkCli 3.9 does
            err.println("'set path data [version]' has been deprecated. Please use 'set [-s] [-v version] path data' instead.");
            version = oldVersion(a.pos.get(2));
        }
        Stat st = zk().setData(path, bytes(data), version);
        if (a.has("s")) {
            printStat(st);
        }
    }

    private void cmdStat(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String path = a.arg(0, "stat [-w] path");
        boolean watch = a.has("w");
        if (a.pos.size() > 1) { // ZooKeeper 3.4's 'stat path watch'
            err.println("'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead.");
            watch = true;
        }
        Stat st = zk().exists(path, watch ? watcher() : null);
        if (st == null) {
            throw new ZnodeException(Code.NONODE, path);
        }
        printStat(st);
    }

    private void cmdDelete(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        int version = a.intOpt("v", -1);
        if (a.pos.size() > 1 && !a.has("v")) { // ZooKeeper 3.4's 'delete path version'
            err.println("'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead.");
            version = oldVersion(a.pos.get(1));
        }
        zk().delete(a.arg(0, "delete [-v version] path"), version);
    }

    /** The version argument of a 3.4 form. */
    private static int oldVersion(String v) throws CliError {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new CliError("version must be a number, got '" + v + "'", 1);
        }
    }

    private void cmdDeleteall(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        deleteAll(a.arg(0, "deleteall path [-b batch size]"), Math.max(1, a.intOpt("b", 1000)));
    }

    private void cmdAddauth(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String scheme = a.arg(0, "addauth scheme auth");
        zk().addAuthInfo(scheme, bytes(a.pos.size() > 1 ? a.pos.get(1) : ""));
    }

    private void cmdGetAcl(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String path = a.arg(0, "getAcl [-s] path");
        Stat[] st = new Stat[1];
        for (Acl acl : zk().getACL(path, st)) {
            out.println("'" + acl.id().scheme() + ",'" + acl.id().id());
            out.println(": " + Acl.letters(acl.perms()));
        }
        if (a.has("s")) {
            printStat(st[0]);
        }
    }

    private void cmdSetAcl(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String path = a.arg(0, "setAcl [-s] [-v version] [-R] path acl");
        List<Acl> acl = parseAcl(a.arg(1, "setAcl [-s] [-v version] [-R] path acl"));
        if (a.has("R")) {
            Deque<String> todo = new ArrayDeque<>();
            todo.push(path);
            while (!todo.isEmpty()) {
                String p = todo.pop();
                zk().setACL(p, acl, -1);
                for (String k : zk().getChildren(p, false)) {
                    todo.push(PathRules.child(p, k));
                }
            }
            return;
        }
        Stat st = zk().setACL(path, acl, a.intOpt("v", -1));
        if (a.has("s")) {
            printStat(st);
        }
    }

    private void cmdSync(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String path = a.arg(0, "sync path");
        try {
            zk().sync(path);
            out.println("Sync is OK");
        } catch (ZnodeException e) {
            out.println("Sync has failed. rc=" + e.code().intValue());
        }
    }

    private void cmdAddWatch(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String path = a.arg(0, "addWatch [-m mode] path");
        AddWatchMode mode = AddWatchMode.PERSISTENT_RECURSIVE;
        if (a.has("m")) {
            try {
                mode = AddWatchMode.valueOf(a.opts.get("m").toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CliError("Unsupported mode: " + a.opts.get("m"), 1);
            }
        }
        zk().addWatch(path, watcher(), mode);
    }

    private void cmdRemovewatches(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String path = a.arg(0, "removewatches path [-c|-d|-a] [-l]");
        WatcherType t = a.has("c") ? WatcherType.Children : a.has("d") ? WatcherType.Data : WatcherType.Any;
        zk().removeAllWatches(path, t, a.has("l"));
    }

    private void cmdGetEphemerals(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        String path = a.pos.isEmpty() ? "/" : a.pos.get(0);
        out.println(zk().getEphemerals(path));
    }

    private void cmdGetAllChildrenNumber(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        out.println(zk().getAllChildrenNumber(a.arg(0, "getAllChildrenNumber path")));
    }

    private void cmdWhoami(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        for (Id id : zk().whoAmI()) {
            out.println("Auth scheme: " + id.scheme());
            out.println("User: " + id.id());
        }
    }

    private void cmdConfig(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        byte[] d = zk().getData("/zookeeper/config", a.has("w") ? watcher() : null, null);
        out.println(d == null ? "null" : new String(d, StandardCharsets.UTF_8));
    }

    private void cmdVersion(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        out.println("ZooKeeper CLI version: consensuslab-zab-0.1.0 (speaks the ZooKeeper 3.9.5 client protocol)");
    }

    private void cmdPrintwatches(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        if (a.pos.isEmpty()) {
            out.println("printwatches is " + (printWatches ? "on" : "off"));
        } else {
            printWatches = a.pos.get(0).equals("on");
        }
    }

    private void cmdHistory(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        int n = history.size() - 1;
        for (int i = n - 10; i <= n; i++) {
            if (i >= 0) {
                out.println(i + " - " + history.get(i));
            }
        }
    }

    private void cmdClose(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        closeQuietly(true);
    }

    private void cmdConnect(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        closeQuietly(true);
        server = a.pos.isEmpty() ? server : a.pos.get(0);
        connect(server);
    }

    private void cmdNotSupported(String c, Args a) throws CliError, ZnodeException, MultiException, InterruptedException {
        throw new CliError(c + " is not supported by zab-cli (quotas and reconfig are not implemented)", 1);
    }

    private Watcher watcher() {
        return e -> {
            if (printWatches) {
                out.println();
                out.println("WATCHER::");
                out.println();
                out.println(e);
            }
        };
    }

    private void deleteAll(String path, int batch) throws CliError, ZnodeException, MultiException, InterruptedException {
        List<String> bfs = new ArrayList<>();
        bfs.add(path);
        for (int i = 0; i < bfs.size(); i++) {
            for (String k : zk().getChildren(bfs.get(i), false)) {
                bfs.add(PathRules.child(bfs.get(i), k));
            }
        }
        List<Op> ops = new ArrayList<>();
        for (int i = bfs.size() - 1; i >= 0; i--) {
            ops.add(new Op.Delete(bfs.get(i), -1));
            if (ops.size() == batch) {
                zk().multi(ops);
                ops.clear();
            }
        }
        if (!ops.isEmpty()) {
            zk().multi(ops);
        }
    }

    /** zkCli's ACL syntax: scheme:id:perms[,scheme:id:perms...], e.g. world:anyone:cdrwa, digest:u:hash:r, auth::cdrwa. */
    List<Acl> parseAcl(String text) throws CliError {
        List<Acl> out = new ArrayList<>();
        for (String part : text.split(",")) {
            int first = part.indexOf(':');
            int last = part.lastIndexOf(':');
            if (first < 0 || first == last) {
                throw new CliError(part + " does not have the form scheme:id:perm", 1);
            }
            int perms = 0;
            for (char ch : part.substring(last + 1).toCharArray()) {
                int bit = Acl.parseLetters(String.valueOf(ch));
                if (bit < 0) {
                    err.println("Unknown perm type: " + ch);
                } else {
                    perms |= bit;
                }
            }
            out.add(new Acl(perms, new Id(part.substring(0, first), part.substring(first + 1, last))));
        }
        return out;
    }

    private void printStat(Stat s) {
        out.println("cZxid = 0x" + Long.toHexString(s.czxid()));
        out.println("ctime = " + new Date(s.ctime()));
        out.println("mZxid = 0x" + Long.toHexString(s.mzxid()));
        out.println("mtime = " + new Date(s.mtime()));
        out.println("pZxid = 0x" + Long.toHexString(s.pzxid()));
        out.println("cversion = " + s.cversion());
        out.println("dataVersion = " + s.version());
        out.println("aclVersion = " + s.aversion());
        out.println("ephemeralOwner = 0x" + Long.toHexString(s.ephemeralOwner()));
        out.println("dataLength = " + s.dataLength());
        out.println("numChildren = " + s.numChildren());
    }
}
