package tillbridge.hub.internal;

/**
 * A request the hub refuses: HTTP status and a message for the caller, sent as
 * {@code {"error": message}}. Messages name the offending field and the limit; they never
 * contain secrets.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, what + " not found");
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, message);
    }
}
