package consensuslab.core;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Marker for what a timer means when it fires: a record such as
 * {@code record ElectionTimeout(int round) implements Timer}. Timers appear in the trace by
 * their record's simple name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public interface Timer {
}
