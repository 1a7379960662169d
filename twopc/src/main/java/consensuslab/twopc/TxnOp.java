package consensuslab.twopc;

import java.util.Map;

/**
 * A client operation as recorded in the trace ({@code invoke}): submit transaction {@code txn}.
 *
 * @param f      always "txn"
 * @param txn    the transaction id
 * @param writes per participant, the keys written
 */
public record TxnOp(String f, String txn, Map<String, Map<String, String>> writes) {
}
