package consensuslab.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A node's event loop: ONE thread that runs tasks one at a time. Tasks that run now (submits from
 * the host process, Synced answers, link events) wait in a plain FIFO ready queue; delayed tasks
 * (the node's timers) wait in a heap of deadlines that only the loop thread touches; channels
 * registered with the loop's selector ({@link #register}: the node's incoming peer connections)
 * are read by the loop itself when they have bytes. The thread waits (in its selector) only when
 * the ready queue is empty and no timer is due, so a task submitted to a busy loop costs one queue
 * insertion and no wakeup, and a frame from a peer reaches its handler with no thread in between.
 *
 * <p>Ordering: ready tasks run in the order they were submitted (so a link's deliveries keep the
 * link's order); a timer runs once its deadline has passed, timers with the same deadline in the
 * order they were scheduled; due timers run before the ready tasks queued at that moment.
 * After every run of ready tasks, before the thread parks (and at least every
 * {@link #BATCH} tasks), the loop calls its {@code afterBatch} hook (the node writes the frames
 * its handlers queued, several in one write).
 *
 * <p>Shutdown, as the runtime's executors did: {@link #shutdown} drops the pending timers, runs the
 * ready tasks already queued (a stopped node's tasks then see it stopped and do nothing), refuses
 * new ones, and never interrupts a task that is running.
 */
final class EventLoop {

    /** Ready tasks run between two calls of the afterBatch hook, at most. */
    static final int BATCH = 64;

    /** A delayed task; cancelled ones stay in the heap until they come up (or a purge). */
    static final class TimerTask implements Comparable<TimerTask> {
        private final long deadline; // System.nanoTime()
        private final long seq;
        private final Runnable task;
        private boolean cancelled;

        private TimerTask(long deadline, long seq, Runnable task) {
            this.deadline = deadline;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(TimerTask o) {
            int c = Long.compare(deadline - o.deadline, 0); // nanoTime may wrap: compare differences
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Told when its channel is ready (on the loop). */
    interface IoHandler {
        void ready(SelectionKey key);
    }

    private final ConcurrentLinkedQueue<Runnable> ready = new ConcurrentLinkedQueue<>();
    private final Selector selector;
    private final Thread thread;
    private final Runnable afterBatch;
    private volatile boolean parked;
    private volatile boolean shutdown;

    // loop thread only
    private final PriorityQueue<TimerTask> timers = new PriorityQueue<>();
    private long timerSeq;
    private int cancelled;

    /**
     * @param name       the thread's name
     * @param afterBatch run on the loop after a batch of ready tasks (may be a no-op)
     */
    EventLoop(String name, Runnable afterBatch) {
        this.afterBatch = afterBatch;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for " + name + ": " + e.getMessage(), e);
        }
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Whether the loop thread runs (started and not ended). */
    boolean alive() {
        return thread.isAlive();
    }

    /** True on the loop's own thread. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Queues a task to run now, after those already queued; false (and not queued) after shutdown. Any thread. */
    boolean execute(Runnable task) {
        if (shutdown) {
            return false;
        }
        ready.offer(task);
        if (parked) {
            selector.wakeup();
        }
        return true;
    }

    /**
     * Registers a non-blocking channel with the loop's selector; {@code handler} runs on the loop
     * whenever the channel is ready for {@code ops}. Loop thread only. Closing the channel (from any
     * thread) unregisters it.
     */
    SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /** Schedules a task after {@code delayMs}; loop thread only. Null after shutdown. */
    TimerTask schedule(Runnable task, long delayMs) {
        if (shutdown) {
            return null;
        }
        TimerTask t = new TimerTask(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs), timerSeq++, task);
        timers.add(t);
        return t;
    }

    /** Cancels a scheduled task (it will not run); loop thread only. */
    void cancel(TimerTask t) {
        if (t.cancelled) {
            return;
        }
        t.cancelled = true;
        if (++cancelled > 64 && cancelled > timers.size() / 2) {
            // many cancelled timers (a protocol that re-arms a timeout per message): drop them all at once
            List<TimerTask> live = new ArrayList<>(timers.size());
            for (TimerTask x : timers) {
                if (!x.cancelled) {
                    live.add(x);
                }
            }
            timers.clear();
            timers.addAll(live);
            cancelled = 0;
        }
    }

    /** Refuses new tasks, drops the timers; the ready tasks already queued still run. Any thread. */
    void shutdown() {
        if (thread.getState() == Thread.State.NEW) {
            closeSelector();
        }
        shutdown = true;
        selector.wakeup();
    }

    /** Waits for the loop thread to end; false if it did not within the timeout. */
    boolean awaitTermination(long timeoutMs) throws InterruptedException {
        if (thread.getState() == Thread.State.NEW) {
            return true;
        }
        thread.join(timeoutMs);
        return !thread.isAlive();
    }

    private void run() {
        try {
            while (true) {
                boolean did = false;
                if (!shutdown) {
                    did = runDueTimers();
                }
                int n = 0;
                for (Runnable r; n < BATCH && (r = ready.poll()) != null; n++) {
                    runTask(r);
                }
                if (did || n > 0) {
                    runTask(afterBatch);
                }
                if (shutdown) {
                    if (ready.isEmpty()) {
                        timers.clear();
                        return;
                    }
                    continue;
                }
                if (n == BATCH) {
                    // more may be queued: read what the channels have, then go on
                    select(-1);
                    continue;
                }
                parked = true;
                if (!ready.isEmpty()) {
                    parked = false; // a task came in before parked was seen
                    continue;
                }
                TimerTask next = nextLive();
                long wait = next == null ? 0 : TimeUnit.NANOSECONDS.toMillis(next.deadline - System.nanoTime() + 999_999);
                select(next == null ? 0 : wait <= 0 ? -1 : wait);
            }
        } finally {
            closeSelector();
        }
    }

    /** Waits for a channel, a wakeup or {@code timeoutMs} (0: no timeout, -1: no wait), then serves the ready channels. */
    private void select(long timeoutMs) {
        int ready;
        try {
            ready = timeoutMs < 0 ? selector.selectNow() : selector.select(timeoutMs);
        } catch (IOException e) {
            throw new UncheckedIOException("the selector of " + thread.getName() + " failed: " + e.getMessage(), e);
        } finally {
            parked = false;
        }
        if (ready == 0) {
            return;
        }
        for (SelectionKey k : selector.selectedKeys()) {
            if (k.isValid() && k.attachment() instanceof IoHandler h) {
                runTask(() -> h.ready(k));
            }
        }
        selector.selectedKeys().clear();
        runTask(afterBatch);
    }

    private void closeSelector() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** The first timer that is not cancelled (cancelled ones at the top are dropped), or null. */
    private TimerTask nextLive() {
        TimerTask t;
        while ((t = timers.peek()) != null && t.cancelled) {
            timers.poll();
            cancelled--;
        }
        return t;
    }

    private boolean runDueTimers() {
        long now = System.nanoTime();
        TimerTask t;
        boolean ran = false;
        while ((t = nextLive()) != null && t.deadline - now <= 0) {
            timers.poll();
            t.cancelled = true; // it ran: a later cancel is a no-op
            runTask(t.task);
            ran = true;
        }
        return ran;
    }

    /** Runs one task; what escapes it is reported in one line and the loop goes on (as an executor would). */
    private void runTask(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | Error e) {
            System.err.println("lab: a task on " + thread.getName() + " threw: " + e);
        }
    }
}
