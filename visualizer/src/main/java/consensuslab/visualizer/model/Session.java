package consensuslab.visualizer.model;

import consensuslab.check.Checker;
import consensuslab.core.Protocol;
import java.util.List;

/** A run being shown: a live simulation, or an imported trace (read-only). */
public interface Session {

    Timeline timeline();

    /** True for a live simulator run the user can act on and extend. */
    boolean live();

    /** One line naming the run. */
    String title();

    /** The protocol's checkers, fed the same events (empty when the protocol is unknown). */
    List<Checker> checkers();

    /** The protocol, or null for an imported trace of an unregistered protocol. */
    Protocol<?> protocol();

    /** Server names, n1..nN. */
    List<String> servers();

    /** Client names, c1..cM. */
    List<String> clients();

    /** Virtual time the run stops at (live), or the last event's time. */
    long until();
}
