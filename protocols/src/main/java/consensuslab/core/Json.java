package consensuslab.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson configuration used for messages, durable records and traces. */
public final class Json {

    /** Shared, configured once; Jackson mappers are thread-safe after configuration. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName() + ": " + firstLine(e), e);
        }
    }

    public static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName() + ": " + firstLine(e), e);
        }
    }

    /** A value as a JSON tree (a JsonNode is returned as is). */
    public static JsonNode tree(Object value) {
        return value instanceof JsonNode j ? j : MAPPER.valueToTree(value);
    }

    /**
     * Registers the permitted subtypes of a sealed message (or timer) interface, so that values
     * serialized with their {@code type} name can be read back as the right record.
     */
    public static void registerSealed(Class<?> sealedType) {
        Class<?>[] subs = sealedType.getPermittedSubclasses();
        if (subs == null) {
            throw new IllegalArgumentException(sealedType.getName() + " is not sealed");
        }
        for (Class<?> c : subs) {
            if (c.isSealed()) {
                registerSealed(c);
            } else {
                MAPPER.registerSubtypes(c);
            }
        }
    }

    /** The first line of an exception's message, for one-line errors. */
    public static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
