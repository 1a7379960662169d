package consensuslab.net;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import consensuslab.core.BinaryReader;
import consensuslab.core.BinaryWriter;
import consensuslab.core.Json;
import consensuslab.core.Message;
import consensuslab.core.MessageCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The frame format on a TCP link: a 4-byte big-endian length, then that many bytes of an
 * {@link Envelope}, either JSON (the first byte is <code>{</code>) or, for a protocol with a
 * {@link MessageCodec}, binary: the byte {@value #BINARY_FRAME}, sender and receiver as
 * length-prefixed UTF-8, the 8-byte message id, then the codec's bytes for the message. A message
 * the codec declines travels as JSON on the same link. The first frame on every connection is a
 * hello (a JSON envelope with no message) that names the connecting node.
 */
final class Wire {

    /** Frames larger than this are refused (a corrupt or foreign stream). */
    static final int MAX_FRAME = 16 << 20;

    /** The first byte of a binary frame (a JSON frame starts with an opening brace). */
    static final int BINARY_FRAME = 1;

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

    /**
     * How one runtime reads and writes its frames: JSON for every protocol, and binary when the
     * protocol offers a codec (null otherwise).
     */
    record Frames<M extends Message>(ObjectReader json, MessageCodec<M> codec) {

        /** Frames for one protocol; call after {@code Json.registerSealed(messageType)}. */
        static <M extends Message> Frames<M> of(Class<M> messageType, MessageCodec<M> codec) {
            JavaType t = Json.MAPPER.getTypeFactory().constructParametricType(Incoming.class, messageType);
            return new Frames<>(Json.MAPPER.readerFor(t), codec);
        }

        /** The message in binary after the header, or false when there is no codec or it declines. */
        boolean encode(Message m, BinaryWriter out) {
            @SuppressWarnings("unchecked")
            M msg = (M) m;
            return codec != null && codec.write(msg, out);
        }
    }

    private Wire() {
    }

    /** A JSON frame. */
    static void write(DataOutputStream out, Envelope e) throws IOException {
        byte[] json = Json.bytes(e);
        out.writeInt(json.length);
        out.write(json);
    }

    /** A binary frame when the protocol's codec takes the message, else a JSON frame. */
    static void write(DataOutputStream out, Envelope e, Frames<?> frames) throws IOException {
        if (e.msg() != null && frames.codec() != null) {
            BinaryWriter w = new BinaryWriter();
            w.writeByte(BINARY_FRAME).writeString(e.from()).writeString(e.to()).writeLong(e.id());
            if (frames.encode(e.msg(), w)) {
                out.writeInt(w.size());
                out.write(w.array(), 0, w.size());
                return;
            }
        }
        write(out, e);
    }

    /**
     * The next envelope, or null at a clean end of stream between frames. A damaged frame throws an
     * {@link IOException} whose message is one line saying what was wrong.
     */
    static Envelope read(DataInputStream in, Frames<?> frames) throws IOException {
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
        return decode(b, 0, len, frames);
    }

    /**
     * The envelope in the {@code len} bytes at {@code off} (one frame's body, after its length), read
     * in place. A damaged frame throws an {@link IOException} whose message is one line.
     */
    static Envelope decode(byte[] b, int off, int len, Frames<?> frames) throws IOException {
        if (len > 0 && b[off] == BINARY_FRAME) {
            return binary(b, off, len, frames.codec());
        }
        Incoming<?> e = frames.json().readValue(b, off, len);
        return e.envelope();
    }

    private static Envelope binary(byte[] b, int off, int len, MessageCodec<?> codec) throws IOException {
        if (codec == null) {
            throw new IOException("a binary frame, but this protocol has no binary codec");
        }
        BinaryReader r = new BinaryReader(b, off + 1, len - 1);
        try {
            String from = r.readString();
            String to = r.readString();
            long id = r.readLong();
            Message msg = codec.read(r);
            r.expectEnd();
            if (from == null || to == null || msg == null) {
                throw new IllegalArgumentException("no " + (from == null ? "sender" : to == null ? "receiver" : "message"));
            }
            return new Envelope(from, to, id, msg);
        } catch (RuntimeException e) {
            throw new IOException("bad binary frame of " + len + " bytes: " + Json.firstLine(e));
        }
    }
}
