package consensuslab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TCP runtime's event loop: FIFO ready tasks, timers in deadline order, the batch hook, shutdown. */
class EventLoopTest {

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private EventLoop started() {
        EventLoop loop = new EventLoop("test-loop", () -> log.add("batch"));
        loop.start();
        return loop;
    }

    /** Runs on the loop and waits for it: everything queued before has run. */
    private static void sync(EventLoop loop) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        assertTrue(loop.execute(done::countDown));
        assertTrue(done.await(30, TimeUnit.SECONDS), "the loop never ran the task");
    }

    private List<String> tasks() {
        synchronized (log) {
            return log.stream().filter(s -> !s.equals("batch")).toList();
        }
    }

    @Test
    @Timeout(60)
    void readyTasksOfEachSubmitterRunInOrderOneAtATimeOnTheLoopThread() throws Exception {
        EventLoop loop = started();
        int perThread = 20_000;
        List<Thread> submitters = new ArrayList<>();
        int[] running = {0};
        boolean[] overlap = {false};
        List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 3; t++) {
            String name = "s" + t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    loop.execute(() -> {
                        if (running[0]++ != 0) {
                            overlap[0] = true;
                        }
                        log.add(name + ":" + n);
                        if (n == 0) {
                            ranOn.add(Thread.currentThread());
                        }
                        running[0]--;
                    });
                }
            });
            submitters.add(th);
            th.start();
        }
        for (Thread th : submitters) {
            th.join();
        }
        sync(loop);
        List<String> ran = tasks();
        assertEquals(3 * perThread, ran.size());
        for (int t = 0; t < 3; t++) {
            String prefix = "s" + t + ":";
            List<Integer> mine = ran.stream().filter(s -> s.startsWith(prefix)).map(s -> Integer.parseInt(s.substring(prefix.length()))).toList();
            for (int i = 0; i < perThread; i++) {
                assertEquals(i, mine.get(i), "submitter " + t + "'s tasks out of order");
            }
        }
        assertFalse(overlap[0], "two tasks ran at once");
        assertTrue(ranOn.stream().allMatch(th -> th.getName().equals("test-loop")));
        loop.shutdown();
        assertTrue(loop.awaitTermination(30_000));
    }

    @Test
    @Timeout(60)
    void theBatchHookRunsAfterTheTasksQueuedMeanwhileAndBeforeTheLoopWaits() throws Exception {
        List<List<String>> atHook = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch hooked = new CountDownLatch(1);
        EventLoop loop = new EventLoop("test-loop", () -> {
            synchronized (log) {
                atHook.add(List.copyOf(log));
            }
            hooked.countDown();
        });
        loop.start();
        loop.execute(() -> {
            log.add("a");
            loop.execute(() -> log.add("b")); // queued while a runs: same batch, before the hook
        });
        assertTrue(hooked.await(30, TimeUnit.SECONDS), "the hook never ran");
        assertEquals(List.of("a", "b"), atHook.get(0));
        loop.shutdown();
        assertTrue(loop.awaitTermination(30_000));
    }

    @Test
    @Timeout(60)
    void timersRunByDeadlineThenInScheduleOrderAndACancelledOneNever() throws Exception {
        EventLoop loop = started();
        CountDownLatch fired = new CountDownLatch(1);
        loop.execute(() -> {
            loop.schedule(() -> {
                log.add("t200");
                fired.countDown();
            }, 200);
            loop.schedule(() -> log.add("t0-first"), 0);
            EventLoop.TimerTask x = loop.schedule(() -> log.add("cancelled"), 0);
            loop.schedule(() -> log.add("t0-second"), 0);
            loop.schedule(() -> log.add("t50"), 50);
            loop.cancel(x);
            // many timers re-armed and cancelled (a timeout per message) are purged, not run
            for (int i = 0; i < 1000; i++) {
                loop.cancel(loop.schedule(() -> log.add("cancelled"), 100));
            }
        });
        assertTrue(fired.await(30, TimeUnit.SECONDS));
        assertEquals(List.of("t0-first", "t0-second", "t50", "t200"), tasks());
        loop.shutdown();
        assertTrue(loop.awaitTermination(30_000));
    }

    @Test
    @Timeout(60)
    void aTaskThatThrowsDoesNotStopTheLoop() throws Exception {
        EventLoop loop = started();
        loop.execute(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        loop.execute(() -> log.add("after"));
        sync(loop);
        assertEquals(List.of("after"), tasks());
        loop.shutdown();
        assertTrue(loop.awaitTermination(30_000));
    }

    @Test
    @Timeout(60)
    void shutdownRunsTheQueuedTasksDropsTheTimersAndRefusesNewTasks() throws Exception {
        EventLoop loop = started();
        CountDownLatch inTask = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            loop.schedule(() -> log.add("timer"), 0);
            inTask.countDown();
            try {
                release.await(); // a handler that is running when the node stops: never interrupted
            } catch (InterruptedException e) {
                log.add("interrupted");
            }
            log.add("running task ended");
        });
        assertTrue(inTask.await(30, TimeUnit.SECONDS));
        loop.execute(() -> log.add("queued before the stop"));
        loop.shutdown();
        assertFalse(loop.execute(() -> log.add("after the stop")), "a task was accepted after shutdown");
        release.countDown();
        assertTrue(loop.awaitTermination(30_000), "the loop did not end");
        assertEquals(List.of("running task ended", "queued before the stop"), tasks());
    }
}
