package consensuslab.labs.course;

import consensuslab.core.Registry;
import consensuslab.labs.cli.Args;
import consensuslab.labs.cli.CliException;
import consensuslab.labs.course.LabRun.CheckResult;
import consensuslab.labs.course.LabRun.NodeLine;
import consensuslab.labs.course.LabRun.StepResult;
import consensuslab.labs.course.Scenario.Question;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The course's commands: {@code lab labs} (the list), {@code lab run LAB} (step through it in
 * the terminal, or from standard input with the same keys) and {@code lab check [LAB]} (every
 * checkpoint, headless).
 */
public final class LabCommands {

    private LabCommands() {
    }

    /** {@code lab labs}: one line per lab. */
    public static int list(Catalog catalog, PrintStream out) {
        int width = catalog.all().stream().mapToInt(s -> s.slug().length()).max().orElse(0);
        for (Scenario s : catalog.all()) {
            out.printf(Locale.ROOT, "%d  %-" + width + "s  %s%n", s.id(), s.slug(), s.title());
        }
        return 0;
    }

    /**
     * {@code lab run LAB [--step N]}: Enter runs the next step, {@code b} goes back one step (a
     * replay from the start, so what is shown is what was shown), {@code q} quits; a question is
     * answered by its number before its step runs.
     */
    public static int run(List<String> argv, Catalog catalog, Registry registry, BufferedReader in, PrintStream out) {
        Args a = new Args(argv, Set.of("step"), Set.of());
        if (a.positional().size() != 1) {
            throw new CliException("usage: lab run LAB [--step N] (a lab's number or name: see lab labs)");
        }
        Scenario s = catalog.find(a.positional().get(0));
        int total = s.steps().size();
        int startAt = a.getInt("step", 0, 0, total);
        out.println("Lab " + s.id() + ": " + s.title());
        if (!s.intro().isEmpty()) {
            out.println();
            out.println(s.intro());
        }
        out.println();
        out.println("Keys: Enter runs the next step, b goes back a step, q quits.");
        LabRun run = LabRun.replayTo(s, registry, startAt);
        if (startAt > 0) {
            out.print(render(run.results().get(startAt - 1), total));
        }
        while (true) {
            out.print("[" + run.done() + "/" + total + "] > ");
            out.flush();
            String line = readLine(in);
            if (line == null || line.trim().equals("q")) {
                out.println();
                out.println("Bye. To come back here: bin/lab run " + s.id() + " --step " + run.done());
                return 0;
            }
            line = line.trim();
            if (line.equals("b")) {
                if (run.done() <= 1) {
                    out.println("(this is the first step)");
                    continue;
                }
                run = LabRun.replayTo(s, registry, run.done() - 1);
                out.print(render(run.results().get(run.done() - 1), total));
                continue;
            }
            if (run.finished()) {
                out.println("That was the last step: b goes back, q quits.");
                continue;
            }
            Question q = s.steps().get(run.done()).question();
            Integer answer = null;
            if (q != null) {
                answer = ask(q, in, out);
                if (answer == null) {
                    out.println("Bye. To come back here: bin/lab run " + s.id() + " --step " + run.done());
                    return 0;
                }
            }
            StepResult r = run.next();
            out.print(render(r, total));
            if (q != null) {
                boolean right = answer == q.answer();
                out.println("  You answered " + answer + ": " + (right ? "right." : "not quite; the answer is " + q.answer() + ".")
                        + (q.explain().isEmpty() ? "" : " " + q.explain()));
                out.println("  " + mark(r.confirm()) + " the run shows it: " + r.confirm().says());
            }
        }
    }

    private static Integer ask(Question q, BufferedReader in, PrintStream out) {
        out.println();
        out.println("? " + q.ask());
        for (int i = 0; i < q.choices().size(); i++) {
            out.println("  " + (i + 1) + ") " + q.choices().get(i));
        }
        while (true) {
            out.print("your answer [1-" + q.choices().size() + "] > ");
            out.flush();
            String line = readLine(in);
            if (line == null || line.trim().equals("q")) {
                out.println();
                return null;
            }
            try {
                int n = Integer.parseInt(line.trim());
                if (n >= 1 && n <= q.choices().size()) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // ask again
            }
            out.println("(answer with a number from 1 to " + q.choices().size() + ")");
        }
    }

