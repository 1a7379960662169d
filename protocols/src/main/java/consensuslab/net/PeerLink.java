package consensuslab.net;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One node's outgoing connection to one peer, with its own writer thread. The node's loop only
 * enqueues; this thread connects, writes frames and reconnects after a break with exponential
 * backoff (20 ms doubling to 1 s). When the connection breaks, or cannot be made, what is queued is
 * dropped (and traced as dropped), and the node hears of the break. A small watcher thread reads
 * the connection (the peer never writes on it) so that a peer that goes away is noticed at once,
 * not only at the next write.
 */
final class PeerLink {

    static final int QUEUE_CAPACITY = 100_000;
    static final long MIN_BACKOFF_MS = 20;
    static final long MAX_BACKOFF_MS = 1000;
    static final int CONNECT_TIMEOUT_MS = 2000;

    private final TcpNode<?> owner;
    private final String peer;
    private final ClusterSpec.Endpoint endpoint;
    private final LinkedBlockingQueue<Wire.Envelope> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private volatile boolean closed;
    private volatile Socket socket;

    PeerLink(TcpNode<?> owner, String peer, ClusterSpec.Endpoint endpoint) {
        this.owner = owner;
        this.peer = peer;
        this.endpoint = endpoint;
        this.writer = new Thread(this::run, owner.name() + "->" + peer);
        writer.setDaemon(true);
    }

    void start() {
        writer.start();
    }

    /** Called on the node's loop. Never blocks. */
    void enqueue(Wire.Envelope e) {
        if (closed) {
            return;
        }
        if (!queue.offer(e)) {
            owner.linkDropped(e, "send queue full");
        }
    }

    /** Stops the link for good (the node stopped); nothing more is traced. */
    void close() {
        closed = true;
        writer.interrupt();
        closeQuietly(socket);
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        while (!closed) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                closeQuietly(s);
                if (closed) {
                    return;
                }
                dropQueued("no connection");
                if (!pause(backoff)) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                continue;
            }
            backoff = MIN_BACKOFF_MS;
            socket = s;
            AtomicBoolean broken = new AtomicBoolean(); // this connection's own: a late watcher of an old one cannot touch it
            boolean wasUp = false;
            try {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                Wire.write(out, new Wire.Envelope(owner.name(), peer, 0, null));
                out.flush();
                owner.linkUp(peer);
                wasUp = true;
                watch(s, broken);
                while (!closed && !broken.get()) {
                    Wire.Envelope e = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (e == null) {
                        continue;
                    }
                    Wire.write(out, e, owner.frames());
                    if (queue.isEmpty()) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the connection broke while writing
            } catch (InterruptedException e) {
                // close() wakes us up
            }
            closeQuietly(s);
            socket = null;
            if (closed) {
                return;
            }
            dropQueued("link broken");
            if (wasUp) {
                owner.linkBroken(peer);
            }
            if (!pause(MIN_BACKOFF_MS)) {
                return;
            }
        }
    }

    /** Reads the (silent) connection to notice its end as soon as the peer goes away. */
    private void watch(Socket s, AtomicBoolean broken) {
        Thread t = new Thread(() -> {
            try {
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // the peer never writes on this connection
                }
            } catch (IOException e) {
                // reset or closed
            }
            broken.set(true);
        }, owner.name() + "->" + peer + "-watch");
        t.setDaemon(true);
        t.start();
    }

    private void dropQueued(String why) {
        List<Wire.Envelope> lost = new ArrayList<>();
        queue.drainTo(lost);
        for (Wire.Envelope e : lost) {
            owner.linkDropped(e, why);
        }
    }

    private boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }
}
