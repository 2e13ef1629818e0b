package tillbridge.hub;

/**
 * How many agent (re)connections, stream or long poll, a node sets up: at most {@code perSecond}
 * a second (a burst of one second's worth allowed) and at most {@code concurrent} at once (from
 * the token lookup until the stream is attached). Beyond that the node answers 503 with a
 * jittered {@code Retry-After} of at most {@code retryAfterMax} seconds, so that a reconnect storm
 * (every agent of a restarted node at once) is spread over time instead of queueing on the
 * database pool.
 */
public record Admission(int perSecond, int concurrent, int retryAfterMax) {
    public static final Admission DEFAULTS = new Admission(2000, 64, 30);

    public Admission {
        if (perSecond < 1 || perSecond > 1_000_000) throw new IllegalArgumentException("admission rate must be 1..1000000 a second, was " + perSecond);
        if (concurrent < 1 || concurrent > 100_000) throw new IllegalArgumentException("admission concurrency must be 1..100000, was " + concurrent);
        if (retryAfterMax < 1 || retryAfterMax > 3600) throw new IllegalArgumentException("retry-after maximum must be 1..3600 s, was " + retryAfterMax);
    }
}
