package consensuslab.core;

/** A durable file could not be decoded. The message names the file. */
public class StorageCorruptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageCorruptException(String message) {
        super(message);
    }
}
