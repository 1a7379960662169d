package consensuslab.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import consensuslab.core.Json;
import consensuslab.trace.TraceEvent;
import consensuslab.trace.TraceListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Serves the trace over TCP: every client that connects to the port receives the events as JSON
 * lines (the format of the trace files, docs/TRACE.md), starting with up to {@code history} of the
 * most recent events, then each new one as it happens. A client that connects late therefore
 * still sees recent context; a client that does not keep up (its queue of {@code clientQueue}
 * lines fills) is disconnected. {@link #onEvent} never blocks: it serializes the event once and
 * offers it to each client's queue; each client has its own writer thread.
 */
public final class TraceServer implements TraceListener, AutoCloseable {

    private static final ObjectWriter WRITER = Json.MAPPER.writerFor(TraceEvent.class);

    private final ServerSocket server;
    private final int history;
    private final int clientQueue;
    private final ArrayDeque<byte[]> recent = new ArrayDeque<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile long droppedClients;

    private final class Client {
        final Socket socket;
        final ArrayBlockingQueue<byte[]> queue;

        Client(Socket socket, int capacity) {
            this.socket = socket;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        void write() {
            try {
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                while (!closed && !socket.isClosed()) {
                    byte[] line = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (line == null) {
                        continue;
                    }
                    out.write(line);
                    if (queue.isEmpty()) {
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away, or we dropped it
            }
            drop();
        }

        void drop() {
            clients.remove(this);
            PeerLink.closeQuietly(socket);
        }
    }

    /**
     * Listens on {@code host:port} ({@code port} 0 picks a free one; see {@link #port()}).
     *
     * @param history     how many recent events a newly connected client gets first
     * @param clientQueue how many lines may wait for one client before it is dropped as too slow
     */
    public TraceServer(String host, int port, int history, int clientQueue) throws IOException {
        if (history < 0 || clientQueue < 1) {
            throw new IllegalArgumentException("history must be >= 0 and the client queue >= 1");
        }
        this.history = history;
        this.clientQueue = clientQueue;
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getByName(host), port), 16);
        } catch (IOException e) {
            ss.close();
            throw new IOException("cannot serve the trace on " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
        this.server = ss;
        Thread t = new Thread(this::accept, "trace-server-" + port());
        t.setDaemon(true);
        t.start();
    }

    /** On 127.0.0.1, keeping the last 100,000 events for late joiners and 100,000 lines per client. */
    public TraceServer(int port) throws IOException {
        this("127.0.0.1", port, 100_000, 100_000);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Clients connected now. */
    public int clientCount() {
        return clients.size();
    }

    /** Clients disconnected because they were too slow. */
    public long droppedClients() {
        return droppedClients;
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
                s.setTcpNoDelay(true);
            } catch (IOException e) {
                return;
            }
            Client c;
            synchronized (this) {
                c = new Client(s, recent.size() + clientQueue);
                for (byte[] line : recent) {
                    c.queue.add(line);
                }
                clients.add(c);
            }
            Thread t = new Thread(c::write, "trace-server-client");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void onEvent(TraceEvent event) {
        if (closed || (history == 0 && clients.isEmpty())) {
            return;
        }
        byte[] line = line(event);
        synchronized (this) {
            if (history > 0) {
                if (recent.size() == history) {
                    recent.removeFirst();
                }
                recent.addLast(line);
            }
            for (Client c : clients) {
                if (!c.queue.offer(line)) {
                    droppedClients++;
                    System.err.println("lab: trace server dropped a slow client " + c.socket.getRemoteSocketAddress());
                    c.drop();
                }
            }
        }
    }

    static byte[] line(TraceEvent e) {
        byte[] json;
        try {
            json = WRITER.writeValueAsBytes(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialize trace event " + e.seq() + ": " + Json.firstLine(ex), ex);
        }
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    /** Stops listening and disconnects every client (after what is queued for them is written, briefly). */
    @Override
    public void close() {
        long end = System.currentTimeMillis() + 1000;
        for (Client c : clients) {
            while (!c.queue.isEmpty() && System.currentTimeMillis() < end && !c.socket.isClosed()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Client c : clients) {
            c.drop();
        }
    }
}
