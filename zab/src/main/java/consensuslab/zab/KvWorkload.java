package consensuslab.zab;

import consensuslab.check.Checker;
import consensuslab.check.LinearizabilityChecker;
import consensuslab.core.Context;
import consensuslab.core.Node;
import java.util.List;

/** The default workload: clients put to a key-value map ({@link KvClient}, {@link KvStateMachine}). */
public final class KvWorkload implements ZabWorkload {

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public Node<ZabMessage> client(Context<ZabMessage> ctx) {
        return new KvClient(ctx);
    }

    @Override
    public ZabStateMachine stateMachine() {
        return new KvStateMachine();
    }

    @Override
    public List<Checker> checkers() {
        // ZooKeeper's writes are linearizable (its plain reads are not; these clients only write)
        return List.of(new LinearizabilityChecker());
    }
}
