package consensuslab.zab.exercise;

/** The four ways a leader synchronizes a learner (see {@link SyncRule}). */
public sealed interface SyncChoice {

    /** The learner's log is a prefix of ours: send the committed proposals after peerLastZxid. */
    record Diff() implements SyncChoice {
    }

    /** The learner logged proposals we never committed, and lacks nothing: truncate its log to {@code zxid}. */
    record Trunc(long zxid) implements SyncChoice {
    }

    /** Both: truncate the learner's log back to {@code zxid}, the last zxid we share, then send what follows. */
    record TruncDiff(long zxid) implements SyncChoice {
    }

    /** The committed log in memory cannot bring the learner up to date: send a whole snapshot. */
    record Snap() implements SyncChoice {
    }

    /** DIFF, TRUNC, TRUNC+DIFF or SNAP, as ZooKeeper's logs name them. */
    default String mode() {
        if (this instanceof Diff) {
            return "DIFF";
        } else if (this instanceof Trunc) {
            return "TRUNC";
        } else if (this instanceof TruncDiff) {
            return "TRUNC+DIFF";
        }
        return "SNAP";
    }
}
