package consensuslab.zk.server;

import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.znode.Id;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection. Its reader thread only reads; everything else (replies, notifications,
 * four-letter output, closing) is done by the server's single processor thread.
 */
final class ServerConnection {
    final long id;
    final Socket socket;
    final String remote;
    final String ip;
    private final OutputStream out;
    final long established = System.currentTimeMillis();
    volatile boolean closed;
    boolean dropped; // processor thread only: forgotten by the server (idempotence of drop)
    int inFlight; // writes of this connection being ordered; later requests wait in parked (FIFO)
    final java.util.ArrayDeque<Object> parked = new java.util.ArrayDeque<>(); // Requests, in arrival order

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

    ServerConnection(long id, Socket socket) throws IOException {
        this.id = id;
        this.socket = socket;
        this.ip = socket.getInetAddress().getHostAddress();
        this.remote = "/" + ip + ":" + socket.getPort();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        auth.add(new Id("ip", ip));
    }

    /** Bytes queued for this connection beyond which it is closed (a client that does not read). */
    static final long MAX_QUEUED_BYTES = 16L << 20;
    private final java.util.concurrent.LinkedBlockingQueue<byte[]> outbox = new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
    private static final byte[] END = new byte[0];
    private Thread writer;

    /** Starts the writer thread: the processor never blocks on a slow socket. */
    void startWriter() {
        writer = new Thread(this::writeLoop, "zab-cnxn-out-" + id);
        writer.setDaemon(true);
        writer.start();
    }

    private void writeLoop() {
        try {
            while (true) {
                byte[] b = outbox.take();
                if (b == END) {
                    break;
                }
                out.write(b);
                queuedBytes.addAndGet(-b.length);
                if (outbox.isEmpty()) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the peer went away or we were stopped
        }
        close();
    }

    /** Queues one frame; false (and the connection closed) if the client stopped reading. */
    boolean send(JuteOut record) {
        return enqueue(record.frame(), true);
    }

    /** Queues raw text (four-letter words) and then closes after it is written. */
    void sendRawAndClose(byte[] text) {
        enqueue(text, false);
        outbox.add(END);
    }

    private boolean enqueue(byte[] b, boolean count) {
        if (closed) {
            return false;
        }
        if (queuedBytes.addAndGet(b.length) > MAX_QUEUED_BYTES) {
            overflowed = true;
            close();
            return false;
        }
        outbox.add(b);
        if (count) {
            sent++;
        }
        return true;
    }

    volatile boolean overflowed;

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

    /** Closes once everything queued so far is written (the writer closes the socket). */
    void closeAfterWrites() {
        outbox.add(END);
    }

    void close() {
        closed = true;
        outbox.add(END);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
