package consensuslab.visualizer;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/** Runs code on the JavaFX thread and waits (the toolkit is started once, headless under Monocle). */
final class Fx {

    private static boolean started;

    private Fx() {
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        try {
            org.testfx.api.FxToolkit.registerPrimaryStage();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("JavaFX did not start", e);
        }
        started = true;
    }

    static <T> T call(Callable<T> c) {
        start();
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void run(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }
}
