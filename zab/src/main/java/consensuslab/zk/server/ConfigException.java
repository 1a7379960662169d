package consensuslab.zk.server;

/** A configuration problem, described in one line that names the file, line or key. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
