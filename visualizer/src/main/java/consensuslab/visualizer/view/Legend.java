package consensuslab.visualizer.view;

/**
 * The help overlay's legend, per protocol: what the colours, the arcs, the caption under a node
 * and the drop reasons mean. Shown by the Help button (and ?) above the keys.
 */
public final class Legend {

    private Legend() {
    }

    /** The legend for a protocol (registry name), or the common part for any other. */
    public static String of(String protocol) {
        String common = """
                Colours: the node's role or phase (the caption's first line). Crashed: dark with a red rim.
                Arcs around a node: its pending timers (up to four), shrinking as each runs down; the inspector lists them all.
                Moving squares: messages in flight, labelled with their type; a double outline ×2 is a duplicate.
                Red X on a link: a drop, with its reason: partition (the link crosses the cut), loss (random drop),
                  down (the receiver was crashed), user (you dropped it); the marks fade after a second.
                Dashed red links: cut by a partition; each side's nodes get a coloured rim.
                Log pane: the protocol's own notes and every fault, phase change and violation; click a line to jump.
                """;
        String specific = switch (protocol == null ? "" : protocol) {
            case "zab" -> """
                    ZAB. Amber LOOKING (electing), blue FOLLOWING, green LEADING, purple OBSERVING.
                    Caption "e1 1.20 c1.19 r2": e = currentEpoch; 1.20 = last logged zxid as epoch.counter
                      (epoch 1, counter 20 = 0x100000014 as ZooKeeper prints it; the inspector shows 0x100000014 (e1 c20));
                      c = last committed zxid; r = election round (while LOOKING).
                    Zxid = epoch << 32 | counter: a new leader's epoch starts a new high half, counter from 0.
                    Sync modes in the log: DIFF (send the missing proposals), TRUNC (cut a follower's extra tail), SNAP (whole snapshot).
                    """;
            case "multipaxos" -> """
                    Multi-Paxos. Green leader, amber candidate (running phase 1), blue follower.
                    Caption "b3.2 ci=7": b = the leader's or candidate's ballot (round.node), p = the ballot a follower promised,
                      ci = commit index (slots chosen and applied), snap = slots folded into a snapshot.
                    """;
            case "paxos" -> """
                    Paxos (single decree). Blue proposer, purple acceptor, green learner (has learned the value).
                    Caption "b167.2 p167.2 a166.2=v2 ✓v2": b = own ballot (round.node), p = highest ballot promised,
                      a...=v = the ballot and value last accepted, ✓ = the value learned.
                    """;
            case "2pc", "3pc" -> """
                    Commit protocols. Teal coordinator; a participant by its most in-doubt transaction:
                      grey INIT, amber READY (voted yes, blocked), orange PRECOMMIT (3PC), green COMMITTED, red ABORTED.
                    Caption "ready 1 · C0 A0": transactions READY (in doubt), committed, aborted.
                    """;
            case "echo" -> """
                    Echo. Servers count what they served; clients ping. Caption: the count served.
                    """;
            default -> "";
        };
        return specific + common;
    }
}
