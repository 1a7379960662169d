package consensuslab.zk.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server does when it can no longer do its job (a thread it needs died, its log or snapshot
 * cannot be written): one clear log line, and the process stops at once, as ZooKeeper exits, so
 * that the ensemble and the operator see a dead server, never a deaf one. Tests that run servers
 * in their own JVM can set {@code -Dzab.fatal=throw} to get an exception instead.
 */
public final class Fatal {
    private static final Logger LOG = LoggerFactory.getLogger(Fatal.class);

    private Fatal() {
    }

    /**
     * A shutdown hook for SIGTERM: closes the server, but never waits more than five seconds for
     * it (a stuck thread must not keep a terminated server alive).
     */
    public static Thread shutdownHook(Runnable close) {
        return new Thread(() -> {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
                LOG.error("did not stop within 5 s of SIGTERM: halting");
                Runtime.getRuntime().halt(1);
            }, "zab-shutdown-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            close.run();
        }, "zab-shutdown");
    }

    /** Logs one line and halts the JVM with exit code 70 (or throws, under -Dzab.fatal=throw). */
    public static void stop(String what, Throwable cause) {
        String line = "FATAL: " + what + (cause == null ? "" : ": " + cause) + "; stopping the server";
        LOG.error(line);
        System.err.println("zab-server: " + line);
        if ("throw".equals(System.getProperty("zab.fatal"))) {
            throw new IllegalStateException(line, cause);
        }
        Runtime.getRuntime().halt(70);
    }
}
