package tillbridge.frob.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UnavailabilityTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final Unavailability u = new Unavailability(now::get);

    @Test
    void availableUntilTheTerminalSoftwareSaysOtherwise() {
        assertThat(u.answer()).isEmpty();
        assertThat(new Unavailability(() -> -5_000_000_000L).answer()).as("nanoTime may be negative").isEmpty();
    }

    @Test
    void answersWithTheSecondsLeftRoundedUpAndTheReason() {
        u.set(30, "paper out");
        assertThat(u.answer()).contains("terminal unavailable for 30 s: paper out");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(29_001));
        assertThat(u.answer()).contains("terminal unavailable for 1 s: paper out");
    }

    @Test
    void thePeriodEndsByItselfOrWithZero() {
        u.set(5, "");
        assertThat(u.answer()).contains("terminal unavailable for 5 s");
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertThat(u.answer()).isEmpty();
        u.set(60, "update");
        u.set(0, "");
        assertThat(u.answer()).isEmpty();
    }
}
