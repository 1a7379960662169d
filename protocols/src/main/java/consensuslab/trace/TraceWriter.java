package consensuslab.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import consensuslab.core.Json;
import consensuslab.core.Message;
import consensuslab.core.Timer;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes events as JSON lines (one object per line, see docs/TRACE.md).
 *
 * <p>For speed the event's own fields are written by hand, in {@link TraceEvent}'s property order
 * and leaving nulls out, and only the payloads go through Jackson, with the same rules as
 * {@link TraceEvent}'s annotations ({@link PayloadSerializer}: a live message or timer keeps its
 * {@code type}); the bytes are exactly those of {@code Json.MAPPER.writeValue(event)}. Nothing is
 * flushed per event (Jackson's writeValue(JsonGenerator, ...) would flush every time by default).
 */
public final class TraceWriter implements TraceListener, Closeable {

    private static final ObjectWriter VALUE = Json.MAPPER.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    private static final ObjectWriter MESSAGE = VALUE.forType(Message.class);
    private static final ObjectWriter TIMER = VALUE.forType(Timer.class);

    private static final SerializedString SEQ = new SerializedString("seq");
    private static final SerializedString TIME = new SerializedString("time");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString NODE = new SerializedString("node");
    private static final SerializedString FROM = new SerializedString("from");
    private static final SerializedString TO = new SerializedString("to");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString MSG = new SerializedString("msg");
    private static final SerializedString TIMER_FIELD = new SerializedString("timer");
    private static final SerializedString DUE = new SerializedString("due");
    private static final SerializedString STATE = new SerializedString("state");
    private static final SerializedString OP = new SerializedString("op");
    private static final SerializedString RESULT = new SerializedString("result");
    private static final SerializedString GROUPS = new SerializedString("groups");
    private static final SerializedString TEXT = new SerializedString("text");

    private final JsonGenerator gen;
    /** Node names and event types, encoded once: a run names few nodes many times. */
    private final Map<String, SerializedString> names = new HashMap<>();

    public TraceWriter(OutputStream out) {
        try {
            this.gen = Json.MAPPER.getFactory().createGenerator(new BufferedOutputStream(out, 1 << 16));
            gen.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TraceWriter toFile(Path path) {
        try {
            return new TraceWriter(Files.newOutputStream(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEvent(TraceEvent e) {
        try {
            JsonGenerator g = gen;
            g.writeStartObject();
            g.writeFieldName(SEQ);
            g.writeNumber(e.seq());
            g.writeFieldName(TIME);
            g.writeNumber(e.time());
            if (e.type() != null) {
                g.writeFieldName(TYPE);
                g.writeString(name(e.type().json()));
            }
            if (e.node() != null) {
                g.writeFieldName(NODE);
                g.writeString(name(e.node()));
            }
            if (e.from() != null) {
                g.writeFieldName(FROM);
                g.writeString(name(e.from()));
            }
            if (e.to() != null) {
                g.writeFieldName(TO);
                g.writeString(name(e.to()));
            }
            if (e.id() != null) {
                g.writeFieldName(ID);
                g.writeNumber(e.id().longValue());
            }
            typed(g, MSG, e.msg());
            typed(g, TIMER_FIELD, e.timer());
            if (e.due() != null) {
                g.writeFieldName(DUE);
                g.writeNumber(e.due().longValue());
            }
            value(g, STATE, e.state());
            value(g, OP, e.op());
            value(g, RESULT, e.result());
            if (e.groups() != null) {
                g.writeFieldName(GROUPS);
                g.writeStartArray();
                for (List<String> group : e.groups()) {
                    if (group == null) {
                        g.writeNull();
                        continue;
                    }
                    g.writeStartArray();
                    for (String n : group) {
                        g.writeString(n);
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            if (e.text() != null) {
                g.writeFieldName(TEXT);
                g.writeString(e.text());
            }
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private SerializedString name(String s) {
        SerializedString ss = names.get(s);
        if (ss == null) {
            if (names.size() > 10_000) {
                return new SerializedString(s); // not a node name after all: do not grow without bound
            }
            ss = new SerializedString(s);
            names.put(s, ss);
        }
        return ss;
    }

    /** msg and timer: as {@link PayloadSerializer} writes them. */
    private static void typed(JsonGenerator g, SerializedString name, Object value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            (value instanceof Message ? MESSAGE : value instanceof Timer ? TIMER : VALUE).writeValue(g, value);
        }
    }

    private static void value(JsonGenerator g, SerializedString name, Object value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            VALUE.writeValue(g, value);
        }
    }

    public void flush() {
        try {
            gen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            gen.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
