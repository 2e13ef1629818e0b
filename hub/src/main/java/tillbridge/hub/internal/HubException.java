package tillbridge.hub.internal;

/**
 * What the hub's stores refuse, in the domain's words; the HTTP layer alone turns each kind into
 * a status ({@link ApiError#of}). Messages name the thing and never contain secrets.
 */
public abstract sealed class HubException extends RuntimeException
        permits HubException.NotFound, HubException.Conflict, HubException.Invalid, HubException.Gone,
        HubException.Superseded {
    private static final long serialVersionUID = 1L;

    HubException(String message) {
        super(message, null, false, false);
    }

    /** No such thing for this caller (another tenant's or site's things included). */
    public static final class NotFound extends HubException {
        private static final long serialVersionUID = 1L;

        NotFound(String what) {
            super(what + " not found");
        }
    }

    /** The request contradicts what is stored: a final result, a used key or code. */
    public static final class Conflict extends HubException {
        private static final long serialVersionUID = 1L;

        Conflict(String message) {
            super(message);
        }
    }

    /** The request cannot be carried out as given. */
    public static final class Invalid extends HubException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** It existed and has lapsed: an expired registration code. */
    public static final class Gone extends HubException {
        private static final long serialVersionUID = 1L;

        Gone(String message) {
            super(message);
        }
    }

    /** A newer stream or poll of the same agent took over this connection. */
    public static final class Superseded extends HubException {
        private static final long serialVersionUID = 1L;

        Superseded() {
            super("a newer stream or poll of this agent superseded this connection");
        }
    }

    public static NotFound notFound(String what) {
        return new NotFound(what);
    }

    public static Conflict conflict(String message) {
        return new Conflict(message);
    }

    public static Gone gone(String message) {
        return new Gone(message);
    }

    public static Invalid invalid(String message) {
        return new Invalid(message);
    }
}
