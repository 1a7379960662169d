package consensuslab.visualizer.model;

import java.util.List;

/**
 * Everything a user can do to a live run, as data. Buttons, menus and keys all build these; a run
 * is its {@link RunSpec} plus the list of actions applied, so replaying the list rebuilds it
 * exactly, and acting in the past truncates the list and appends the new action (a fork).
 */
public sealed interface UserAction {

    /** Runs events due up to virtual time {@code until}, at most {@code maxSteps} of them (pacing). */
    record Advance(long until, int maxSteps) implements UserAction {
    }

    /** Runs exactly the next simulator event (one handler). */
    record Step() implements UserAction {
    }

    /** Runs simulator events until {@code events} have run in all (how a fork records a partial advance). */
    record StepsTo(long events) implements UserAction {
    }

    record Crash(String node) implements UserAction {
    }

    record Restart(String node) implements UserAction {
    }

    record Pause(String node) implements UserAction {
    }

    record Resume(String node) implements UserAction {
    }

    /** Servers in these groups cannot reach each other; unnamed servers form one more group. */
    record Partition(List<List<String>> groups) implements UserAction {
        public Partition {
            groups = groups.stream().map(List::copyOf).toList();
        }
    }

    record Heal() implements UserAction {
    }

    /** Drops one copy of the message with this id that is in flight. */
    record DropMessage(long id) implements UserAction {
    }

    /** Delivers a protocol message, given as JSON with its "type", from one node to another (a client request). */
    record Inject(String from, String to, String json) implements UserAction {
    }

    /** One short line for the status bar and the action log. */
    default String describe() {
        if (this instanceof Crash c) {
            return "crash " + c.node();
        } else if (this instanceof Restart r) {
            return "restart " + r.node();
        } else if (this instanceof Pause p) {
            return "pause " + p.node();
        } else if (this instanceof Resume r) {
            return "resume " + r.node();
        } else if (this instanceof Partition p) {
            return "partition " + String.join("|", p.groups().stream().map(g -> String.join(",", g)).toList());
        } else if (this instanceof Heal) {
            return "heal";
        } else if (this instanceof DropMessage d) {
            return "drop message " + d.id();
        } else if (this instanceof Inject i) {
            return "inject " + i.from() + "→" + i.to() + " " + i.json();
        } else if (this instanceof Step) {
            return "step";
        } else if (this instanceof StepsTo s) {
            return "steps to " + s.events();
        }
        Advance a = (Advance) this;
        return "advance to " + a.until() + "ms";
    }
}
