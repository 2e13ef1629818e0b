package tillbridge.hub.internal;

import java.util.random.RandomGenerator;
import tillbridge.hub.Admission;

/**
 * Decides whether an agent (re)connection is set up now or told to come back later (pure: time
 * and randomness passed in, no threads).
 *
 * <p>A token bucket ({@code perSecond}, holding at most one second's worth) bounds the rate and a
 * count of set-ups in progress bounds the concurrency. A refused caller is given a place in a
 * virtual queue drained at the admission rate: {@code Retry-After} is the time until its place
 * comes up, plus up to a quarter of that (at least a second) of random spread, capped at
 * {@code retryAfterMax}. So 10,000 agents refused together are told to come back spread over
 * about 10,000 / rate seconds, not all at the same second.
 */
public final class AdmissionGate {
    private static final long SECOND = 1_000_000_000L;

    /** The outcome of {@link #enter}: admitted (call {@link #leave} when set up) or refused for {@code retryAfterSeconds}. */
    public record Decision(boolean admitted, int retryAfterSeconds) {
        static final Decision ADMITTED = new Decision(true, 0);
    }

    private final Admission limits;
    private final RandomGenerator random;
    private final long nanosPerToken;
    private long tokensNanos;      // tokens held, in nanoseconds of refill (one token = nanosPerToken)
    private long lastNanos;
    private long queueEndNanos;    // when the refused callers queued so far have all had their turn
    private int inProgress;

    public AdmissionGate(Admission limits, RandomGenerator random, long nowNanos) {
        this.limits = limits;
        this.random = random;
        this.nanosPerToken = SECOND / limits.perSecond();
        this.tokensNanos = SECOND;
        this.lastNanos = nowNanos;
        this.queueEndNanos = nowNanos;
    }

    /** A connection asks to be set up at {@code nowNanos} (a monotonic clock). */
    public synchronized Decision enter(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = Math.max(lastNanos, nowNanos);
        tokensNanos = Math.min(SECOND, tokensNanos + elapsed);
        if (inProgress < limits.concurrent() && tokensNanos >= nanosPerToken) {
            tokensNanos -= nanosPerToken;
            inProgress++;
            return Decision.ADMITTED;
        }
        long cap = limits.retryAfterMax() * SECOND;
        queueEndNanos = Math.min(Math.max(queueEndNanos, lastNanos) + nanosPerToken, lastNanos + cap);
        double wait = (queueEndNanos - lastNanos) / (double) SECOND;
        double spread = Math.max(1, wait / 4) * random.nextDouble();
        int seconds = (int) Math.min(limits.retryAfterMax(), Math.max(1, Math.ceil(wait + spread)));
        return new Decision(false, seconds);
    }

    /** An admitted connection has been set up (or failed to be). */
    public synchronized void leave() {
        if (inProgress == 0) throw new IllegalStateException("leave() without an admitted enter()");
        inProgress--;
    }

    synchronized int inProgress() {
        return inProgress;
    }
}
