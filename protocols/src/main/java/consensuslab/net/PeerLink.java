package consensuslab.net;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's outgoing connection to one peer. The node's loop queues frames ({@link #enqueue}) and,
 * after its batch of tasks, writes them itself ({@link #flush}): encoded together, in one
 * non-blocking write. The link's own thread connects, writes the hello, finishes what the socket
 * did not take at once (waiting for it to become writable), watches the connection (the peer never
 * writes on it) so that a peer that goes away is noticed at once, and reconnects after a break with
 * exponential backoff (20 ms doubling to 1 s). While the link is not connected the frames wait in
 * its queue; when the connection breaks, or cannot be made, what is queued is dropped (and traced
 * as dropped), and the node hears of the break. Neither side ever blocks the loop.
 */
final class PeerLink {

    static final int QUEUE_CAPACITY = 100_000;
    static final long MIN_BACKOFF_MS = 20;
    static final long MAX_BACKOFF_MS = 1000;
    static final int CONNECT_TIMEOUT_MS = 2000;

    /** A growable buffer whose bytes are written without a copy. */
    private static final class Frames extends ByteArrayOutputStream {
        Frames() {
            super(1 << 12);
        }

        ByteBuffer wrap() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    private final TcpNode<?> owner;
    private final String peer;
    private final ClusterSpec.Endpoint endpoint;
    private final Thread thread;
    private volatile boolean closed;

    // under this object's lock (the loop and the link's thread)
    /** Frames not yet encoded: the link is not connected, or the socket has not taken earlier bytes. */
    private final ArrayDeque<Wire.Envelope> queue = new ArrayDeque<>();
    /** Encoded bytes the socket did not take yet; null if none. */
    private ByteBuffer backlog;
    /** The connection, once its hello is queued; null while connecting or broken. */
    private SocketChannel channel;
    private Selector selector;
    private Frames frames = new Frames();
    private DataOutputStream out = new DataOutputStream(frames);

    PeerLink(TcpNode<?> owner, String peer, ClusterSpec.Endpoint endpoint) {
        this.owner = owner;
        this.peer = peer;
        this.endpoint = endpoint;
        this.thread = new Thread(this::run, owner.name() + "->" + peer);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Called on the node's loop. Never blocks. True if the frame was queued and the loop should
     * {@link #flush} this link after its batch (false when it was dropped, or already waits for a
     * flush or for the link's thread).
     */
    boolean enqueue(Wire.Envelope e) {
        if (closed) {
            return false;
        }
        boolean first;
        synchronized (this) {
            if (queue.size() < QUEUE_CAPACITY) {
                first = queue.isEmpty();
                queue.add(e);
                return first;
            }
        }
        owner.linkDropped(e, "send queue full");
        return false;
    }

    /**
     * Called on the node's loop after its batch: writes the queued frames in one non-blocking write
     * if the link is connected and nothing is waiting before them; what the socket does not take is
     * left to the link's thread.
     */
    void flush() {
        synchronized (this) {
            if (closed || channel == null || backlog != null || queue.isEmpty()) {
                return; // not connected, or the link's thread writes when the socket is writable
            }
            try {
                write(null);
            } catch (IOException e) {
                // broken: the link's thread notices, drops the rest and reports the break
                closeQuietly(channel);
            }
            if (backlog != null || !channel.isOpen()) {
                selector.wakeup();
            }
        }
    }

    /** Encodes {@code first} (if any) and the queued frames, writes what the socket takes, keeps the rest as backlog. Under the lock. */
    private void write(Wire.Envelope first) throws IOException {
        frames.reset();
        if (first != null) {
            Wire.write(out, first);
        }
        for (Wire.Envelope e; (e = queue.poll()) != null; ) {
            Wire.write(out, e, owner.frames());
        }
        ByteBuffer b = frames.wrap();
        channel.write(b);
        if (b.hasRemaining()) {
            backlog = ByteBuffer.allocate(b.remaining());
            backlog.put(b).flip();
        }
        if (frames.size() > 1 << 20) {
            frames = new Frames(); // do not keep a burst's buffer for good
            out = new DataOutputStream(frames);
        }
    }

    /** Stops the link for good (the node stopped); nothing more is traced. */
    void close() {
        closed = true;
        thread.interrupt();
        synchronized (this) {
            closeQuietly(channel);
            if (selector != null) {
                selector.wakeup();
            }
        }
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        while (!closed) {
            SocketChannel ch;
            try {
                ch = SocketChannel.open();
            } catch (IOException e) {
                ch = null;
            }
            try {
                if (ch == null) {
                    throw new IOException("no socket");
                }
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.socket().connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                closeQuietly(ch);
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
            boolean wasUp = false;
            Selector sel = null;
            try {
                sel = Selector.open();
                ch.configureBlocking(false);
                SelectionKey key = ch.register(sel, SelectionKey.OP_READ);
                synchronized (this) {
                    if (closed) {
                        throw new IOException("closed");
                    }
                    selector = sel;
                    channel = ch;
                    write(new Wire.Envelope(owner.name(), peer, 0, null)); // the hello, then what waited
                }
                owner.linkUp(peer);
                wasUp = true;
                ByteBuffer scratch = ByteBuffer.allocate(256);
                while (!closed) {
                    synchronized (this) {
                        if (!ch.isOpen()) {
                            break; // the loop's write failed
                        }
                        if (backlog != null) {
                            ch.write(backlog);
                            if (!backlog.hasRemaining()) {
                                backlog = null;
                                if (!queue.isEmpty()) {
                                    write(null);
                                }
                            }
                        }
                        key.interestOps(backlog != null ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                    }
                    sel.select();
                    sel.selectedKeys().clear();
                    if (key.isValid() && key.isReadable()) {
                        scratch.clear();
                        if (ch.read(scratch) < 0) {
                            break; // the peer went away
                        }
                    }
                }
            } catch (IOException | java.nio.channels.CancelledKeyException e) {
                // the connection broke
            } finally {
                synchronized (this) {
                    channel = null;
                    selector = null;
                    backlog = null;
                }
                closeQuietly(ch);
                closeQuietly(sel);
            }
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

    private void dropQueued(String why) {
        List<Wire.Envelope> lost;
        synchronized (this) {
            lost = new ArrayList<>(queue);
            queue.clear();
        }
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

    static void closeQuietly(java.io.Closeable s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    static void closeQuietly(Socket s) {
        closeQuietly((java.io.Closeable) s);
    }
}
