package consensuslab.trace;

import com.fasterxml.jackson.databind.ObjectReader;
import consensuslab.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads JSON-lines traces back. A bad line fails with a message naming the source and line. */
public final class TraceReader {

    private static final ObjectReader READER = Json.MAPPER.readerFor(TraceEvent.class);

    private TraceReader() {
    }

    public static List<TraceEvent> read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new TraceFormatException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    public static List<TraceEvent> read(String text, String sourceName) {
        try {
            return read(new BufferedReader(new StringReader(text)), sourceName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<TraceEvent> read(Reader in, String sourceName) throws IOException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<TraceEvent> out = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            out.add(parseLine(line, sourceName, n));
        }
        return out;
    }

    /** Parses one line; {@code lineNo} is only for the error message. */
    public static TraceEvent parseLine(String line, String sourceName, int lineNo) {
        TraceEvent e;
        try {
            e = READER.readValue(line);
        } catch (IOException ex) {
            throw new TraceFormatException(sourceName + " line " + lineNo + ": not a trace event (" + Json.firstLine(ex) + ")");
        }
        if (e.type() == null) {
            throw new TraceFormatException(sourceName + " line " + lineNo + ": missing \"type\"");
        }
        return e;
    }
}
