package tillbridge.hub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves forward: the system clock plus an offset (a running hub, for expiry
 * checks), or one standing still until moved (rules decided to the millisecond).
 */
public final class TestClock extends Clock {
    /** Null: follows the system clock. */
    private final Instant standing;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public TestClock() {
        this(null);
    }

    private TestClock(Instant standing) {
        this.standing = standing;
    }

    /** A clock at {@code at} that moves only through {@link #advance}. */
    public static TestClock standingAt(Instant at) {
        return new TestClock(at);
    }

    public void advance(Duration d) {
        offset.updateAndGet(o -> o.plus(d));
    }

    @Override
    public Instant instant() {
        return (standing == null ? Instant.now() : standing).plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
