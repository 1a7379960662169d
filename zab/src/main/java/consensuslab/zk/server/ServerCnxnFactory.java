package consensuslab.zk.server;

import consensuslab.zk.wire.JuteIn;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.wire.WireException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection I/O of a znode server, as ZooKeeper's NIOServerCnxnFactory: ONE selector thread
 * accepts every client, reads its frames (each length checked against jute.maxbuffer before
 * anything is allocated) and hands them to the processor; it also finishes the writes a socket
 * could not take at once. It enforces maxClientCnxns per address, closes connections that send no
 * ConnectRequest within the minimum session timeout, and applies back-pressure: while more than
 * {@code globalOutstandingLimit} requests are read and not yet answered, it stops reading.
 *
 * <p>On an ensemble member the "selector thread" is the ZAB peer's event loop ({@link Host}): the
 * listener and every connection are registered with the loop's selector, so a request goes from
 * the socket to its processing (which runs on that loop too) with no thread in between, and the
 * greeting sweep runs from the server's housekeeping ({@link #tick}).
 */
final class ServerCnxnFactory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCnxnFactory.class);

    /** What the factory hands to the processor (called on the selector thread; must not block). */
    interface Events {
        void fourLetter(ServerConnection c, String word);

        void connect(ServerConnection c, Proto.ConnectRequest req);

        void request(ServerConnection c, Proto.RequestHeader h, JuteIn body, long received, int size);

        void closed(ServerConnection c, String why);
    }

    /** An event loop that runs this factory's I/O (every method is called on it), instead of a thread of its own. */
    interface Host {
        void execute(Runnable task);

        SelectionKey register(java.nio.channels.SelectableChannel ch, int ops, java.util.function.Consumer<SelectionKey> handler)
                throws IOException;
    }

    private final ServerSettings settings;
    private final Host host;
    private long nextSweep;
    private boolean listening; // host's loop only
    private final Events events;
    private final int outstandingLimit;
    private final long greetingTimeoutMs;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Integer> perIp = new LinkedHashMap<>(); // selector thread only
    private final List<ServerConnection> open = new ArrayList<>(); // selector thread only
    private final ConcurrentLinkedQueue<ServerConnection> writeWanted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean throttled;
    private volatile boolean running = true;
    private final Thread thread;
    /** Where new connections defer their replies (see {@link ServerConnection#deferTo}); null: written at once. */
    private volatile java.util.function.Consumer<ServerConnection> deferral;

    ServerCnxnFactory(ServerSettings settings, Events events, int outstandingLimit) throws IOException {
        this(settings, events, outstandingLimit, null);
    }

    /** @param host the event loop that runs the I/O; null for a selector thread of the factory's own */
    ServerCnxnFactory(ServerSettings settings, Events events, int outstandingLimit, Host host) throws IOException {
        this.settings = settings;
        this.events = events;
        this.host = host;
        this.outstandingLimit = outstandingLimit;
        this.greetingTimeoutMs = Math.max(1000, settings.minSessionTimeout());
        this.selector = host == null ? Selector.open() : null;
        this.listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.clientPort()), 128);
            listener.configureBlocking(false);
            if (selector != null) {
                listener.register(selector, SelectionKey.OP_ACCEPT);
            }
        } catch (IOException e) {
            listener.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        thread = host == null ? new Thread(this::selectLoop, "zab-selector") : null;
        if (thread != null) {
            thread.setDaemon(true);
        }
    }

    void start() {
        if (thread != null) {
            thread.start();
            return;
        }
        host.execute(this::listen); // dropped if the peer does not run yet: then the first tick registers it
    }

    /** On the host's loop: registers the listener once. */
    private void listen() {
        if (listening || !running) {
            return;
        }
        try {
            host.register(listener, SelectionKey.OP_ACCEPT, k -> served(this::accept));
            listening = true;
        } catch (IOException e) {
            Fatal.stop("cannot accept clients on the peer's event loop", e);
        }
    }

    /** One I/O event on the host's loop, then what the select loop does after its keys. */
    private void served(IoStep step) {
        try {
            step.run();
            throttle();
        } catch (IOException | RuntimeException e) {
            Fatal.stop("the client connections failed", e);
        }
    }

    private interface IoStep {
        void run() throws IOException;
    }

    /** On the host's loop, from the server's housekeeping: closes connections that sent nothing within the greeting timeout. */
    void tick(long now) {
        if (host != null && !listening) {
            listen();
        }
        if (host != null && now >= nextSweep) {
            nextSweep = now + 100;
            sweep(now);
        }
    }

    /** A connection's key became ready (on the selector thread, or on the host's loop). */
    private void ready(ServerConnection c, SelectionKey k) {
        if (!k.isValid()) {
            return;
        }
        try {
            if (k.isWritable() && c.writable()) {
                k.interestOps(k.interestOps() & ~SelectionKey.OP_WRITE);
            }
            if (k.isReadable()) {
                read(c, k);
            }
        } catch (java.nio.channels.CancelledKeyException closedMeanwhile) {
            // the processor closed the connection under us
        }
    }

    /** Connections accepted from now on defer their replies to {@code d} (before {@link #start}). */
    void deferReplies(java.util.function.Consumer<ServerConnection> d) {
        this.deferral = d;
    }

    int port() {
        return listener.socket().getLocalPort();
    }

    /** Requests read and not yet answered. */
    int outstanding() {
        return outstanding.get();
    }

    /** The processor answered (or dropped) one request of {@code c}. */
    void answered(ServerConnection c) {
        if (c.pending.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
            outstanding.decrementAndGet();
            if (throttled && outstanding.get() <= outstandingLimit) {
                wake();
            }
        }
    }

    /** The processor forgot {@code c}: its unanswered requests no longer count. */
    void forgotten(ServerConnection c) {
        int n = c.pending.getAndSet(0);
        if (n > 0) {
            outstanding.addAndGet(-n);
            if (throttled) {
                wake();
            }
        }
    }

    /** Reconsiders the throttle: the selector thread at its next round, or now on the host's loop (the caller's thread). */
    private void wake() {
        if (selector != null) {
            selector.wakeup();
        } else {
            throttle();
        }
    }

    /** A connection has bytes queued that the socket did not take (any thread). */
    void wantWrite(ServerConnection c) {
        if (selector == null) {
            // on the host's loop: ask for writability at once
            SelectionKey k = c.key;
            try {
                if (k != null && k.isValid()) {
                    k.interestOps(k.interestOps() | SelectionKey.OP_WRITE);
                }
            } catch (java.nio.channels.CancelledKeyException closedMeanwhile) {
                // nothing more to write
            }
            return;
        }
        writeWanted.add(c);
        selector.wakeup();
    }

    private void selectLoop() {
        long nextSweep = 0;
        while (running) {
            try {
                selector.select(100);
                if (!running) {
                    break;
                }
                for (ServerConnection c; (c = writeWanted.poll()) != null; ) {
                    SelectionKey k = c.channel.keyFor(selector);
                    try {
                        if (k != null) {
                            k.interestOps(k.interestOps() | SelectionKey.OP_WRITE);
                        }
                    } catch (java.nio.channels.CancelledKeyException closedMeanwhile) {
                        // nothing more to write
                    }
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    if (k.isValid() && k.isAcceptable()) {
                        accept();
                    } else {
                        ready((ServerConnection) k.attachment(), k);
                    }
                }
                selector.selectedKeys().clear();
                throttle();
                long now = System.currentTimeMillis();
                if (now >= nextSweep) {
                    nextSweep = now + 100;
                    sweep(now);
                }
            } catch (IOException | RuntimeException e) {
                // a selector that fails is a server that can no longer hear its clients: stop the process
                Fatal.stop("the client connection selector failed", e);
            }
        }
    }

    /** Back-pressure: no reads while too many requests wait for an answer. */
    private void throttle() {
        boolean over = outstanding.get() > outstandingLimit;
        if (over == throttled) {
            return;
        }
        throttled = over;
        if (over) {
            LOG.warn("{} requests outstanding (globalOutstandingLimit {}): not reading from clients until it drops", outstanding.get(),
                    outstandingLimit);
        }
        for (ServerConnection c : open) {
            SelectionKey k = c.key;
            if (k == null || c.greeted4lw) {
                continue;
            }
            try {
                k.interestOps(over ? k.interestOps() & ~SelectionKey.OP_READ : k.interestOps() | SelectionKey.OP_READ);
            } catch (java.nio.channels.CancelledKeyException closedMeanwhile) {
                // gone
            }
        }
    }

    /** Forgets closed connections; closes those that sent nothing within the greeting timeout. */
    private void sweep(long now) {
        for (java.util.Iterator<ServerConnection> it = open.iterator(); it.hasNext(); ) {
            ServerConnection c = it.next();
            if (!c.channel.isOpen()) {
                it.remove();
                perIp.computeIfPresent(c.ip, (k, v) -> v <= 1 ? null : v - 1);
            } else if (!c.greeted && now - c.established > greetingTimeoutMs) {
                LOG.info("closing connection from {}: no ConnectRequest within {} ms", c.remote, greetingTimeoutMs);
                c.close();
                events.closed(c, "no ConnectRequest within " + greetingTimeoutMs + " ms");
            }
        }
    }

    private void accept() throws IOException {
        for (SocketChannel ch; (ch = listener.accept()) != null; ) {
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ServerConnection c = new ServerConnection(ids.incrementAndGet(), ch, this);
                if (deferral != null) {
                    c.deferTo(deferral);
                }
                int n = perIp.merge(c.ip, 1, Integer::sum);
                open.add(c);
                if (settings.maxClientCnxns() > 0 && n > settings.maxClientCnxns()) {
                    LOG.warn("Too many connections from {} - max is {}", c.remote, settings.maxClientCnxns());
                    c.close();
                    continue;
                }
                int ops = throttled ? 0 : SelectionKey.OP_READ;
                c.key = selector != null ? ch.register(selector, ops, c) : host.register(ch, ops, k -> served(() -> ready(c, k)));
            } catch (IOException e) {
                ch.close();
            }
        }
    }

    private void read(ServerConnection c, SelectionKey k) {
        String why = null;
        try {
            int n = c.channel.read(c.in);
            if (n < 0) {
                why = "end of stream";
            } else {
                c.in.flip();
                try {
                    frames(c, k);
                } finally {
                    c.in.compact();
                }
            }
        } catch (WireException e) {
            why = "bad bytes: " + e.getMessage();
            LOG.warn("closing connection from {}: {}", c.remote, e.getMessage());
        } catch (IOException e) {
            why = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (why != null) {
            k.cancel();
            c.close();
            events.closed(c, why);
        }
    }

    /** Cuts the bytes read into frames and hands them on; a four-letter word ends the reading. */
    private void frames(ServerConnection c, SelectionKey k) throws WireException {
        ByteBuffer in = c.in;
        int max = settings.tree().maxDataBytes();
        while (true) {
            if (c.body == null) {
                if (in.remaining() < 4) {
                    return;
                }
                int len = in.getInt();
                if (!c.greeted) {
                    String word = fourLetterWord(len);
                    if (word != null && word.equals("stmk")) {
                        // stmk is followed by the mask, a big-endian long: wait for all of it
                        if (in.remaining() < 8) {
                            in.position(in.position() - 4);
                            return;
                        }
                        c.stmkMask = in.getLong();
                    }
                    if (word != null) {
                        c.greeted = true;
                        c.greeted4lw = true;
                        k.interestOps(k.interestOps() & ~SelectionKey.OP_READ);
                        in.position(in.limit());
                        events.fourLetter(c, word);
                        return;
                    }
                }
                // checked before anything is allocated: a length field cannot make the server allocate 2 GB
                if (len < 0 || len > max) {
                    throw new WireException("frame length " + len + " outside 0.." + max + " (jute.maxbuffer)");
                }
                c.body = new byte[len];
                c.bodyPos = 0;
            }
            int take = Math.min(in.remaining(), c.body.length - c.bodyPos);
            in.get(c.body, c.bodyPos, take);
            c.bodyPos += take;
            if (c.bodyPos < c.body.length) {
                return;
            }
            byte[] frame = c.body;
            c.body = null;
            JuteIn body = new JuteIn(frame);
            if (!c.greeted) {
                c.greeted = true;
                events.connect(c, Proto.ConnectRequest.read(body));
            } else {
                Proto.RequestHeader h = Proto.RequestHeader.read(body);
                c.pending.incrementAndGet();
                outstanding.incrementAndGet();
                events.request(c, h, body, System.currentTimeMillis(), frame.length);
            }
        }
    }

    private static String fourLetterWord(int len) {
        byte[] b = {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len};
        String w = new String(b, StandardCharsets.ISO_8859_1);
        return ZooCfg.ALL_WORDS.contains(w) ? w : null;
    }

    @Override
    public void close() {
        running = false;
        if (selector == null) {
            // on the host's loop: closing the channels takes them out of its selector
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing
            }
            host.execute(() -> {
                for (ServerConnection c : open) {
                    c.close();
                }
            });
            return;
        }
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        for (SelectionKey k : selector.keys()) {
            if (k.attachment() instanceof ServerConnection c) {
                c.close();
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
