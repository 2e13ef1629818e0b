package tillbridge.agent.internal;

import java.util.Optional;
import java.util.Set;

/**
 * Notices what breaks a hub connection without the agent seeing it break: the machine slept (the
 * wall clock ran on while the monotonic clock stood still) or the network changed (the machine's
 * addresses are not the ones it had). A connection that outlived either is most likely dead, and
 * waiting for the missed ping to prove it would cost up to a ping period and its grace. A pure
 * rule: the clocks and addresses are passed in.
 */
public final class Disturbances {
    /** More than this between the two clocks' progress is a sleep, not a clock adjustment by NTP. */
    static final long SLEEP_MILLIS = 5_000;

    private long wall;
    private long mono;
    private Set<String> addresses;

    public Disturbances(long wallMillis, long monoMillis, Set<String> addresses) {
        this.wall = wallMillis;
        this.mono = monoMillis;
        this.addresses = Set.copyOf(addresses);
    }

    /** Compares with the last look; returns why the connection should be made again now, if it should. */
    public Optional<String> look(long wallMillis, long monoMillis, Set<String> now) {
        long slept = (wallMillis - wall) - (monoMillis - mono);
        wall = wallMillis;
        mono = monoMillis;
        Set<String> before = addresses;
        addresses = Set.copyOf(now);
        if (slept > SLEEP_MILLIS) return Optional.of("the machine resumed after about " + Math.round(slept / 1000.0) + " s asleep");
        if (!before.equals(addresses)) return Optional.of("the network changed (addresses " + sorted(before) + " -> " + sorted(addresses) + ")");
        return Optional.empty();
    }

    private static String sorted(Set<String> s) {
        return s.isEmpty() ? "none" : String.join(", ", s.stream().sorted().toList());
    }
}
