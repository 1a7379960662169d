package consensuslab.zk.sim;

import consensuslab.check.Checker;
import consensuslab.core.Context;
import consensuslab.core.Node;
import consensuslab.zab.Zab;
import consensuslab.zab.ZabMessage;
import consensuslab.zab.ZabStateMachine;
import consensuslab.zab.ZabWorkload;
import java.util.List;

/**
 * {@code --param workload=znode}: Zab replicates the znode data tree with sessions instead of the
 * key-value map; {@link ZnodeSimClient}s drive it and {@link ZnodeTreeChecker} compares replicas.
 */
public final class ZnodeWorkload implements ZabWorkload {

    /** The {@code zab} protocol as {@code bin/lab} registers it: the kv and znode workloads. */
    public static Zab protocol() {
        return Zab.with(new ZnodeWorkload());
    }

    @Override
    public String name() {
        return "znode";
    }

    @Override
    public Node<ZabMessage> client(Context<ZabMessage> ctx) {
        return new ZnodeSimClient(ctx);
    }

    @Override
    public ZabStateMachine stateMachine() {
        return new ZnodeSimStateMachine();
    }

    @Override
    public List<Checker> checkers() {
        return List.of(new ZnodeTreeChecker());
    }
}
