package consensuslab.zk.request;

import consensuslab.zk.wire.OpCode;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.znode.Code;
import consensuslab.zk.znode.CreateMode;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.ZnodeException;
import java.util.ArrayList;
import java.util.List;

/**
 * ZooKeeper's PrepRequestProcessor, minus the I/O: a decoded write request becomes the
 * {@link Op} its transaction carries, or is refused (BADARGUMENTS) before any transaction. The real
 * server and the simulated znode workload both call it.
 */
public final class PrepRequestProcessor {

    private PrepRequestProcessor() {
    }

    /** The request types that become a transaction. */
    public static boolean isWrite(int type) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL, OpCode.DELETE, OpCode.SET_DATA,
                    OpCode.SET_ACL, OpCode.MULTI -> true;
            default -> false;
        };
    }

    /** The transaction's write for a decoded write request. */
    public static Op prepare(int type, Proto.Request body) throws ZnodeException {
        if (type == OpCode.MULTI && body instanceof Proto.MultiRequest m) {
            List<Op> ops = new ArrayList<>();
            for (Proto.MultiOp mo : m.ops()) {
                if (!multiMember(mo.type())) {
                    throw new ZnodeException(Code.BADARGUMENTS, null);
                }
                ops.add(single(mo.type(), mo.request()));
            }
            return new Op.Multi(ops);
        }
        return single(type, body);
    }

    private static boolean multiMember(int type) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL, OpCode.DELETE, OpCode.SET_DATA,
                    OpCode.CHECK -> true;
            default -> false;
        };
    }

    private static Op single(int type, Proto.Request body) throws ZnodeException {
        if (body instanceof Proto.CreateRequest cr) {
            CreateMode mode = CreateMode.fromFlag(cr.flags());
            if (mode == null || (type == OpCode.CREATE_CONTAINER) != mode.isContainer() || mode.isTTL() && type != OpCode.CREATE_TTL) {
                throw new ZnodeException(Code.BADARGUMENTS, cr.path());
            }
            return new Op.Create(cr.path(), cr.data(), cr.acl(), cr.flags(), cr.withTtl() ? cr.ttl() : -1);
        } else if (body instanceof Proto.DeleteRequest d) {
            return new Op.Delete(d.path(), d.version());
        } else if (body instanceof Proto.SetDataRequest s) {
            return new Op.SetData(s.path(), s.data(), s.version());
        } else if (body instanceof Proto.SetAclRequest s) {
            return new Op.SetAcl(s.path(), s.acl(), s.version());
        } else if (body instanceof Proto.CheckVersionRequest ch) {
            return new Op.Check(ch.path(), ch.version());
        }
        throw new ZnodeException(Code.BADARGUMENTS, null);
    }
}
