package tillbridge.hub.internal;

import java.util.random.RandomGenerator;
import tillbridge.hub.Admission;

/**
 * Decides whether an agent (re)connection is set up now or told to come back later (pure: time
 * and randomness passed in, no threads).
 *
 * <p>A token bucket ({@code perSecond}, holding at most one second's worth) bounds the rate and a
 * count of set-ups in progress bounds the concurrency. A refused caller is given a place in a
 * virtual queue drained at the rate connections are really set up: the admission rate, or, when
 * the set-ups in progress are what is full, as many as finished in the last whole second (the
 * database, not the admission rate, is the limit then). {@code Retry-After} is the time until its
 * place comes up, plus up to a quarter of that (at least a second) of random spread, capped at
 * {@code retryAfterMax}. So 10,000 agents refused together are told to come back spread over
 * about 10,000 / rate seconds, not all at the same second. Callers whose place would lie beyond
 * {@code retryAfterMax} are told a uniformly random second up to it: the drain rate measured in
 * a node's first seconds (a cold JVM) is far below what it serves a few seconds later, and a
 * queue booked at that rate would leave the node idle while its agents wait.
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
    private long windowStartNanos; // the current whole second of finished set-ups
    private int finishedInWindow;
    private int finishedLastSecond = -1; // -1: no whole second seen yet

    public AdmissionGate(Admission limits, RandomGenerator random, long nowNanos) {
        this.limits = limits;
        this.random = random;
        this.nanosPerToken = SECOND / limits.perSecond();
        this.tokensNanos = SECOND;
        this.lastNanos = nowNanos;
        this.queueEndNanos = nowNanos;
        this.windowStartNanos = nowNanos;
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
        long perPlace = nanosPerToken;
        if (inProgress >= limits.concurrent()) {
            roll(lastNanos);
            int drained = finishedLastSecond < 0 ? limits.concurrent() : Math.max(1, finishedLastSecond);
            perPlace = Math.max(nanosPerToken, SECOND / drained);
        }
        long place = Math.max(queueEndNanos, lastNanos) + perPlace;
        if (place > lastNanos + cap) {
            // the queue reaches past the longest wait told: spread the overflow evenly over that wait
            // instead of telling all of it the same last second (the node idle until then if it sped
            // up meanwhile, as a cold JVM does, then a herd); whoever is refused again is spread again
            queueEndNanos = lastNanos + cap;
            return new Decision(false, 1 + random.nextInt(limits.retryAfterMax()));
        }
        queueEndNanos = place;
        double wait = (queueEndNanos - lastNanos) / (double) SECOND;
        double spread = Math.max(1, wait / 4) * random.nextDouble();
        int seconds = (int) Math.min(limits.retryAfterMax(), Math.max(1, Math.ceil(wait + spread)));
        return new Decision(false, seconds);
    }

    /** An admitted connection has been set up (or failed to be) at {@code nowNanos}. */
    public synchronized void leave(long nowNanos) {
        if (inProgress == 0) throw new IllegalStateException("leave() without an admitted enter()");
        inProgress--;
        roll(nowNanos);
        finishedInWindow++;
    }

    /** Moves the one-second window of finished set-ups on to {@code nowNanos}. */
    private void roll(long nowNanos) {
        long elapsed = nowNanos - windowStartNanos;
        if (elapsed < SECOND) return;
        finishedLastSecond = elapsed < 2 * SECOND ? finishedInWindow : 0;
        finishedInWindow = 0;
        windowStartNanos = nowNanos - elapsed % SECOND;
    }

    synchronized int inProgress() {
        return inProgress;
    }
}
