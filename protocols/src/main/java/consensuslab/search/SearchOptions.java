package consensuslab.search;

import consensuslab.core.Params;
import consensuslab.core.Protocol;
import java.util.List;

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
 * @param via        a staged search ({@code --via}): breadth-first to the first state where {@code via[0]} holds,
 *                   from there to the first where {@code via[1]} holds, ..., then the search proper (violations,
 *                   {@code goal}) from the last one; empty: one stage. Each stage's path is a shortest one from
 *                   where the stage starts, the whole need not be a shortest one (docs/SEARCH.md, "Staged search")
 * @param faultsFrom the first stage (1-based; the search proper is stage {@code via.size() + 1}) whose paths may
 *                   contain faults from the budgets; earlier stages add none. 1 (the default): every stage
 * @param stateKeys  identify node states by the keys nodes offer ({@code Node.stateKey}), merging equal ones (the
 *                   default); false: by history alone ({@code --no-state-keys}, to compare)
 */
public record SearchOptions(int nodes, int clients, Params params, long seed, int crashes, int drops, int duplicates,
                            int partitions, boolean crashStop, int depth, long timeMs, boolean dfs, TimerModel timers,
                            Goal goal, boolean blocking, boolean check, SimPrefix prefix, boolean setNetwork, List<Goal> via,
                            int faultsFrom, boolean stateKeys) {

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
        via = List.copyOf(via);
        if (faultsFrom < 1 || faultsFrom > via.size() + 1) {
            throw new IllegalArgumentException("--faults-from-stage must be between 1 and " + (via.size() + 1)
                    + " (the stages given with --via, then the search proper), not " + faultsFrom);
        }
        if (blocking && goal == null) {
            throw new IllegalArgumentException("--blocking needs a --goal: the decision that might become unreachable");
        }
    }

    /** The protocol's default sizes, no faults, no bounds, breadth-first, checkers on. */
    public static SearchOptions defaults(Protocol<?> p) {
        return new SearchOptions(p.defaultNodes(), p.defaultClients(), Params.EMPTY, 1, 0, 0, 0, 0, false, 0, 0, false,
                TimerModel.ORDERED, null, false, true, null, false, List.of(), 1, true);
    }

    public SearchOptions withSize(int n, int c) {
        return new SearchOptions(n, c, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs, timers,
                goal, blocking, check, prefix, setNetwork, via, faultsFrom, stateKeys);
    }

    public SearchOptions withParams(Params p) {
        return new SearchOptions(nodes, clients, p, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, check, prefix, setNetwork, via, faultsFrom, stateKeys);
    }

    public SearchOptions withSeed(long s) {
        return new SearchOptions(nodes, clients, params, s, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, check, prefix, setNetwork, via, faultsFrom, stateKeys);
    }

    /** Fault budgets: crashes, drops, duplicates, partitions. */
    public SearchOptions withFaults(int c, int dr, int du, int p) {
        return new SearchOptions(nodes, clients, params, seed, c, dr, du, p, crashStop, depth, timeMs, dfs, timers, goal, blocking,
                check, prefix, setNetwork, via, faultsFrom, stateKeys);
    }

    public SearchOptions withCrashStop(boolean stop) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, stop, depth, timeMs, dfs,
                timers, goal, blocking, check, prefix, setNetwork, via, faultsFrom, stateKeys);
    }

    /** Bounds: depth (0: none) and wall-clock ms (0: none). */
    public SearchOptions withBounds(int d, long ms) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, d, ms, dfs,
                timers, goal, blocking, check, prefix, setNetwork, via, faultsFrom, stateKeys);
    }

    public SearchOptions withDfs(boolean depthFirst) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs,
                depthFirst, timers, goal, blocking, check, prefix, setNetwork, via, faultsFrom, stateKeys);
    }

    public SearchOptions withTimers(TimerModel t) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                t, goal, blocking, check, prefix, setNetwork, via, faultsFrom, stateKeys);
    }

    /** A goal to reach; with {@code reportBlocking}, report the states from which it is unreachable instead. */
    public SearchOptions withGoal(Goal g, boolean reportBlocking) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, g, reportBlocking, check, prefix, setNetwork, via, faultsFrom, stateKeys);
    }

    /** Start from the state the simulator reaches with {@code p} (null: from the initial state). */
    public SearchOptions withPrefix(SimPrefix p) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, check, p, setNetwork, via, faultsFrom, stateKeys);
    }

    public SearchOptions withCheck(boolean c) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, c, prefix, setNetwork, via, faultsFrom, stateKeys);
    }

    /**
     * A staged search: the stages' goals in order, each reached breadth-first (a shortest way) from
     * where the previous stage ended, before the search proper starts (docs/SEARCH.md, "Staged search").
     */
    public SearchOptions withVia(List<Goal> stages) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, check, prefix, setNetwork, stages, faultsFrom, stateKeys);
    }

    /** Stages before {@code stage} (1-based; {@code via().size() + 1} is the search proper) add no faults. */
    public SearchOptions withFaultsFrom(int stage) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, check, prefix, setNetwork, via, stage, stateKeys);
    }

    /**
     * The set network ({@code --network set}): datagrams in flight form a set, and delivering one
     * leaves it in flight, so any message may arrive any number of times, in any order, or never.
     * Datagram protocols only; no drop or duplicate budget (docs/SEARCH.md).
     */
    public SearchOptions withSetNetwork(boolean set) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, check, prefix, set, via, faultsFrom, stateKeys);
    }

    /** Whether node states are identified by the keys nodes offer (the default), or by history alone (to compare). */
    public SearchOptions withStateKeys(boolean keys) {
        return new SearchOptions(nodes, clients, params, seed, crashes, drops, duplicates, partitions, crashStop, depth, timeMs, dfs,
                timers, goal, blocking, check, prefix, setNetwork, via, faultsFrom, keys);
    }
}
