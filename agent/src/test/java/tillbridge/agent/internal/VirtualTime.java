package tillbridge.agent.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * A clock that only moves when someone sleeps: each sleep returns at once, the time advanced by
 * its length. {@link #onSleep} lets a test change the world after the n-th sleep.
 */
final class VirtualTime implements Time {
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private volatile Instant now;
    private volatile IntConsumer onSleep = n -> { };

    VirtualTime(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration d) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        now = now.plus(d);
        sleeps.add(d);
        onSleep.accept(sleeps.size());
    }

    /** Runs {@code action} with the number of sleeps so far after each sleep. */
    void onSleep(IntConsumer action) {
        this.onSleep = action;
    }

    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** This time as a {@link Clock}, for the journal's record times. */
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }
}
