package consensuslab.zab;

import consensuslab.check.Checker;
import consensuslab.core.Context;
import consensuslab.core.Node;
import java.util.List;

/**
 * What Zab replicates in a simulated run ({@code --param workload=NAME}): the client nodes that
 * drive it, the state machine every server applies committed transactions to, and the checkers
 * that judge its replicas. The engine ships {@link KvWorkload}; the znode service plugs in its own
 * ({@code consensuslab.zk.sim.ZnodeWorkload}) without the engine knowing of znodes.
 */
public interface ZabWorkload {

    /** The value of the {@code workload} parameter that selects it. */
    String name();

    /** The client node for {@code ctx.id()} (c1..cM). */
    Node<ZabMessage> client(Context<ZabMessage> ctx);

    /** A fresh state machine for one server incarnation. */
    ZabStateMachine stateMachine();

    /** The workload's own checkers, added to Zab's. */
    List<Checker> checkers();
}
