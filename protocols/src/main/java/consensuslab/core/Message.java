package consensuslab.core;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Marker for protocol messages. Each protocol declares one sealed sub-interface whose
 * permitted subtypes are immutable records, for example
 * {@code sealed interface PaxosMessage extends Message permits Prepare, Promise, ...}.
 * Serialized with Jackson; the record's simple class name goes in the {@code type} field.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public interface Message {
}
