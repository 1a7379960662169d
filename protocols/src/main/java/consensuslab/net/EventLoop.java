package consensuslab.net;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A node's event loop: ONE thread that runs tasks one at a time. Tasks that run now (deliveries,
 * submits from the host process, Synced answers) wait in a plain FIFO ready queue; delayed tasks
 * (the node's timers) wait in a heap of deadlines that only the loop thread touches. The thread
 * parks only when the ready queue is empty and no timer is due, so a task submitted to a busy loop
 * costs one queue insertion and no wakeup.
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

    private final ConcurrentLinkedQueue<Runnable> ready = new ConcurrentLinkedQueue<>();
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
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
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
            LockSupport.unpark(thread);
        }
        return true;
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
        shutdown = true;
        LockSupport.unpark(thread);
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
        while (true) {
            if (!shutdown) {
                runDueTimers();
            }
            int n = 0;
            for (Runnable r; n < BATCH && (r = ready.poll()) != null; n++) {
                runTask(r);
            }
            if (n > 0) {
                runTask(afterBatch);
                if (n == BATCH) {
                    continue; // more may be queued: check the timers, then go on
                }
            }
            if (shutdown) {
                if (ready.isEmpty()) {
                    timers.clear();
                    return;
                }
                continue;
            }
            parked = true;
            try {
                if (!ready.isEmpty()) {
                    continue; // a task came in before parked was seen
                }
                TimerTask next = nextLive();
                if (next == null) {
                    LockSupport.park(this);
                } else {
                    long wait = next.deadline - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(this, wait);
                    }
                }
            } finally {
                parked = false;
            }
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

    private void runDueTimers() {
        long now = System.nanoTime();
        TimerTask t;
        int ran = 0;
        while ((t = nextLive()) != null && t.deadline - now <= 0) {
            timers.poll();
            t.cancelled = true; // it ran: a later cancel is a no-op
            runTask(t.task);
            ran++;
        }
        if (ran > 0) {
            runTask(afterBatch);
        }
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
