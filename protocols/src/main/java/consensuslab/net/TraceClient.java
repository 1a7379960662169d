package consensuslab.net;

import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import consensuslab.trace.TraceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Follows a live trace served by a {@link TraceServer}: connects to host:port, parses each JSON
 * line into a {@link TraceEvent} (payloads arrive as JSON trees, as from a file) and hands it to
 * the listener on the client's own reader thread, in order. A visualizer should hop to its UI
 * thread from the listener.
 */
public final class TraceClient implements AutoCloseable {

    private final Socket socket;
    private final String source;
    private final TraceListener listener;
    private final Thread reader;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile long received;
    private volatile String endReason;

    private TraceClient(Socket socket, String source, TraceListener listener) {
        this.socket = socket;
        this.source = source;
        this.listener = listener;
        this.reader = new Thread(this::read, "trace-client-" + source);
        reader.setDaemon(true);
    }

    /** Connects (waiting at most 2 s) and starts delivering events to {@code listener}. */
    public static TraceClient connect(String host, int port, TraceListener listener) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), 2000);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot follow the trace at " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
        TraceClient c = new TraceClient(s, host + ":" + port, listener);
        c.reader.start();
        return c;
    }

    private void read() {
        String reason = "the server closed the stream";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                TraceEvent e = TraceReader.parseLine(line, source, n);
                received++;
                listener.onEvent(e);
            }
        } catch (IOException e) {
            reason = socket.isClosed() ? "closed" : "connection lost: " + e.getMessage();
        } catch (RuntimeException e) {
            reason = e.getMessage();
        } finally {
            endReason = reason;
            PeerLink.closeQuietly(socket);
            ended.countDown();
        }
    }

    /** Events received so far. */
    public long received() {
        return received;
    }

    public boolean isOpen() {
        return ended.getCount() > 0;
    }

    /** Why the stream ended (null while it is open). */
    public String endReason() {
        return endReason;
    }

    /** Waits until the stream ends; returns whether it did within {@code timeoutMs}. */
    public boolean awaitEnd(long timeoutMs) throws InterruptedException {
        return ended.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        PeerLink.closeQuietly(socket);
        try {
            ended.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
