package consensuslab.zk.znode;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A write to the data tree, as decided by the leader and carried in a {@link Txn}. Applying the
 * same ops in the same order to equal trees gives equal trees and equal results on every replica.
 */
@JsonSubTypes({@JsonSubTypes.Type(Op.Create.class), @JsonSubTypes.Type(Op.Delete.class), @JsonSubTypes.Type(Op.SetData.class), @JsonSubTypes.Type(Op.SetAcl.class), @JsonSubTypes.Type(Op.Check.class), @JsonSubTypes.Type(Op.Multi.class), @JsonSubTypes.Type(Op.CreateSession.class), @JsonSubTypes.Type(Op.CloseSession.class), @JsonSubTypes.Type(Op.DeleteContainer.class)})
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface Op {

    /** create; {@code flags} is a {@link CreateMode} flag, {@code ttl} is -1 unless a TTL mode. */
    record Create(String path, byte[] data, List<Acl> acl, int flags, long ttl) implements Op {
        public Create {
            acl = acl == null ? null : List.copyOf(acl);
        }
    }

    /** delete, conditional on {@code version} unless it is -1. */
    record Delete(String path, int version) implements Op {
    }

    /** setData, conditional on {@code version} unless it is -1. */
    record SetData(String path, byte[] data, int version) implements Op {
    }

    /** setACL, conditional on the ACL version unless it is -1. */
    record SetAcl(String path, List<Acl> acl, int version) implements Op {
        public SetAcl {
            acl = acl == null ? null : List.copyOf(acl);
        }
    }

    /** check (only meaningful inside a multi): the node exists with this data version (-1 = any). */
    record Check(String path, int version) implements Op {
    }

    /** All or nothing. Nested multis are refused. */
    record Multi(List<Op> ops) implements Op {
        public Multi {
            ops = List.copyOf(ops);
        }
    }

    /** A new session with its negotiated timeout. */
    record CreateSession(long sessionId, int timeout) implements Op {
    }

    /** Close (or expiry) of a session: removes every ephemeral it owns. */
    record CloseSession(long sessionId) implements Op {
    }

    /** The reaper removing an empty container or an expired TTL node (no ACL check). */
    record DeleteContainer(String path) implements Op {
    }
}
