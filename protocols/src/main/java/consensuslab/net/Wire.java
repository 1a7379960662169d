package consensuslab.net;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import consensuslab.core.Json;
import consensuslab.core.Message;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The frame format on a TCP link: a 4-byte big-endian length, then that many bytes of JSON, an
 * {@link Envelope}. The first frame on every connection is a hello (an envelope with no message)
 * that names the connecting node.
 */
final class Wire {

    /** Frames larger than this are refused (a corrupt or foreign stream). */
    static final int MAX_FRAME = 16 << 20;

    /**
     * @param from sender
     * @param to   receiver
     * @param id   message id (the trace's {@code id} of the send and of the deliver); 0 for a hello
     * @param msg  the message, serialized with its {@code type}; null for a hello
     */
    record Envelope(String from, String to, long id, Message msg) {
        boolean hello() {
            return msg == null;
        }
    }

    /**
     * An envelope as read back, typed by the protocol's own sealed message interface: resolving
     * type names against that interface (not against {@link Message}) means protocols registered
     * in the same JVM never see each other's names.
     */
    record Incoming<M extends Message>(String from, String to, long id, M msg) {
        Envelope envelope() {
            return new Envelope(from, to, id, msg);
        }
    }

    /** A reader of frames for one protocol; call after {@code Json.registerSealed(messageType)}. */
    static ObjectReader reader(Class<? extends Message> messageType) {
        JavaType t = Json.MAPPER.getTypeFactory().constructParametricType(Incoming.class, messageType);
        return Json.MAPPER.readerFor(t);
    }

    private Wire() {
    }

    static void write(DataOutputStream out, Envelope e) throws IOException {
        byte[] json = Json.bytes(e);
        out.writeInt(json.length);
        out.write(json);
    }

    /** The next envelope, or null at a clean end of stream between frames. */
    static Envelope read(DataInputStream in, ObjectReader reader) throws IOException {
        int len;
        try {
            len = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        if (len < 0 || len > MAX_FRAME) {
            throw new IOException("bad frame length " + len);
        }
        byte[] b = new byte[len];
        in.readFully(b);
        Incoming<?> e = reader.readValue(b);
        return e.envelope();
    }
}
