package consensuslab.labs.bench;

import consensuslab.core.Params;
import consensuslab.labs.cli.Args;
import consensuslab.labs.cli.CliException;
import consensuslab.paxos.basic.BasicPaxos;
import consensuslab.search.SearchOptions;
import consensuslab.search.SearchResult;
import consensuslab.search.StateSearch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code lab bench search}: the exhaustive search of single-decree Paxos (3 acceptors, 2 proposers)
 * to a depth bound, each run next to a baseline simulator run (echo tokens, untraced) in the same
 * invocation, so that a loaded machine shows in both and the ratio stays meaningful.
 */
public final class SearchBench {

    private SearchBench() {
    }

    public static int run(List<String> argv, PrintStream out) {
        Args a = new Args(argv, Set.of("depth", "runs", "param", "time"), Set.of());
        if (!a.positional().isEmpty()) {
            throw new CliException("unexpected argument '" + a.positional().get(0) + "'");
        }
        int depth = a.getInt("depth", 10, 1, 1000);
        int runs = a.getInt("runs", 3, 1, 100);
        long timeMs = a.getLong("time", 120) * 1000;
        Params params;
        try {
            params = Params.parse(a.get("param", ""));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        SearchOptions o = SearchOptions.defaults(new BasicPaxos()).withSize(3, 0).withParams(params).withBounds(depth, timeMs);
        SimBench baseline = new SimBench(5, 64, 1_000_000);
        out.printf(Locale.ROOT, "bench search: paxos, 3 acceptors, 2 proposers%s, breadth-first to depth %d; %d runs, each after a "
                + "baseline simulator run (echo, 5 servers, 64 tokens each, 1,000,000 messages untraced); load average %s%n",
                params.values().isEmpty() ? "" : " (" + params + ")", depth, runs, load());
        baseline.untraced(1); // warm-up
        StateSearch.run(new BasicPaxos(), o.withBounds(Math.min(depth, 8), timeMs), null); // warm-up
        List<Double> rates = new ArrayList<>();
        List<Double> sims = new ArrayList<>();
        List<Double> secs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            double sim = baseline.untraced(1).perSecond();
            SearchResult r = StateSearch.run(new BasicPaxos(), o, null);
            double rate = r.unique() * 1000.0 / Math.max(1, r.wallMs());
            out.printf(Locale.ROOT, "  run %d: %s | simulator %,.0f msg/s | ratio states/s : msg/s = %.4f | load %s%n", i + 1,
                    r.summary(), sim, rate / sim, load());
            rates.add(rate);
            sims.add(sim);
            secs.add(r.wallMs() / 1000.0);
        }
        out.printf(Locale.ROOT, "median: %,.0f states/s, %.1f s per search, simulator %,.0f msg/s, ratio %.4f%n", median(rates),
                median(secs), median(sims), median(rates) / median(sims));
        return 0;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
