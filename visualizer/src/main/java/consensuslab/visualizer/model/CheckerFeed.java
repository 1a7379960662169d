package consensuslab.visualizer.model;

import consensuslab.check.Checker;
import consensuslab.check.Violation;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a live run's checkers off the JavaFX thread. The simulator's events are collected in
 * order and handed over in batches ({@link #flush}, once per user action, i.e. once per frame while
 * playing) to one worker thread that feeds them to the checkers, in the same order as before, so
 * they find the same violations at the same events. The views read the checkers through
 * {@link #checkers()}: each read first waits for the batches handed over so far (the worker had the
 * frames since the last read to do them, on the other core).
 */
final class CheckerFeed implements TraceListener {

    private final List<Checker> checkers;
    private final List<Checker> views = new ArrayList<>();
    private final ExecutorService worker;
    private List<TraceEvent> batch = new ArrayList<>();
    private Future<?> last;

    CheckerFeed(List<Checker> checkers, ExecutorService worker) {
        this.checkers = List.copyOf(checkers);
        this.worker = worker;
        for (Checker c : this.checkers) {
            views.add(new Viewed(c));
        }
    }

    /** The one worker thread all live runs' checkers share (daemon: it never keeps the application alive). */
    static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "checkers");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void onEvent(TraceEvent e) {
        batch.add(e);
    }

    /** Hands the events collected so far to the worker. */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<TraceEvent> b = batch;
        batch = new ArrayList<>();
        last = worker.submit(() -> {
            for (TraceEvent e : b) {
                for (Checker c : checkers) {
                    c.onEvent(e);
                }
            }
        });
    }

    /** Hands over what is left and has the checkers finish the run at {@code endTime}. */
    void finish(long endTime) {
        flush();
        last = worker.submit(() -> {
            for (Checker c : checkers) {
                c.finish(endTime);
            }
        });
    }

    /** Waits until the worker has done everything handed to it. */
    void await() {
        flush();
        Future<?> f = last;
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The checkers as the views read them: caught up with every event recorded so far. */
    List<Checker> checkers() {
        return views;
    }

    /** A checker read from the JavaFX thread, after the worker caught up. */
    private final class Viewed implements Checker {
        private final Checker c;

        Viewed(Checker c) {
            this.c = c;
        }

        @Override
        public String name() {
            return c.name();
        }

        @Override
        public void onEvent(TraceEvent event) {
            throw new UnsupportedOperationException("fed by the checker thread");
        }

        @Override
        public String notJudged() {
            await();
            return c.notJudged();
        }

        @Override
        public List<Violation> violations() {
            await();
            return List.copyOf(c.violations());
        }
    }
}
