package consensuslab.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what a {@link BinaryWriter} wrote, from a byte range. Every length is checked against the
 * bytes that remain before anything is allocated; damaged input throws an
 * {@link IllegalArgumentException} with one line naming what was wrong and where.
 */
public final class BinaryReader {

    /** How deep {@link #readTree} nests before it refuses (a stack overflow is not a clear error). */
    public static final int MAX_DEPTH = 256;

    private final byte[] b;
    private final int end;
    private final int start;
    private int pos;

    public BinaryReader(byte[] b) {
        this(b, 0, b.length);
    }

    public BinaryReader(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IndexOutOfBoundsException(off + "+" + len + " of " + b.length);
        }
        this.b = b;
        this.start = off;
        this.pos = off;
        this.end = off + len;
    }

    /** Bytes read so far. */
    public int position() {
        return pos - start;
    }

    public int remaining() {
        return end - pos;
    }

    /** Throws unless every byte was read (trailing bytes mean the input is not what it claims to be). */
    public void expectEnd() {
        if (pos != end) {
            throw bad(remaining() + " unexpected bytes after the value");
        }
    }

    private void need(int n) {
        if (n > end - pos) {
            throw bad("truncated: " + n + " bytes needed, " + (end - pos) + " left");
        }
    }

    /** An error at the current position. */
    public IllegalArgumentException bad(String what) {
        return new IllegalArgumentException(what + " at byte " + position());
    }

    public int readByte() {
        need(1);
        return b[pos++] & 0xff;
    }

    public boolean readBoolean() {
        int v = readByte();
        if (v > 1) {
            pos--;
            throw bad("boolean byte " + v);
        }
        return v == 1;
    }

    public int readInt() {
        need(4);
        int v = ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    /** A length-prefixed byte array; null for length -1. */
    public byte[] readBytes() {
        int n = length();
        if (n < 0) {
            return null;
        }
        byte[] out = Arrays.copyOfRange(b, pos, pos + n);
        pos += n;
        return out;
    }

    /** A length-prefixed UTF-8 string; null for length -1. */
    public String readString() {
        int n = length();
        if (n < 0) {
            return null;
        }
        String s = new String(b, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** A length of -1 (null) or one that fits in what is left. */
    private int length() {
        int n = readInt();
        if (n < -1 || n > end - pos) {
            pos -= 4;
            throw bad("length " + n + " with " + (end - pos - 4) + " bytes left");
        }
        return n;
    }

    /** A count of items, each at least one byte long, so at most what is left. */
    private int count() {
        int n = readInt();
        if (n < 0 || n > end - pos) {
            pos -= 4;
            throw bad("count " + n + " with " + (end - pos - 4) + " bytes left");
        }
        return n;
    }

    /** A tree written by {@link BinaryWriter#writeTree} (null where it wrote a null reference). */
    public JsonNode readTree() {
        return tree(0);
    }

    private JsonNode tree(int depth) {
        if (depth > MAX_DEPTH) {
            throw bad("JSON tree nested deeper than " + MAX_DEPTH);
        }
        int tag = readByte();
        return switch (tag) {
            case BinaryWriter.ABSENT -> {
                if (depth > 0) {
                    pos--;
                    throw bad("a null reference inside a JSON tree");
                }
                yield null;
            }
            case BinaryWriter.NULL -> NullNode.getInstance();
            case BinaryWriter.TRUE -> BooleanNode.TRUE;
            case BinaryWriter.FALSE -> BooleanNode.FALSE;
            case BinaryWriter.INT -> IntNode.valueOf(readInt());
            case BinaryWriter.SHORT -> ShortNode.valueOf((short) readInt());
            case BinaryWriter.LONG -> LongNode.valueOf(readLong());
            case BinaryWriter.DOUBLE -> DoubleNode.valueOf(Double.longBitsToDouble(readLong()));
            case BinaryWriter.FLOAT -> FloatNode.valueOf(Float.intBitsToFloat(readInt()));
            case BinaryWriter.TEXT -> TextNode.valueOf(nonNull(readString()));
            case BinaryWriter.BINARY -> BinaryNode.valueOf(nonNull(readBytes()));
            case BinaryWriter.BIG_INTEGER -> BigIntegerNode.valueOf(integer());
            case BinaryWriter.DECIMAL -> DecimalNode.valueOf(number());
            case BinaryWriter.ARRAY -> {
                int n = count();
                ArrayNode a = JsonNodeFactory.instance.arrayNode(n);
                for (int i = 0; i < n; i++) {
                    a.add(tree(depth + 1));
                }
                yield a;
            }
            case BinaryWriter.OBJECT -> {
                int n = count();
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                for (int i = 0; i < n; i++) {
                    String name = nonNull(readString());
                    o.set(name, tree(depth + 1));
                }
                yield o;
            }
            default -> {
                pos--;
                throw bad("unknown JSON node tag " + tag);
            }
        };
    }

    private BigDecimal number() {
        String s = nonNull(readString());
        try {
            if (s.length() > 1000) {
                throw new NumberFormatException();
            }
            return new BigDecimal(s);
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad("not a number: " + (s.length() > 40 ? s.substring(0, 40) + "..." : s));
        }
    }

    private java.math.BigInteger integer() {
        BigDecimal d = number();
        try {
            return d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw bad("not an integer: " + d);
        }
    }

    private <T> T nonNull(T v) {
        if (v == null) {
            throw bad("null where a value is required");
        }
        return v;
    }
}
