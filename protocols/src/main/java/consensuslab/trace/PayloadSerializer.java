package consensuslab.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import consensuslab.core.Message;
import consensuslab.core.Timer;
import java.io.IOException;

/**
 * Writes a trace payload held as {@code Object}: messages and timers keep their {@code type} name
 * (which a plain Object-typed field would lose), anything else is written as it is.
 */
final class PayloadSerializer extends StdSerializer<Object> {
    private static final long serialVersionUID = 1L;

    PayloadSerializer() {
        super(Object.class);
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        Class<?> base = value instanceof Message ? Message.class : value instanceof Timer ? Timer.class : null;
        if (base == null) {
            provider.defaultSerializeValue(value, gen);
            return;
        }
        TypeSerializer typed = provider.findTypeSerializer(provider.constructType(base));
        JsonSerializer<Object> ser = provider.findValueSerializer(value.getClass());
        ser.serializeWithType(value, gen, provider, typed);
    }
}