    /** {@code lab check [LAB]}: runs every step of every lab (or one), every checkpoint and question; exit 1 on a failure. */
    public static int check(List<String> argv, Catalog catalog, Registry registry, PrintStream out) {
        Args a = new Args(argv, Set.of(), Set.of());
        List<Scenario> labs = a.positional().isEmpty() ? catalog.all() : a.positional().stream().map(catalog::find).toList();
        int failed = 0;
        for (Scenario s : labs) {
            long t0 = System.nanoTime();
            List<String> failures = checkOne(s, registry);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int checkpoints = s.steps().stream().mapToInt(st -> st.checks().size() + (st.question() == null ? 0 : 1)).sum();
            if (failures.isEmpty()) {
                out.printf(Locale.ROOT, "lab %d %s: %d steps, %d checkpoints, all passed (%dms)%n", s.id(), s.slug(), s.steps().size(),
                        checkpoints, ms);
            } else {
                failed++;
                failures.forEach(out::println);
            }
        }
        out.println(failed == 0 ? "every checkpoint of " + labs.size() + " lab(s) passed" : failed + " lab(s) failed");
        return failed == 0 ? 0 : 1;
    }

    /** The failures of one lab, one line each (step, expected, seen, replay command); empty if all passed. */
    public static List<String> checkOne(Scenario s, Registry registry) {
        LabRun run = LabRun.start(s, registry);
        List<String> failures = new java.util.ArrayList<>();
        while (!run.finished()) {
            StepResult r = run.next();
            String where = "lab " + s.id() + " " + s.slug() + " step " + r.number() + (r.step().title().isEmpty() ? "" : " (" + r.step().title() + ")");
            String replay = "; replay: bin/lab run " + s.id() + " --step " + r.number();
            if (r.failure() != null) {
                failures.add(where + ": " + r.failure() + replay);
            }
            for (CheckResult c : r.checks()) {
                if (!c.ok()) {
                    failures.add(where + ": FAILED \"" + c.says() + "\": expected " + c.expected() + "; seen " + c.seen() + replay);
                }
            }
            if (r.confirm() != null && !r.confirm().ok()) {
                CheckResult c = r.confirm();
                failures.add(where + ": the question's answer is not what the run shows: \"" + c.says() + "\": expected " + c.expected()
                        + "; seen " + c.seen() + replay);
            }
        }
        return failures;
    }

    /** A step as the terminal shows it: title, narration, the nodes, the checkpoints. */
    public static String render(StepResult r, int total) {
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append("── step ").append(r.number()).append(" of ").append(total);
        if (!r.step().title().isEmpty()) {
            sb.append(": ").append(r.step().title());
        }
        sb.append(" · t=").append(r.time()).append("ms\n");
        sb.append(r.narration()).append('\n');
        if (r.failure() != null) {
            sb.append("  !! ").append(r.failure()).append('\n');
        }
        sb.append('\n');
        for (NodeLine n : r.nodes()) {
            sb.append(String.format(Locale.ROOT, "  %-4s %-12s %-13s %s%n", n.name(), n.status(), n.role(), n.label()).stripTrailing())
                    .append('\n');
        }
        if (!r.inFlight().isEmpty()) {
            int shown = Math.min(6, r.inFlight().size());
            sb.append("  in flight: ").append(String.join(", ", r.inFlight().subList(0, shown)));
            sb.append(r.inFlight().size() > shown ? " and " + (r.inFlight().size() - shown) + " more" : "").append('\n');
        }
        if (!r.checks().isEmpty()) {
            sb.append('\n');
        }
        for (CheckResult c : r.checks()) {
            sb.append("  ").append(mark(c)).append(' ').append(c.says());
            if (!c.ok()) {
                sb.append(" (expected ").append(c.expected()).append("; seen ").append(c.seen()).append(')');
            } else if (c.telling()) {
                sb.append(" [").append(c.seen()).append(']');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String mark(CheckResult c) {
        return c.ok() ? "✓" : "✗";
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
