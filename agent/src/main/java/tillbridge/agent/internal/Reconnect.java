package tillbridge.agent.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to reconnect to the hub and how (docs/architecture.md, "Timings"): a pure policy, time and
 * randomness passed in, no threads.
 *
 * <p>Schedule after a close: attempt 1 at once, attempts 2-6 after 1 s, every later one after 5 s,
 * each with a uniform ±20 % jitter. A connection that delivered something ({@link #connected})
 * starts the schedule over. A hub that answered 503 with {@code Retry-After} (it is admitting
 * other agents first) is obeyed: the next attempt waits at least that long, plus a random spread
 * of up to 1 s and a fifth of it, so that agents told the same second do not all come back at its
 * start ({@link #nextDelay(Optional)}).
 *
 * <p>Mode: a stream on which nothing (no job, no ping, no comment) arrives for the ping period
 * plus {@code grace} (at most three quarters of the period, so a buffered stream is given up within
 * two periods) is presumed buffered by a proxy ({@link #silent}); the agent then switches to
 * long poll ({@link #pingsLate}) and tries streaming again {@code probeAfter} later. So does a
 * stream that fails {@link #STREAM_FAILURES} times in a row before delivering anything
 * ({@link #streamFailed}): a proxy that refuses or resets the stream request itself.
 */
public final class Reconnect {
    public enum Mode { STREAM, POLL }

    public static final Duration GRACE = Duration.ofSeconds(30);
    public static final Duration PROBE_AFTER = Duration.ofMinutes(10);
    public static final int STREAM_FAILURES = 3;
    static final double JITTER = 0.20;

    private final RandomGenerator random;
    private final Duration grace;
    private final Duration probeAfter;
    private int failures;
    private int streamFailures;
    private Mode mode = Mode.STREAM;
    private long pollSinceMillis;

    public Reconnect(RandomGenerator random) {
        this(random, GRACE, PROBE_AFTER);
    }

    public Reconnect(RandomGenerator random, Duration grace, Duration probeAfter) {
        this.random = random;
        this.grace = grace;
        this.probeAfter = probeAfter;
    }

    /** The un-jittered delay before reconnect attempt {@code attempt} (1-based). */
    public static Duration base(int attempt) {
        if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        if (attempt == 1) return Duration.ZERO;
        return attempt <= 6 ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
    }

    /** Called after each close or failed attempt: the delay before the next attempt. */
    public Duration nextDelay() {
        return nextDelay(Optional.empty());
    }

    /**
     * Called after each close or failed attempt, with the hub's {@code Retry-After} if it sent one:
     * the delay before the next attempt.
     */
    public Duration nextDelay(Optional<Duration> retryAfter) {
        failures++;
        long baseMillis = base(failures).toMillis();
        double factor = 1 + JITTER * (2 * random.nextDouble() - 1);
        long own = Math.round(baseMillis * factor);
        if (retryAfter.isEmpty()) return Duration.ofMillis(own);
        long told = retryAfter.get().toMillis();
        long spread = Math.round((1000 + told * JITTER) * random.nextDouble());
        return Duration.ofMillis(Math.max(own, told) + spread);
    }

    /** The attempt the last {@link #nextDelay} was for (0 when none since the last good connection). */
    public int attempt() {
        return failures;
    }

    /** The connection works (a stream's first bytes, or a poll answer): the schedule starts over. */
    public void connected() {
        failures = 0;
        streamFailures = 0;
    }

    /**
     * A stream attempt ended without delivering anything; returns true when that makes
     * {@link #STREAM_FAILURES} in a row and the mode switched to long poll.
     */
    public boolean streamFailed(long nowMillis) {
        if (mode != Mode.STREAM || ++streamFailures < STREAM_FAILURES) return false;
        pingsLate(nowMillis);
        return true;
    }

    /** Whether a stream asked to ping every {@code ping} has been quiet for too long. */
    public boolean silent(Duration ping, long lastActivityMillis, long nowMillis) {
        long allowance = Math.min(grace.toMillis(), ping.toMillis() * 3 / 4);
        return nowMillis - lastActivityMillis > ping.toMillis() + allowance;
    }

    /** The stream was silent too long: use long poll until the next probe. */
    public void pingsLate(long nowMillis) {
        mode = Mode.POLL;
        streamFailures = 0;
        pollSinceMillis = nowMillis;
    }

    /** The mode to connect in now; in poll mode, streaming is probed again after {@code probeAfter}. */
    public Mode mode(long nowMillis) {
        if (mode == Mode.POLL && nowMillis - pollSinceMillis >= probeAfter.toMillis()) mode = Mode.STREAM;
        return mode;
    }

    /** Whether poll mode should end now to probe streaming (does not change the mode). */
    public boolean probeDue(long nowMillis) {
        return mode == Mode.POLL && nowMillis - pollSinceMillis >= probeAfter.toMillis();
    }
}
