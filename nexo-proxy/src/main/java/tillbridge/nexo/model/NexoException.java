package tillbridge.nexo.model;

/** A nexo message that cannot be read or does not fit the exchange it belongs to. */
public final class NexoException extends Exception {
    public NexoException(String message) {
        super(message);
    }
}
