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
    /** The default retry-after maximum: the reconnect storm's target, so that no agent is sent away longer than a storm should last. */
    public static final int RETRY_AFTER_MAX = 10;
    public static final int RATE = 2000;
    public static final Admission DEFAULTS = forPool(HubConfig.DB_POOL);

    /**
     * The defaults for a node with {@code pool} database connections: as many set-ups at once as
     * the pool has connections (a set-up holds one connection at a time, so set-ups alone never
     * queue for the pool; what else the node does, box-office requests and deliveries, may).
     */
    public static Admission forPool(int pool) {
        return new Admission(RATE, pool, RETRY_AFTER_MAX);
    }

    public Admission {
        if (perSecond < 1 || perSecond > 1_000_000) throw new IllegalArgumentException("admission rate must be 1..1000000 a second, was " + perSecond);
        if (concurrent < 1 || concurrent > 100_000) throw new IllegalArgumentException("admission concurrency must be 1..100000, was " + concurrent);
        if (retryAfterMax < 1 || retryAfterMax > 3600) throw new IllegalArgumentException("retry-after maximum must be 1..3600 s, was " + retryAfterMax);
    }
}
