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
    private boolean active;
    private long until;
    private String reason = "";

    Unavailability(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    /** Starts a period of {@code seconds} (0 ends the current one). */
    void set(int seconds, String reason) {
        active = seconds > 0;
        until = clock.getAsLong() + TimeUnit.SECONDS.toNanos(seconds);
        this.reason = reason;
    }

    /** Empty when the terminal software is available; else the text of the 994 answer, with the seconds left (rounded up). */
    Optional<String> answer() {
        if (active && clock.getAsLong() - until >= 0) active = false;
        if (!active) return Optional.empty();
        long left = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(until - clock.getAsLong() + TimeUnit.SECONDS.toNanos(1) - 1));
        return Optional.of("terminal unavailable for " + left + " s" + (reason.isEmpty() ? "" : ": " + reason));
    }
}
