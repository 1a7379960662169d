package consensuslab.labs.grade;

import consensuslab.check.Violation;
import consensuslab.core.Json;
import consensuslab.core.Params;
import consensuslab.core.Protocol;
import consensuslab.core.Registry;
import consensuslab.faults.FaultSchedule;
import consensuslab.labs.course.Catalog;
import consensuslab.labs.course.LabCommands;
import consensuslab.labs.course.Scenario;
import consensuslab.labs.course.ScenarioReader;
import consensuslab.prop.PropertyRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Grades one solution of one exercise: its tests, then its scenario files, then seeded fault
 * schedules; one line per item (PASS or FAIL with what failed and how to replay it) and a score.
 */
public final class Grader {

    private Grader() {
    }

    /** The outcome: points scored out of the total. */
    public record Score(int points, int total) {
        public boolean full() {
            return points == total;
        }
    }

    public static <S> Score grade(Exercise<S> ex, boolean reference, int seeds, PrintStream out) {
        return grade(ex, reference ? ex.reference() : ex.student(), reference ? "reference" : "student (" + ex.skeleton() + ")", seeds, out);
    }

    /** Grades any solution ({@code label} says which in the output and in replay commands: "reference" adds --solution reference). */
    public static <S> Score grade(Exercise<S> ex, S solution, String label, int seeds, PrintStream out) {
        boolean reference = label.equals("reference");
        out.println("grade " + ex.name() + " (lab " + ex.lab() + ": " + ex.title() + "), solution: " + label);
        int points = 0;
        int total = 0;
        for (Exercise.Test<S> t : ex.tests()) {
            total++;
            String failure;
            try {
                failure = t.check().apply(solution);
            } catch (RuntimeException e) {
                failure = "threw " + e.getClass().getSimpleName() + ": " + Json.firstLine(e);
            }
            points += line(out, "test " + t.name(), failure);
        }
        Protocol<?> protocol = ex.protocol(solution);
        for (String file : ex.scenarios()) {
            total++;
            String failure;
            try {
                Scenario s = ScenarioReader.read(file, resource(file));
                List<String> failures = LabCommands.checkOne(s, new Registry().add(protocol));
                failure = failures.isEmpty() ? null : failures.size() + " checkpoint(s) failed, first: " + failures.get(0)
                        .replace("replay: bin/lab run", "in").replaceAll("; in [0-9]+ --step [0-9]+$", "");
            } catch (RuntimeException e) {
                failure = "threw " + e.getClass().getSimpleName() + ": " + Json.firstLine(e);
            }
            points += line(out, "scenario " + file, failure);
        }
        total++;
        Exercise.Property p = ex.property();
        PropertyRunner runner = runner(ex, protocol, seeds);
        String failure;
        try {
            Optional<PropertyRunner.Failure> f = runner.search();
            failure = f.map(x -> "seed " + x.seed() + ": " + x.violations().get(0) + "; shrunk schedule \"" + x.minimal() + "\"; replay: bin/lab grade "
                    + ex.name() + (reference ? " --solution reference" : "") + " --seed " + x.seed() + " --faults \"" + x.minimal() + "\""
                    + (x.params().equals(p.params()) ? "" : " --param " + x.params())).orElse(null);
        } catch (RuntimeException e) {
            failure = "threw " + e.getClass().getSimpleName() + ": " + Json.firstLine(e);
        }
        points += line(out, "property: " + seeds + " seeded fault schedules (" + p.faultsSaid() + ")", failure);
        out.println("score: " + points + "/" + total + (points == total ? " (full marks)" : ""));
        return new Score(points, total);
    }

    /** One seeded run of the property, for a replay command: prints the summary and any violation; true if it passed. */
    public static <S> boolean replay(Exercise<S> ex, boolean reference, long seed, String faults, String params, PrintStream out) {
        Protocol<?> protocol = ex.protocol(reference ? ex.reference() : ex.student());
        PropertyRunner runner = runner(ex, protocol, 1);
        Params prm = params == null ? ex.property().params() : Params.parse(params);
        PropertyRunner.RunResult r = runner.run(seed, FaultSchedule.parse(faults), prm);
        out.println(ex.name() + ": seed " + seed + ", faults \"" + faults + "\", params " + prm + ": " + (r.ok() ? "checks ok" : r.violations().size()
                + " violation(s)"));
        for (Violation v : r.violations()) {
            out.println("VIOLATION " + v);
        }
        return r.ok();
    }

    private static <S> PropertyRunner runner(Exercise<S> ex, Protocol<?> protocol, int seeds) {
        Exercise.Property p = ex.property();
        PropertyRunner r = PropertyRunner.of(protocol).nodes(p.nodes()).clients(p.clients()).until(p.until()).params(p.params())
                .faults(p.bounds()).seeds(seeds).firstSeed(1).out(new PrintStream(OutputStream.nullOutputStream()));
        if (p.shrinkParam() != null) {
            r.shrinkParam(p.shrinkParam());
        }
        return r;
    }

    private static int line(PrintStream out, String what, String failure) {
        out.println((failure == null ? "  PASS  " : "  FAIL  ") + what + (failure == null ? "" : ": " + failure));
        return failure == null ? 1 : 0;
    }

    private static String resource(String name) {
        try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException(name + ": not found on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
