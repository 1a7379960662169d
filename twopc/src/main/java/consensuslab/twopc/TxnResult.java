package consensuslab.twopc;

/** A client operation's result ({@code return}): "COMMITTED" or "ABORTED". */
public record TxnResult(String outcome) {
}
