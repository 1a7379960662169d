package consensuslab.zk.znode;

/** An identity in an ACL or an authenticated identity of a connection: scheme plus id. */
public record Id(String scheme, String id) {
    public static final Id ANYONE = new Id("world", "anyone");
    public static final Id AUTH = new Id("auth", "");

    @Override
    public String toString() {
        return scheme + ":" + id;
    }
}
