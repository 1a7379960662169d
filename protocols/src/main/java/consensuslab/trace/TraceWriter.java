package consensuslab.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import consensuslab.core.Json;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes events as JSON lines (one object per line, see docs/TRACE.md). */
public final class TraceWriter implements TraceListener, Closeable {

    private final JsonGenerator gen;

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
    public void onEvent(TraceEvent event) {
        try {
            Json.MAPPER.writeValue(gen, event);
            gen.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
