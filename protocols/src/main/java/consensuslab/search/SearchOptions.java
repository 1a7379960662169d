package consensuslab.search;

import consensuslab.core.Params;
import consensuslab.core.Protocol;

/**
 * What a search explores and how far.
 *
 * @param nodes      servers n1..nN
 * @param clients    clients c1..cM
 * @param params     protocol parameters
 * @param seed       seeds every node's {@code ctx.random()} exactly as the simulator does
 * @param crashes    how many server crashes a path may contain
 * @param drops      how many messages a path may lose (datagram links only)
 * @param duplicates how many messages a path may duplicate (datagram links only)
 * @param partitions how many partitions a path may start (each may heal later)
 * @param crashStop  crashed nodes stay down (no restart transitions)
 * @param depth      longest path explored (transitions from the initial state); 0: no bound
 * @param timeMs     wall-clock budget in ms; 0: no bound
 * @param dfs        depth-first instead of breadth-first (the first counterexample is then not a shortest)
 * @param timers     when timers may fire
 * @param goal       a state to reach, or null
 * @param blocking   explore everything and report states from which {@code goal} can never be reached
 * @param check      run the protocol's checkers at every state
 * @param prefix     start from the state a simulator run reaches ({@code --from-sim}), or null: from the initial state
 * @param setNetwork datagrams in flight form a set and a delivery leaves its message in flight
 *                   ({@code --network set}): unbounded duplication and reordering, see docs/SEARCH.md
 */
public record SearchOptions(int nodes, int clients, Params params, long seed, int crashes, int drops, int duplicates,
                            int partitions, boolean crashStop, int depth, long timeMs, boolean dfs, TimerModel timers,
                            Goal goal, boolean blocking, boolean check, SimPrefix prefix, boolean setNetwork) {

    /** When a timer may fire. */
    public enum TimerModel {
        /**
         * In the order of their due times on one virtual clock shared by all nodes, as in the
         * simulator; messages may take any time, so any number of deliveries happen between two
         * timers (and a message may arrive after timers due long after it was sent).
         */
        ORDERED,
        /** At any moment, in any order (fully asynchronous: a timeout says nothing, not even about other timeouts). */
        ANY
    }

    public SearchOptions {
        if (nodes < 1 || nodes > 8) {
            throw new IllegalArgumentException("--nodes must be between 1 and 8 for a search, not " + nodes);
        }
        if (clients < 0 || nodes + clients > 8) {
            throw new IllegalArgumentException("a search handles at most 8 nodes and clients together, not " + (nodes + clients));
        }
        for (int b : new int[] {crashes, drops, duplicates, partitions}) {
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("fault budgets must be between 0 and 255, not " + b);
            }
        }
        if (depth < 0 || timeMs < 0) {
            throw new IllegalArgumentException("--depth and --time must not be negative");
        }
        if (setNetwork && (drops > 0 || duplicates > 0)) {
            throw new IllegalArgumentException("--network set already lets any message arrive any number of times or never:"
                    + " --drops and --duplicates must be 0 with it");
        }
        if (blocking && goal == null) {
            throw new IllegalArgumentException("--blocking needs a --goal: the decision that might become unreachable");
        }
    }

    /** The protocol's default sizes, no faults, no bounds, breadth-first, checkers on. */
    public static SearchOptions defaults(Protocol<?> p) {
        return new SearchOptions(p.defaultNodes(), p.defaultClients(), Params.EMPTY, 1, 0, 0, 0, 0, false, 0, 0, false,
                TimerModel.ORDERED, null, false, true, null, false);
    }

    public SearchOptions withSize(int n, int c) {
        return new SearchOptions(n, c, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs, timers,
                goal, blocking, check, prefix, setNetwork);
    }

    public SearchOptions withParams(Params p) {
        return new SearchOptions(nodes, clients, p, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, check, prefix, setNetwork);
    }

    public SearchOptions withSeed(long s) {
        return new SearchOptions(nodes, clients, params, s, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, check, prefix, setNetwork);
    }

    /** Fault budgets: crashes, drops, duplicates, partitions. */
    public SearchOptions withFaults(int c, int dr, int du, int p) {
        return new SearchOptions(nodes, clients, params, seed, c, dr, du, p, crashStop, depth, timeMs, dfs, timers, goal, blocking,
                check, prefix, setNetwork);
    }

    public SearchOptions withCrashStop(boolean stop) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, stop, depth, timeMs, dfs,
                timers, goal, blocking, check, prefix, setNetwork);
    }

    /** Bounds: depth (0: none) and wall-clock ms (0: none). */
    public SearchOptions withBounds(int d, long ms) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, d, ms, dfs,
                timers, goal, blocking, check, prefix, setNetwork);
    }

    public SearchOptions withDfs(boolean depthFirst) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs,
                depthFirst, timers, goal, blocking, check, prefix, setNetwork);
    }

    public SearchOptions withTimers(TimerModel t) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                t, goal, blocking, check, prefix, setNetwork);
    }

    /** A goal to reach; with {@code reportBlocking}, report the states from which it is unreachable instead. */
    public SearchOptions withGoal(Goal g, boolean reportBlocking) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, g, reportBlocking, check, prefix, setNetwork);
    }

    /** Start from the state the simulator reaches with {@code p} (null: from the initial state). */
    public SearchOptions withPrefix(SimPrefix p) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, check, p, setNetwork);
    }

    public SearchOptions withCheck(boolean c) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, c, prefix, setNetwork);
    }

    /**
     * The set network ({@code --network set}): datagrams in flight form a set, and delivering one
     * leaves it in flight, so any message may arrive any number of times, in any order, or never.
     * Datagram protocols only; no drop or duplicate budget (docs/SEARCH.md).
     */
    public SearchOptions withSetNetwork(boolean set) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, check, prefix, set);
    }
}
