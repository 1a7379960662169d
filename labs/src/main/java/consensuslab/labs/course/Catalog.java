package consensuslab.labs.course;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The labs: every {@code labs/*.json} on the classpath (labs/src/main/resources/labs/), read
 * once, in the order of their ids. A lab is found by its id ({@code 1}) or its slug ({@code 2pc}).
 */
public final class Catalog {

    private final List<Scenario> labs;

    private Catalog(List<Scenario> labs) {
        this.labs = List.copyOf(labs);
    }

    /** Reads every lab on the classpath; a malformed file fails with its one-line {@link ScenarioException}. */
    public static Catalog load() {
        List<Scenario> out = new ArrayList<>();
        for (String name : fileNames()) {
            out.add(ScenarioReader.read("labs/" + name, resource("labs/" + name)));
        }
        out.sort(Comparator.comparingInt(Scenario::id));
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).id() == out.get(i - 1).id()) {
                throw new ScenarioException(out.get(i).file() + ": lab id " + out.get(i).id() + " is taken by " + out.get(i - 1).file());
            }
        }
        return new Catalog(out);
    }

    public List<Scenario> all() {
        return labs;
    }

    /** The lab with this id or slug; a one-line error naming the labs otherwise. */
    public Scenario find(String idOrSlug) {
        for (Scenario s : labs) {
            if (String.valueOf(s.id()).equals(idOrSlug) || s.slug().equals(idOrSlug)) {
                return s;
            }
        }
        List<String> known = new ArrayList<>();
        labs.forEach(s -> known.add(s.id() + " " + s.slug()));
        throw new IllegalArgumentException("no lab '" + idOrSlug + "' (known: " + String.join(", ", known) + ")");
    }

    private static String resource(String name) {
        try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new ScenarioException(name + ": not found on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the {@code .json} files under {@code labs/}, from directories and jars alike. */
    private static TreeSet<String> fileNames() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = Catalog.class.getClassLoader().getResources("labs");
            while (roots.hasMoreElements()) {
                URI uri = roots.nextElement().toURI();
                if (uri.getScheme().equals("jar")) {
                    FileSystem fs;
                    try {
                        fs = FileSystems.newFileSystem(uri, Map.of());
                    } catch (FileSystemAlreadyExistsException e) {
                        fs = FileSystems.getFileSystem(uri);
                    }
                    list(fs.provider().getPath(uri), names);
                } else {
                    list(Path.of(uri), names);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static void list(Path dir, TreeSet<String> names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(names::add);
        }
    }
}
