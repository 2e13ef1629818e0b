package tillbridge.ecr;

import java.io.IOException;

/**
 * A terminal exchange failed: no answer in time, the connection closed, a message was refused or
 * unreadable. The message says which packet and which limit.
 */
public class EcrException extends IOException {
    public EcrException(String message) {
        super(message);
    }

    public EcrException(String message, Throwable cause) {
        super(message, cause);
    }
}
