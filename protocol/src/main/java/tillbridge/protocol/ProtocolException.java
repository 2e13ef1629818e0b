package tillbridge.protocol;

/** A frame or message that does not follow the protocol. The message names the offending part. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
