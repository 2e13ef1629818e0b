package tillbridge.hub;

import java.time.Duration;
import java.util.Objects;
import tillbridge.common.io.Problems;

/**
 * The hub's clocks (docs/architecture.md, "Timings"). Defaults: ping 120 s (agent may ask 5..300 s),
 * stream dead after 150 s without a successful write, long poll answers empty after 110 s,
 * box-office event streams keep-alive every 30 s, registration codes valid 24 h.
 */
public record Timings(Duration pingDefault, Duration pingMin, Duration pingMax, Duration deadAfter,
                      Duration pollTimeout, Duration followerPing, Duration codeValidity) {
    public Timings {
        Objects.requireNonNull(pingDefault, "pingDefault");
        Objects.requireNonNull(codeValidity, "codeValidity");
        if (pingMin.isNegative() || pingMin.isZero() || pingMin.compareTo(pingMax) > 0) {
            throw new IllegalArgumentException("ping bounds must satisfy 0 < min <= max, were " + pingMin + ".." + pingMax);
        }
        if (pingDefault.compareTo(pingMin) < 0 || pingDefault.compareTo(pingMax) > 0) {
            throw new IllegalArgumentException("default ping " + pingDefault + " outside " + pingMin + ".." + pingMax);
        }
        if (pollTimeout.isNegative() || pollTimeout.isZero()) throw new IllegalArgumentException("poll timeout must be > 0, was " + Problems.seconds(pollTimeout));
        if (deadAfter.compareTo(pingDefault) <= 0) {
            throw new IllegalArgumentException("dead-after " + deadAfter + " must exceed the default ping " + pingDefault);
        }
        if (followerPing.isNegative() || followerPing.isZero()) throw new IllegalArgumentException("follower ping must be > 0");
    }

    public static Timings defaults() {
        return new Timings(Duration.ofSeconds(120), Duration.ofSeconds(5), Duration.ofSeconds(300), Duration.ofSeconds(150),
                Duration.ofSeconds(110), Duration.ofSeconds(30), Duration.ofHours(24));
    }

    public Timings withPollTimeout(Duration d) {
        return new Timings(pingDefault, pingMin, pingMax, deadAfter, d, followerPing, codeValidity);
    }

    public Timings withPingMin(Duration d) {
        return new Timings(pingDefault, d, pingMax, deadAfter, pollTimeout, followerPing, codeValidity);
    }

    public Timings withFollowerPing(Duration d) {
        return new Timings(pingDefault, pingMin, pingMax, deadAfter, pollTimeout, d, codeValidity);
    }

    /**
     * How long a stream with ping period {@code ping} may go without a successful write: the
     * configured dead-after (150 s), or ping + 30 s when the agent asked for a longer ping.
     */
    public Duration deadAfter(Duration ping) {
        Duration p = ping.plusSeconds(30);
        return p.compareTo(deadAfter) > 0 ? p : deadAfter;
    }
}
