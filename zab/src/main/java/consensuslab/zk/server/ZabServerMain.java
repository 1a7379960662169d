package consensuslab.zk.server;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code bin/zab-server <zoo.cfg>}: reads zoo.cfg (and myid when there are server.N lines) and runs
 * one server in the foreground until interrupted: a standalone server, or, with server.N lines,
 * one member of a ZAB ensemble ({@link consensuslab.zk.ensemble.EnsembleServer}).
 */
public final class ZabServerMain {
    private ZabServerMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the server (blocking while it serves); returns an exit code after printing one line on failure. */
    static int run(String[] args, java.io.PrintStream err) {
        if (args.length != 1) {
            err.println("usage: zab-server <zoo.cfg>");
            return 2;
        }
        ZooCfg cfg;
        try {
            cfg = ZooCfg.load(Path.of(args[0]));
        } catch (ConfigException e) {
            err.println("zab-server: " + e.getMessage());
            return 2;
        }
        if (!cfg.standalone()) {
            return consensuslab.zk.ensemble.EnsembleServer.run(cfg, err);
        }
        ZnodeServer server = new ZnodeServer(ServerSettings.from(cfg));
        try {
            server.start();
        } catch (IOException e) {
            err.println("zab-server: cannot start (client port " + cfg.clientPort() + ", dataDir " + cfg.dataDir() + "): " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(Fatal.shutdownHook(server::close));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            server.close();
        }
        return 0;
    }
}
