package tillbridge.agent.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits between the attempts of one job until its deadline (pure: time passed in, no threads):
 * {@code first}, doubling up to {@code max}; the last wait is cut so that one attempt is made at
 * the deadline itself; an attempt that fails at or after the deadline is the last.
 *
 * <p>Used for a terminal that did not take the S1 (the payment is tried again until its start
 * deadline) and for a payment whose outcome is unknown (the terminal is asked again until the
 * recovery deadline).
 */
final class Backoff {
    private final Duration max;
    private final Instant deadline;
    private Duration next;

    Backoff(Duration first, Duration max, Instant deadline) {
        if (!first.isPositive() || max.compareTo(first) < 0) throw new IllegalArgumentException("need 0 < first <= max");
        this.next = first;
        this.max = max;
        this.deadline = deadline;
    }

    Instant deadline() {
        return deadline;
    }

    /** An attempt failed at {@code now}: how long to wait before the next one, or empty when it was the last. */
    Optional<Duration> failed(Instant now) {
        if (!now.isBefore(deadline)) return Optional.empty();
        Duration left = Duration.between(now, deadline);
        Duration wait = next.compareTo(left) < 0 ? next : left;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) < 0 ? doubled : max;
        return Optional.of(wait);
    }
}
