package consensuslab.zk.server;

import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.znode.Id;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection. The {@link ServerCnxnFactory}'s selector thread reads it; the processor
 * owns its session state and queues its replies, which are written at once if the socket takes
 * them and otherwise by the selector when it becomes writable (never blocking the processor). On an
 * ensemble member (the processor is the peer's event loop) replies are not written one by one: the
 * first reply queued asks the processor to flush later ({@link #deferTo}), and the replies queued
 * until then go out in one gathering write.
 */
final class ServerConnection {
    final long id;
    final SocketChannel channel;
    final String remote;
    final String ip;
    final long established = System.currentTimeMillis();
    volatile boolean closed;
    boolean dropped; // processor thread only: forgotten by the server (idempotence of drop)
    int inFlight; // writes of this connection being ordered (pipelined); later non-writes wait in parked (FIFO)
    final java.util.ArrayDeque<Object> parked = new java.util.ArrayDeque<>(); // Requests and deferred replies, in order
    /** Requests read and not yet answered (for globalOutstandingLimit). */
    final AtomicInteger pending = new AtomicInteger();
    /** Whether its first frame (ConnectRequest or four-letter word) has arrived (selector thread). */
    volatile boolean greeted;
    /** Its first frame was a four-letter word: nothing more is read from it. */
    volatile boolean greeted4lw;
    /** The 8-byte mask that follows {@code stmk} (selector thread writes it before posting the word). */
    volatile long stmkMask;

    long sessionId;
    int timeout;
    final List<Id> auth = new ArrayList<>();

    // statistics (processor thread only)
    long recved;
    long sent;
    String lastOp = "NA";
    long lastCxid = -1;
    long lastZxid = -1;
    long lastResponse;
    long lastLatency;
    long minLatency = Long.MAX_VALUE;
    long maxLatency;
    long totalLatency;
    long latencyCount;

    /** Bytes queued for this connection beyond which it is closed (a client that does not read). */
    static final long MAX_QUEUED_BYTES = 16L << 20;

    private final ServerCnxnFactory factory;
    /** Its key in the selector that reads it (set when registered). */
    volatile java.nio.channels.SelectionKey key;
    // the write side, under this object's lock (processor and selector thread)
    private final ArrayDeque<ByteBuffer> outbox = new ArrayDeque<>();
    private long queuedBytes;
    private boolean closeWhenWritten;
    private boolean wantsWrite;
    volatile boolean overflowed;
    /** Told of the first reply queued since the last flush (null: replies are written at once). */
    private java.util.function.Consumer<ServerConnection> deferral;
    private boolean flushAsked;

    // the read side (selector thread only)
    final ByteBuffer in = ByteBuffer.allocate(64 << 10);
    byte[] body; // the frame being read, after its length was checked
    int bodyPos;

    ServerConnection(long id, SocketChannel channel, ServerCnxnFactory factory) throws IOException {
        this.id = id;
        this.channel = channel;
        this.factory = factory;
        java.net.InetSocketAddress a = (java.net.InetSocketAddress) channel.getRemoteAddress();
        this.ip = a.getAddress().getHostAddress();
        this.remote = "/" + ip + ":" + a.getPort();
        auth.add(new Id("ip", ip));
    }

    /** From now on, replies wait for {@link #flushDeferred}, which {@code deferral} is asked to call (before any reply is sent). */
    void deferTo(java.util.function.Consumer<ServerConnection> deferral) {
        synchronized (this) {
            this.deferral = deferral;
        }
    }

    /** Writes the replies queued since the last flush (the processor, when {@code deferral} asked it). */
    void flushDeferred() {
        boolean ok;
        synchronized (this) {
            flushAsked = false;
            ok = closed || flush();
        }
        if (!ok) {
            close();
        }
    }

    /** Queues one frame; false (and the connection closed) if the client stopped reading. */
    boolean send(JuteOut record) {
        return enqueue(record.frame(), true);
    }

    /** Queues raw text (four-letter words) and then closes after it is written. */
    void sendRawAndClose(byte[] text) {
        enqueue(text, false);
        closeAfterWrites();
    }

    private boolean enqueue(byte[] b, boolean count) {
        synchronized (this) {
            if (closed || closeWhenWritten) {
                return false;
            }
            if (queuedBytes + b.length > MAX_QUEUED_BYTES) {
                overflowed = true;
            } else {
                outbox.add(ByteBuffer.wrap(b));
                queuedBytes += b.length;
                if (count) {
                    sent++;
                }
                if (count && deferral != null) {
                    if (!flushAsked) {
                        flushAsked = true;
                        deferral.accept(this);
                    }
                    return true;
                }
                if (flush()) {
                    return true;
                }
            }
        }
        close();
        return false;
    }

    /**
     * Writes what the socket takes now (under the lock); asks the selector to finish the rest.
     * False if the connection broke.
     */
    private boolean flush() {
        try {
            while (!outbox.isEmpty()) {
                if (outbox.size() == 1) {
                    channel.write(outbox.peek());
                } else {
                    channel.write(outbox.toArray(new ByteBuffer[0])); // several replies, one write
                }
                boolean progress = false;
                while (!outbox.isEmpty() && !outbox.peek().hasRemaining()) {
                    queuedBytes -= outbox.poll().capacity();
                    progress = true;
                }
                if (!progress) {
                    break; // the socket took no more
                }
            }
        } catch (IOException e) {
            return false;
        }
        if (!outbox.isEmpty()) {
            if (!wantsWrite) {
                wantsWrite = true;
                factory.wantWrite(this);
            }
        } else if (closeWhenWritten) {
            closeChannel();
        }
        return true;
    }

    /** The selector found the socket writable: write more; true once everything queued is written. */
    boolean writable() {
        boolean ok;
        boolean done;
        synchronized (this) {
            wantsWrite = false;
            ok = flush();
            done = outbox.isEmpty();
            if (!done) {
                wantsWrite = true;
            }
        }
        if (!ok) {
            close();
        }
        return done;
    }

    void latency(long ms) {
        lastLatency = ms;
        minLatency = Math.min(minLatency, ms);
        maxLatency = Math.max(maxLatency, ms);
        totalLatency += ms;
        latencyCount++;
    }

    void resetStats() {
        recved = 0;
        sent = 0;
        lastOp = "NA";
        lastCxid = -1;
        lastZxid = -1;
        lastResponse = 0;
        lastLatency = 0;
        minLatency = Long.MAX_VALUE;
        maxLatency = 0;
        totalLatency = 0;
        latencyCount = 0;
    }

    /** Closes once everything queued so far is written. */
    void closeAfterWrites() {
        synchronized (this) {
            closeWhenWritten = true;
            if (outbox.isEmpty()) {
                closeChannel();
            }
        }
    }

    private void closeChannel() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }

    void close() {
        synchronized (this) {
            outbox.clear();
            queuedBytes = 0;
            closeChannel();
        }
    }
}
