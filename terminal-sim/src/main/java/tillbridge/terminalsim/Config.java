package tillbridge.terminalsim;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the simulated terminal.
 *
 * @param step pause after each I1 status (default 300 ms)
 * @param slow extra wait before the authorisation step of a "slow" amount (default 10 s)
 * @param mid merchant id put in every S2
 * @param tid terminal id put in every S2
 */
public record Config(Duration step, Duration slow, String mid, String tid) {
    public static final Duration DEFAULT_STEP = Duration.ofMillis(300);
    public static final Duration DEFAULT_SLOW = Duration.ofSeconds(10);
    public static final String DEFAULT_MID = "M00012345";
    public static final String DEFAULT_TID = "T0001234";

    public Config {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(slow, "slow");
        if (step.isNegative()) throw new IllegalArgumentException("step must be >= 0, was " + step.toMillis() + " ms");
        if (slow.isNegative()) throw new IllegalArgumentException("slow must be >= 0, was " + slow.toMillis() + " ms");
        mid = checkId("mid", mid);
        tid = checkId("tid", tid);
    }

    public static Config defaults() {
        return new Config(DEFAULT_STEP, DEFAULT_SLOW, DEFAULT_MID, DEFAULT_TID);
    }

    /** S2 mid and tid are text fields of at most 20 printable ASCII characters. */
    private static String checkId(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty() || value.length() > 20 || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E))
            throw new IllegalArgumentException(name + " must be 1-20 printable ASCII characters, was '" + value + "'");
        return value;
    }
}
