package tillbridge.frob.session;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The terminal software's L1 "unavailable for N seconds": while the period runs, frob answers new
 * sales and application starts itself (994) instead of forwarding them.
 */
final class Unavailability {
    private final LongSupplier clock;
    /** The period's end on {@link #clock}; at or before now: available. */
    private long until;
    private String reason = "";

    Unavailability(LongSupplier nanoClock) {
        this.clock = nanoClock;
        this.until = nanoClock.getAsLong();
    }

    /** Starts a period of {@code seconds} (0 ends the current one). */
    void set(int seconds, String reason) {
        until = clock.getAsLong() + TimeUnit.SECONDS.toNanos(seconds);
        this.reason = reason;
    }

    /** Empty when the terminal software is available; else the text of the 994 answer, with the seconds left (rounded up). */
    Optional<String> answer() {
        long left = until - clock.getAsLong();
        if (left <= 0) return Optional.empty();
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left + TimeUnit.SECONDS.toNanos(1) - 1));
        return Optional.of("terminal unavailable for " + seconds + " s" + (reason.isEmpty() ? "" : ": " + reason));
    }
}
