package consensuslab.zk.znode;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** The outcome of one {@link Op}. */
@JsonSubTypes({@JsonSubTypes.Type(OpResult.Created.class), @JsonSubTypes.Type(OpResult.Deleted.class), @JsonSubTypes.Type(OpResult.DataSet.class), @JsonSubTypes.Type(OpResult.AclSet.class), @JsonSubTypes.Type(OpResult.Checked.class), @JsonSubTypes.Type(OpResult.SessionCreated.class), @JsonSubTypes.Type(OpResult.SessionClosed.class), @JsonSubTypes.Type(OpResult.Error.class), @JsonSubTypes.Type(OpResult.MultiResult.class)})
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface OpResult {

    record Created(String path, Stat stat) implements OpResult {
    }

    record Deleted() implements OpResult {
    }

    record DataSet(Stat stat) implements OpResult {
    }

    record AclSet(Stat stat) implements OpResult {
    }

    record Checked() implements OpResult {
    }

    record SessionCreated(long sessionId, int timeout) implements OpResult {
    }

    record SessionClosed(long sessionId, List<String> deleted) implements OpResult {
        public SessionClosed {
            deleted = List.copyOf(deleted);
        }
    }

    /** A failure. Inside a multi, ops before the failing one report OK and ops after it RUNTIMEINCONSISTENCY. */
    record Error(Code code, String path) implements OpResult {
    }

    /** Per-op results of a multi, one per op. */
    record MultiResult(List<OpResult> results) implements OpResult {
        public MultiResult {
            results = List.copyOf(results);
        }
    }
}
