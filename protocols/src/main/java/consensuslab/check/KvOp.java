package consensuslab.check;

/**
 * A client operation on a key-value store, as recorded with {@code ctx.invoke(opId, op)} and read
 * by the {@link LinearizabilityChecker}. Each key is an independent register.
 *
 * @param f        "get", "put", "append" or "cas"
 * @param key      the key
 * @param value    put: the new value; append: the suffix to add; cas: the new value; get: null
 * @param expected cas only: the value the key must hold for the swap to happen (null: absent)
 */
public record KvOp(String f, String key, String value, String expected) {

    public static KvOp get(String key) {
        return new KvOp("get", key, null, null);
    }

    public static KvOp put(String key, String value) {
        return new KvOp("put", key, value, null);
    }

    public static KvOp append(String key, String value) {
        return new KvOp("append", key, value, null);
    }

    public static KvOp cas(String key, String expected, String value) {
        return new KvOp("cas", key, value, expected);
    }

    /** Whether {@code f} is one of the four operations the model knows. */
    public boolean known() {
        return "get".equals(f) || "put".equals(f) || "append".equals(f) || "cas".equals(f);
    }

    /** One short readable form: {@code get x}, {@code put x "1"}, {@code cas x "1"->"2"}. */
    public String describe() {
        switch (f) {
            case "get":
                return "get " + key;
            case "cas":
                return "cas " + key + " " + quote(expected) + "->" + quote(value);
            default:
                return f + " " + key + " " + quote(value);
        }
    }

    static String quote(String s) {
        return s == null ? "nil" : "\"" + s + "\"";
    }
}
