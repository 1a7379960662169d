package consensuslab.check;

/**
 * A key-value operation's result, as recorded with {@code ctx.complete(opId, result)}.
 * get: ok=true and the value read (null: absent); put and append: ok=true; cas: ok = swapped.
 * A get, put or append that returns ok=false is taken as known not to have happened.
 *
 * @param ok    success (for cas: whether it swapped)
 * @param value what a get read (null: absent)
 */
public record KvResult(boolean ok, String value) {

    /** A put's or append's success. */
    public static KvResult done() {
        return new KvResult(true, null);
    }

    public static KvResult read(String value) {
        return new KvResult(true, value);
    }

    public static KvResult swapped(boolean swapped) {
        return new KvResult(swapped, null);
    }
}
