package consensuslab.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * A growable byte array with big-endian writes, for a protocol's binary {@link MessageCodec} and its
 * durable records. {@link BinaryReader} reads what it writes. Strings and byte arrays carry a 4-byte
 * length (-1 for null); {@link #writeTree} writes a JSON tree node by node, keeping each number's
 * exact type.
 */
public final class BinaryWriter {

    /** Node tags of {@link #writeTree}. */
    static final int NULL = 0;
    static final int TRUE = 1;
    static final int FALSE = 2;
    static final int INT = 3;
    static final int LONG = 4;
    static final int DOUBLE = 5;
    static final int TEXT = 6;
    static final int BINARY = 7;
    static final int ARRAY = 8;
    static final int OBJECT = 9;
    static final int BIG_INTEGER = 10;
    static final int DECIMAL = 11;
    static final int FLOAT = 12;
    static final int SHORT = 13;
    /** A null reference (not a JSON null): only ever the whole value. */
    static final int ABSENT = 14;

    private byte[] buf;
    private int len;

    /** An empty writer of 256 bytes' capacity. */
    public BinaryWriter() {
        this(256);
    }

    public BinaryWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    public BinaryWriter writeByte(int b) {
        room(1);
        buf[len++] = (byte) b;
        return this;
    }

    public BinaryWriter writeBoolean(boolean b) {
        return writeByte(b ? 1 : 0);
    }

    public BinaryWriter writeInt(int v) {
        room(4);
        put(len, v);
        len += 4;
        return this;
    }

    /** Overwrites 4 bytes already written at {@code at} (a length or checksum that follows what it covers). */
    public void putInt(int at, int v) {
        if (at < 0 || at + 4 > len) {
            throw new IndexOutOfBoundsException("putInt at " + at + " of " + len + " bytes");
        }
        put(at, v);
    }

    private void put(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    public BinaryWriter writeLong(long v) {
        room(8);
        for (int i = 0; i < 8; i++) {
            buf[len + i] = (byte) (v >>> (56 - 8 * i));
        }
        len += 8;
        return this;
    }

    /** UTF-8 with a 4-byte length; null as length -1. */
    public BinaryWriter writeString(String s) {
        return writeBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    /** A 4-byte length, then the bytes; null as length -1. */
    public BinaryWriter writeBytes(byte[] b) {
        if (b == null) {
            return writeInt(-1);
        }
        writeInt(b.length);
        return writeRaw(b, 0, b.length);
    }

    /** Bytes as they are, without a length. */
    public BinaryWriter writeRaw(byte[] b, int off, int n) {
        room(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /**
     * A JSON tree, node by node with its exact type (an {@code IntNode} reads back as one, a
     * {@code LongNode} as one, binary data as binary), and the fields of objects in their order.
     * Returns false, having written part of it, when the tree holds a node that has no binary form
     * (a POJO or a missing node): the caller then encodes the whole value another way (JSON).
     */
    public boolean writeTree(JsonNode n) {
        if (n == null) {
            writeByte(ABSENT);
            return true;
        }
        JsonNodeType type = n.getNodeType();
        switch (type) {
            case NULL -> writeByte(NULL);
            case BOOLEAN -> writeByte(n.booleanValue() ? TRUE : FALSE);
            case STRING -> writeByte(TEXT).writeString(n.textValue());
            case BINARY -> writeByte(BINARY).writeBytes(binary(n));
            case NUMBER -> writeNumber(n);
            case ARRAY -> {
                writeByte(ARRAY).writeInt(n.size());
                for (JsonNode e : n) {
                    if (!writeTree(e)) {
                        return false;
                    }
                }
            }
            case OBJECT -> {
                writeByte(OBJECT).writeInt(n.size());
                Iterator<Map.Entry<String, JsonNode>> it = n.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> f = it.next();
                    writeString(f.getKey());
                    if (!writeTree(f.getValue())) {
                        return false;
                    }
                }
            }
            default -> {
                return false; // POJO, MISSING
            }
        }
        return true;
    }

    private static byte[] binary(JsonNode n) {
        try {
            return n.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("binary node without bytes", e); // a BinaryNode always has them
        }
    }

    private void writeNumber(JsonNode n) {
        switch (n.numberType()) {
            case INT -> {
                if (n.isShort()) {
                    writeByte(SHORT).writeInt(n.shortValue());
                } else {
                    writeByte(INT).writeInt(n.intValue());
                }
            }
            case LONG -> writeByte(LONG).writeLong(n.longValue());
            case DOUBLE -> writeByte(DOUBLE).writeLong(Double.doubleToRawLongBits(n.doubleValue()));
            case FLOAT -> writeByte(FLOAT).writeInt(Float.floatToRawIntBits(n.floatValue()));
            case BIG_INTEGER -> writeByte(BIG_INTEGER).writeString(n.bigIntegerValue().toString());
            case BIG_DECIMAL -> writeByte(DECIMAL).writeString(n.decimalValue().toString());
        }
    }

    /** Bytes written so far. */
    public int size() {
        return len;
    }

    /** The internal array: valid up to {@link #size()}; no copy. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Forgets what was written (the capacity stays). */
    public void reset() {
        len = 0;
    }
}
