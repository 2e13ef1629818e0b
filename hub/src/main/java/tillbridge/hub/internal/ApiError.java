package tillbridge.hub.internal;

import tillbridge.contract.InvalidField;

/**
 * A request the hub refuses: HTTP status, a short machine-readable code and a message for the
 * caller, sent as {@code {"error": code, "message": message}}. Messages name the offending field
 * and the limit; they never contain secrets.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public ApiError(int status, String message) {
        this(status, codeOf(status), message);
    }

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The code for a status when nothing more specific applies; also used for Jetty's own errors. */
    public static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 410 -> "gone";
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "refused";
        };
    }

    /**
     * The answer to a refusal from below the HTTP layer: a store's {@link HubException} or a
     * document the contract's codec refused; an {@code ApiError} stays as it is.
     */
    public static ApiError of(RuntimeException e) {
        return switch (e) {
            case ApiError a -> a;
            case HubException.NotFound n -> new ApiError(404, n.getMessage());
            case HubException.Conflict c -> new ApiError(409, c.getMessage());
            case HubException.Invalid i -> new ApiError(400, i.getMessage());
            case HubException.Gone g -> new ApiError(410, g.getMessage());
            case HubException.Superseded s -> new ApiError(409, "superseded", s.getMessage());
            case InvalidField f -> new ApiError(400, f.getMessage());
            default -> throw new IllegalArgumentException("not a refusal: " + e, e);
        };
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
